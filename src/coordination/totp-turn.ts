import { createHash } from 'node:crypto';
import type { OtpAccount } from '../otp/account.js';
import { type FreshCode, freshCode, msUntilFreshWindow } from '../otp/freshness.js';
import type { Coordinator, Lease } from './coordinator.js';
import { waitInQueue } from './wait-in-queue.js';

/**
 * One TOTP window, handed to one login at a time. Sites that follow RFC 6238 §5.2 accept a time step once
 * and then only later ones, so two workers sharing an account must not submit codes from the same window —
 * nor a later worker an earlier window. A turn holds the account's lease from choosing the window until the
 * site has answered; the next worker then takes a window after the last one spent. Waiters are served in
 * arrival order. The window is recorded only after every wait, in one step that checks the lease is still
 * held and the window still free, so a store that restarts meanwhile cannot hand it out twice.
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
  /**
   * Called when the turn must wait, and again whenever its position changes: `position` is the logins
   * ahead (the one logging in included) + 1, so 1 means "waiting for a free window".
   */
  onWait?: (wait: TotpWait) => void;
}

/** Progress of a waiting turn, e.g. for "login 5 of 8 for acme: waiting 62 s for a free window". */
export interface TotpWait {
  position: number;
  waitedMs: number;
}

export interface TotpTurn extends FreshCode {
  /** How long the turn waited for the lease and a free window, ms. */
  waitedMs: number;
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

/** Kept for a while after the window closes: a turn must never go back to an earlier window. */
function spentTtlMs(account: OtpAccount): number {
  return Math.max(10 * account.period * 1000, 120_000);
}

/**
 * Takes a window for the lease holder: after the floor, begun on the shared clock, recorded atomically.
 * Null when the lease was lost meanwhile (the store restarted or the holder stalled): queue again.
 */
async function spendWindow(
  opts: TotpTurnOptions,
  scope: string,
  lease: Lease,
  report: (position: number) => void,
): Promise<FreshCode | null> {
  const { coordinator, account, signal } = opts;
  const clock = opts.clock ?? Date.now;
  const periodMs = account.period * 1000;
  for (;;) {
    // The shared clock decides the window; this machine's clock only measures time since asking.
    const offset = (await coordinator.now()) - clock();
    const now = () => clock() + offset;
    const floor = await coordinator.spentFloor(scope, periodMs);
    const after = Math.max(floor ?? Number.NEGATIVE_INFINITY, opts.afterWindow ?? Number.NEGATIVE_INFINITY);
    const timing = {
      ...(opts.minRemainingMs !== undefined ? { minRemainingMs: opts.minRemainingMs } : {}),
      ...(Number.isFinite(after) ? { afterWindow: after } : {}),
    };
    if (account.type === 'totp' && msUntilFreshWindow(account.period, now(), timing) > 0) report(1);
    const fresh = await freshCode(account, { now, ...(signal ? { signal } : {}), ...timing });
    if (account.type !== 'totp') return fresh;
    const result = await coordinator.spend(lease, scope, fresh.window, periodMs, spentTtlMs(account));
    if (result === 'spent') return fresh;
    if (result === 'lease-lost') return null;
    // 'early': this machine's estimate of the shared clock ran a few ms ahead; 'taken': choose again.
    if (result === 'early') await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Waits for the account's turn (in arrival order), then for a window after the last one spent, and
 * returns its code.
 *
 * @example
 * const turn = await takeTotpTurn({ coordinator, account, signal, onWait: ({ position, waitedMs }) => … });
 * try { await submit(turn.code) } finally { await turn.release() }
 */
export async function takeTotpTurn(opts: TotpTurnOptions): Promise<TotpTurn> {
  const { coordinator, account, signal } = opts;
  const started = Date.now();
  const scope = accountScope(account);
  const ttl = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  let reported: number | undefined;
  const report = (position: number) => {
    if (position === reported) return;
    reported = position;
    opts.onWait?.({ position, waitedMs: Date.now() - started });
  };
  const place = await coordinator.joinQueue(scope, ttl);
  for (;;) {
    const lease = await waitInQueue(place, signal, report, 'this account’s turn to log in');
    try {
      const fresh = await spendWindow(opts, scope, lease, report);
      if (fresh) return { ...fresh, waitedMs: Date.now() - started, release: () => lease.release() };
    } catch (error) {
      await lease.release();
      await place.leave();
      throw error;
    }
    await lease.release();
  }
}
