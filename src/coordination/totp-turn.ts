import { createHash } from 'node:crypto';
import type { OtpAccount } from '../otp/account.js';
import { type FreshCode, freshCode } from '../otp/freshness.js';
import type { Coordinator } from './coordinator.js';
import { waitForLease } from './wait-for-lease.js';

/**
 * One TOTP window, handed to one login at a time. Sites that follow RFC 6238 §5.2 accept a time step once
 * and then only later ones, so two workers sharing an account must not submit codes from the same window —
 * nor a later worker an earlier window. A turn holds the account's lease from choosing the window until the
 * site has answered; the next worker then takes a window after the last one spent.
 */

/** How long a crashed holder blocks the account before its lease is taken over. */
export const DEFAULT_LEASE_TTL_MS = 6000;

export interface TotpTurnOptions {
  coordinator: Coordinator;
  account: OtpAccount;
  signal?: AbortSignal;
  /** Skip windows with less than this left (see `freshCode`). */
  minRemainingMs?: number;
  /** A window already rejected by the site: take a later one. */
  afterWindow?: number;
  leaseTtlMs?: number;
  /** This machine's clock, for tests that simulate skew (default `Date.now`). */
  clock?: () => number;
}

export interface TotpTurn extends FreshCode {
  /** Hands the account to the next login; call once the site has answered. Idempotent. */
  release(): Promise<void>;
}

/**
 * Where an account's lease and spent window live: a hash of the secret, so the same account stored under
 * different labels on different machines is one account, and the key reveals nothing about the secret.
 *
 * @example
 * accountScope(account) // 'totp:4f1c…' (32 hex characters)
 */
export function accountScope(account: OtpAccount): string {
  const digest = createHash('sha256')
    .update(`pw2fa-totp-window\0${account.algorithm}\0${account.period}\0${account.secret}`)
    .digest('hex');
  return `totp:${digest.slice(0, 32)}`;
}

/**
 * Waits for the account's lease, then for a window after the last one spent, and returns its code.
 *
 * @example
 * const turn = await takeTotpTurn({ coordinator, account, signal });
 * try { await submit(turn.code) } finally { await turn.release() }
 */
export async function takeTotpTurn(opts: TotpTurnOptions): Promise<TotpTurn> {
  const { coordinator, account, signal } = opts;
  const scope = accountScope(account);
  const ttl = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const lease = await waitForLease(coordinator, scope, ttl, signal, 'this account’s turn to log in');
  try {
    const clock = opts.clock ?? Date.now;
    // The shared clock decides the window; this machine's clock only measures time since asking.
    const offset = (await coordinator.now()) - clock();
    const now = clock() + offset;
    let spent = await coordinator.read(`${scope}:spent`);
    // Forgotten by a restarted store: the current window may have been spent just before; skip it.
    if (spent === null && coordinator.mayHaveLostState()) spent = now - (now % (account.period * 1000));
    const after = Math.max(spent ?? Number.NEGATIVE_INFINITY, opts.afterWindow ?? Number.NEGATIVE_INFINITY);
    const fresh = await freshCode(account, {
      now: () => clock() + offset,
      ...(signal ? { signal } : {}),
      ...(opts.minRemainingMs !== undefined ? { minRemainingMs: opts.minRemainingMs } : {}),
      ...(Number.isFinite(after) ? { afterWindow: after } : {}),
    });
    // Kept for a while after the window closes: a turn must never go back to an earlier window.
    await coordinator.write(`${scope}:spent`, fresh.window, Math.max(10 * account.period * 1000, 120_000));
    return { ...fresh, release: () => lease.release() };
  } catch (error) {
    await lease.release();
    throw error;
  }
}
