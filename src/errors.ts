/**
 * Every error this library throws on purpose is a {@link TwoFactorError} with a stable `code`,
 * so callers branch on `error.code` instead of parsing messages. Messages say what was sought,
 * what was found and what to do — and never contain a secret or a one-time code.
 */

/** Stable error codes. Add new ones at the end; never rename one that has shipped. */
export type TwoFactorErrorCode =
  | 'PW2FA_BAD_URI'
  | 'PW2FA_BAD_SECRET'
  | 'PW2FA_BAD_OPTION'
  | 'PW2FA_UNKNOWN_ACCOUNT'
  | 'PW2FA_VAULT_KEY_MISSING'
  | 'PW2FA_VAULT_KEY_MISMATCH'
  | 'PW2FA_VAULT_CORRUPT'
  | 'PW2FA_VAULT_LOCKED'
  | 'PW2FA_NO_RECOVERY_CODE'
  | 'PW2FA_NO_PROMPT'
  | 'PW2FA_TIMEOUT'
  | 'PW2FA_ABORTED'
  | 'PW2FA_PAGE_CLOSED'
  | 'PW2FA_CODE_REJECTED'
  | 'PW2FA_NO_BROWSER'
  | 'PW2FA_NO_QR'
  | 'PW2FA_BAD_IMAGE'
  | 'PW2FA_LINK_USED'
  | 'PW2FA_NO_SOURCE'
  | 'PW2FA_FILL_FAILED'
  | 'PW2FA_RELAY_KEY_MISSING'
  | 'PW2FA_RELAY_REJECTED'
  | 'PW2FA_RELAY_UNREACHABLE'
  | 'PW2FA_CHANNEL_FAILED'
  | 'PW2FA_REDIS_UNAVAILABLE'
  | 'PW2FA_NO_PASSKEY'
  | 'PW2FA_PASSKEY_REJECTED'
  | 'PW2FA_NOT_APPROVED'
  | 'PW2FA_BAD_CONFIG'
  | 'PW2FA_NO_PAGE'
  | 'PW2FA_SCRUB_FAILED'
  /** After the code (or passkey) was submitted, the site showed a logged-out or sign-in page. */
  | 'PW2FA_LOGGED_OUT';

/**
 * Base class of every error the library throws on purpose.
 *
 * @example
 * try { await vault.get('github') } catch (e) {
 *   if (e instanceof TwoFactorError && e.code === 'PW2FA_UNKNOWN_ACCOUNT') { ... }
 * }
 */
export class TwoFactorError extends Error {
  override name = 'TwoFactorError';
  readonly code: TwoFactorErrorCode;

  constructor(code: TwoFactorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Thrown when a wait (prompt, code, lock) runs out of time; `cause` holds the last failure seen. */
export class TwoFactorTimeoutError extends TwoFactorError {
  override name = 'TwoFactorTimeoutError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('PW2FA_TIMEOUT', message, options);
  }
}

/** Thrown when a wait is cancelled through its `AbortSignal`. */
export class TwoFactorAbortError extends TwoFactorError {
  override name = 'TwoFactorAbortError';

  constructor(message = 'The wait was aborted.', options?: { cause?: unknown }) {
    super('PW2FA_ABORTED', message, options);
  }
}

/** True for errors thrown on purpose by this library (as opposed to bugs or I/O failures). */
export function isTwoFactorError(error: unknown): error is TwoFactorError {
  return error instanceof TwoFactorError;
}
