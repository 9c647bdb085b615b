import { z } from 'zod';
import type { TwoFactorEvent } from '../playwright/index.js';

/** The annotation type a login's record travels under, from the worker to the reporter. */
export const LOGIN_ANNOTATION = 'pw2fa-login';

/** Why a login failed, in the words of the report. */
export type FailureCause =
  | 'no prompt'
  | 'no source'
  | 'code never came'
  | 'rejected'
  | 'could not type'
  | 'aborted'
  | 'other';

const CAUSES: Record<string, FailureCause> = {
  PW2FA_NO_PROMPT: 'no prompt',
  PW2FA_NO_SOURCE: 'no source',
  PW2FA_UNKNOWN_ACCOUNT: 'no source',
  PW2FA_NO_RECOVERY_CODE: 'no source',
  PW2FA_NO_PASSKEY: 'no source',
  PW2FA_TIMEOUT: 'code never came',
  PW2FA_NOT_APPROVED: 'code never came',
  PW2FA_CODE_REJECTED: 'rejected',
  PW2FA_PASSKEY_REJECTED: 'rejected',
  PW2FA_FILL_FAILED: 'could not type',
  PW2FA_ABORTED: 'aborted',
};

/** One `handle()` call as the report sees it: timings and outcome, never a code. */
export const loginRecordSchema = z.object({
  kind: z.string().nullable(),
  channel: z.string().nullable(),
  /** Prompt seen → code received from the channel. */
  promptToCodeMs: z.number().nullable(),
  /** Code received → the page accepted it. */
  codeToAcceptedMs: z.number().nullable(),
  /** Prompt seen → accepted (or → gave up). */
  loginMs: z.number().nullable(),
  attempts: z.number().int(),
  ok: z.boolean(),
  cause: z.string().nullable(),
  /** The error's stable code when it failed. */
  errorCode: z.string().nullable(),
});
export type LoginRecord = z.infer<typeof loginRecordSchema>;

interface Open {
  kind: string | null;
  channel: string | null;
  promptAt: number | null;
  codeAt: number | null;
  attempts: number;
}

/**
 * Turns the engine's events into one {@link LoginRecord} per login. Fed by the fixture's `onEvent`; costs a
 * few object writes per event. Events carry no code, so neither do records.
 *
 * @example
 * const recorder = new LoginRecorder();
 * new TwoFactor(page, { onEvent: recorder.onEvent });
 * recorder.take(); // [{ kind: 'totp', channel: 'vault:github', attempts: 1, ok: true, … }]
 */
export class LoginRecorder {
  #open: Open | undefined;
  #done: LoginRecord[] = [];
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  readonly onEvent = (event: TwoFactorEvent): void => {
    const now = this.#now();
    if (event.type === 'prompt') {
      if (this.#open)
        this.#open.kind = event.kind; // the prompt again: same login
      else this.#open = { kind: event.kind, channel: null, promptAt: now, codeAt: null, attempts: 0 };
      return;
    }
    this.#open ??= { kind: null, channel: null, promptAt: null, codeAt: null, attempts: 0 };
    const open = this.#open;
    if (event.type === 'code') {
      open.channel = event.channel;
      open.codeAt ??= now;
    } else if (event.type === 'filled') open.attempts++;
    else if (event.type === 'verified') this.#close(open, now, null);
    else if (event.type === 'failed') this.#close(open, now, event.code);
  };

  #close(open: Open, now: number, errorCode: string | null): void {
    const since = (from: number | null) => (from === null ? null : Math.round(now - from));
    const ok = errorCode === null;
    this.#done.push({
      kind: open.kind,
      channel: open.channel,
      promptToCodeMs:
        open.codeAt !== null && open.promptAt !== null ? Math.round(open.codeAt - open.promptAt) : null,
      codeToAcceptedMs: ok ? since(open.codeAt) : null,
      loginMs: since(open.promptAt),
      attempts: Math.max(open.attempts, ok ? 1 : 0),
      ok,
      cause: ok ? null : (CAUSES[errorCode] ?? 'other'),
      errorCode,
    });
    this.#open = undefined;
  }

  /** The finished logins since the last call. */
  take(): LoginRecord[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }
}
