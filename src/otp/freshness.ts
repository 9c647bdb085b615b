import { setTimeout as sleep } from 'node:timers/promises';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import type { OtpAccount } from './account.js';
import { type GeneratedCode, generateCode, windowStart } from './generate.js';

/** Below this much time left in a window, typing + submitting may land in the next one. */
export const DEFAULT_MIN_REMAINING_MS = 3000;

export interface FreshCodeOptions {
  /** Wait for the next window when less than this is left (default 3 s, at most a third of the period). */
  minRemainingMs?: number;
  /** Only accept a window that starts after this epoch-ms window start (one already used or rejected). */
  afterWindow?: number;
  signal?: AbortSignal;
  /** Clock, for tests. */
  now?: () => number;
}

/** A code plus the window it belongs to, so callers can record which window they spent. */
export interface FreshCode extends GeneratedCode {
  /** Epoch ms at which this code's window began (`NaN` for HOTP). */
  window: number;
}

/**
 * How long to wait before a code can be generated that has at least `minRemainingMs` left and belongs to
 * a window after `afterWindow`. Pure: decides, does not wait.
 *
 * @example
 * msUntilFreshWindow(30, 29_000, { minRemainingMs: 3000 }) // 1000 (wait for the window at 30 s)
 */
export function msUntilFreshWindow(
  periodSeconds: number,
  now: number,
  opts: { minRemainingMs?: number; afterWindow?: number } = {},
): number {
  const periodMs = periodSeconds * 1000;
  const minRemaining = Math.min(opts.minRemainingMs ?? DEFAULT_MIN_REMAINING_MS, periodMs / 3);
  let start = windowStart(periodSeconds, now);
  if (opts.afterWindow !== undefined && start <= opts.afterWindow)
    start = windowStart(periodSeconds, opts.afterWindow) + periodMs;
  if (start <= now && start + periodMs - now < minRemaining) start += periodMs;
  return Math.max(0, start - now);
}

/**
 * Generates a TOTP code that will still be valid when it reaches the site: when too little of the window
 * is left (or the window was already spent), waits for the next one. HOTP codes are returned at once.
 *
 * @example
 * const { code, window } = await freshCode(account, { signal });
 */
export async function freshCode(account: OtpAccount, opts: FreshCodeOptions = {}): Promise<FreshCode> {
  const now = opts.now ?? Date.now;
  if (opts.minRemainingMs !== undefined && !(opts.minRemainingMs >= 0)) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `minRemainingMs` to be a non-negative number.');
  }
  if (account.type === 'hotp') return { ...generateCode(account), window: Number.NaN };
  const wait = msUntilFreshWindow(account.period, now(), opts);
  if (wait > 0) {
    try {
      // A few ms past the boundary so clocks that round differently agree on the new window.
      await sleep(wait + 5, undefined, opts.signal ? { signal: opts.signal } : {});
    } catch (error) {
      throw new TwoFactorAbortError('Waiting for the next TOTP window was aborted.', { cause: error });
    }
  }
  const at = now();
  return { ...generateCode(account, { at }), window: windowStart(account.period, at) };
}
