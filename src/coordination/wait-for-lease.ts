import { setTimeout as sleep } from 'node:timers/promises';
import { TwoFactorAbortError } from '../errors.js';
import type { Coordinator, Lease } from './coordinator.js';

/**
 * Takes the lease on `key`, waiting while another worker holds it. Waiters retry every 15–50 ms, jittered
 * so they do not retry in lock-step; a holder that died loses the lease after `ttlMs`.
 *
 * @example
 * const lease = await waitForLease(coordinator, 'session:abc', 60_000, signal);
 * try { … } finally { await lease.release() }
 */
export async function waitForLease(
  coordinator: Coordinator,
  key: string,
  ttlMs: number,
  signal: AbortSignal | undefined,
  what = 'this account’s turn',
): Promise<Lease> {
  for (;;) {
    const lease = await coordinator.tryLease(key, ttlMs);
    if (lease) return lease;
    try {
      await sleep(15 + Math.random() * 35, undefined, signal ? { signal } : {});
    } catch (error) {
      throw new TwoFactorAbortError(`Waiting for ${what} was aborted.`, { cause: error });
    }
  }
}
