import { setTimeout as sleep } from 'node:timers/promises';
import { TwoFactorAbortError } from '../errors.js';
import type { Lease, QueuePlace } from './coordinator.js';

/**
 * Polls a queue place until it takes the lease. Polls every 15–50 ms, jittered so waiters do not poll in
 * lock-step; `onPosition` hears the position each time it moves forward (a place only moves back for a
 * moment, e.g. between a holder taking the lock file and removing its ticket). Aborting leaves the queue.
 *
 * @example
 * const lease = await waitInQueue(place, signal, (position) => console.log(`${position - 1} ahead`));
 */
export async function waitInQueue(
  place: QueuePlace,
  signal: AbortSignal | undefined,
  onPosition: (position: number) => void,
  what = 'this account’s turn',
): Promise<Lease> {
  let last: number | undefined;
  try {
    for (;;) {
      if (signal?.aborted)
        throw new TwoFactorAbortError(`Waiting for ${what} was aborted.`, { cause: signal.reason });
      const answer = await place.poll();
      if (typeof answer !== 'number') return answer;
      if (last === undefined || answer < last) {
        onPosition(answer);
        last = answer;
      }
      try {
        await sleep(15 + Math.random() * 35, undefined, signal ? { signal } : {});
      } catch (error) {
        throw new TwoFactorAbortError(`Waiting for ${what} was aborted.`, { cause: error });
      }
    }
  } catch (error) {
    await place.leave();
    throw error;
  }
}
