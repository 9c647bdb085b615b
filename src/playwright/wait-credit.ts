import type { TwoFactorEvent } from './steps.js';

/** The part of Playwright Test's `testInfo` that holds the running test's timeout. */
export interface TimeoutHolder {
  /** The test's timeout in ms; 0 = none. */
  readonly timeout: number;
  setTimeout(timeout: number): void;
}

/** How often the time spent waiting is added while the wait goes on. */
const CREDIT_EVERY_MS = 250;

/** Feeds engine events in; `stop()` when the test ends. */
export interface WaitCredit {
  onEvent(event: TwoFactorEvent): void;
  stop(): void;
}

/**
 * Gives a test back the time it spent waiting for its account's TOTP turn: while a `turn-wait` is running,
 * the test's timeout grows by the time waited, every 250 ms (not at the end: a 30 s test that waits 62 s
 * would be over long before). Time spent typing, submitting and verifying still counts as usual.
 *
 * @example
 * const credit = creditTurnWaits(testInfo);
 * new TwoFactor(page, { onEvent: credit.onEvent }); … credit.stop();
 */
export function creditTurnWaits(holder: TimeoutHolder): WaitCredit {
  let ticker: ReturnType<typeof setInterval> | undefined;
  let last = 0;
  const credit = () => {
    const now = Date.now();
    // 0 means no timeout: nothing to extend.
    if (holder.timeout > 0) holder.setTimeout(holder.timeout + (now - last));
    last = now;
  };
  const stop = () => {
    if (ticker === undefined) return;
    credit();
    clearInterval(ticker);
    ticker = undefined;
  };
  return {
    onEvent(event) {
      if (event.type !== 'turn-wait') return;
      if (event.state === 'end') return stop();
      if (ticker !== undefined) return;
      // The wait began `waitedMs` ago (reported once it was noticeable): credit that part too.
      last = Date.now() - event.waitedMs;
      credit();
      ticker = setInterval(credit, CREDIT_EVERY_MS);
    },
    stop,
  };
}
