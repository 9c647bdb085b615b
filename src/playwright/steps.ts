/**
 * How the engine reports what it does. Fixtures pass Playwright Test's `test.step` here so each phase
 * shows in the report at the user's line; library users can pass a logger. Titles never hold a code.
 */
export type StepRunner = <T>(title: string, body: () => Promise<T>) => Promise<T>;

/** Runs the body as is: the default when no test runner is around. */
export const runWithoutSteps: StepRunner = (_title, body) => body();

/** The `channel` of a push sign-in approved through the user's `approve` hook (else `push`: a person). */
export const APPROVAL_HOOK_CHANNEL = 'approval-hook';

/** One thing that happened while handling a prompt, for progress output. Never carries a code. */
export type TwoFactorEvent =
  | { type: 'prompt'; kind: string; codeLength: number | null; frameUrl: string; confidence: number }
  | { type: 'waiting'; channel: string; identifier: string | undefined; remainingMs: number }
  | { type: 'code'; channel: string; receivedInMs: number }
  | { type: 'filled'; method: string; submit: string; filledInMs: number }
  | { type: 'rejected'; message: string; attempt: number }
  | { type: 'verified'; attempt: number }
  /** Waiting for a push sign-in to be approved; `matchNumber` is what the person taps (not a secret). */
  | { type: 'approval'; channel: string; matchNumber?: string; remainingMs: number }
  /** Switched from the authenticator to a recovery code. */
  | { type: 'recovery'; reason: 'no-authenticator' | 'fallback' }
  /** A recovery code was used and fewer than `warnBelow` are left. */
  | { type: 'recovery-low'; remaining: number }
  /** Ticked the prompt's "trust this device / don't ask again" box; `label` is its text. */
  | { type: 'remembered-device'; label: string }
  /** `handle()` gave up; `code` is the error's stable code (`PW2FA_TIMEOUT` …) or `unexpected`. */
  | { type: 'failed'; code: string }
  /**
   * No source answers the kind the page seemed to ask for (`detected`), so a configured one that answers a
   * code typed into the field is used instead (`channel`, asked for `asked`).
   */
  | { type: 'source-deferred'; detected: string; asked: string; channel: string }
  /**
   * Waiting for this account's turn at a TOTP window (other logins into the same account hold it): at the
   * start, every 15 s, and at the end. `position` (1 = next) and `queued` when the coordinator says them.
   */
  | {
      type: 'turn-wait';
      account: string;
      state: 'start' | 'waiting' | 'end';
      /** `turn`: other logins hold the account's windows; `window`: waiting for the clock only. */
      reason: 'turn' | 'window';
      waitedMs: number;
      position?: number;
      queued?: number;
    };

/** Masks a code for step titles and logs: `••••••`. */
export function maskCode(code: string): string {
  return '•'.repeat(code.length);
}
