import { timingSafeEqual } from 'node:crypto';
import { HOTP, TOTP, URI } from 'otpauth';
import { DEMO_ACCOUNTS, type DemoAccount } from './accounts.js';
import type { Session } from './sessions.js';
import type { UserStore } from './users.js';

/** The outcome of one submitted code; anything but `ok` re-renders the prompt with a message. */
export type Verdict = 'ok' | 'invalid' | 'expired' | 'reused';

/** TOTP windows accepted either side of now (RFC 6238 §5.2 suggests at most one for network delay). */
const TOTP_WINDOW = 1;
/** HOTP look-ahead: presses of the token's button the site tolerates without a sign-in (RFC 4226 §7.4). */
const HOTP_LOOK_AHEAD = 10;

/** Users type `123 456` or `123-456`; the site compares digits only. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parse(otpauth: string): TOTP | HOTP {
  return URI.parse(otpauth);
}

/**
 * The TOTP time step a code belongs to (now ±{@link TOTP_WINDOW}), or `null` when it matches none.
 *
 * @example
 * matchTotp(DEMO_ACCOUNTS.totp.otpauth, '123456', Date.now()) // → 58712345 | null
 */
export function matchTotp(otpauth: string, code: string, at = Date.now()): number | null {
  const otp = parse(otpauth);
  if (!(otp instanceof TOTP)) return null;
  if (code.length !== otp.digits || !/^\d+$/.test(code)) return null;
  const delta = otp.validate({ token: code, timestamp: at, window: TOTP_WINDOW });
  return delta === null ? null : otp.counter({ timestamp: at }) + delta;
}

/** The HOTP counter a code belongs to, searching `counter … counter + 10`, or `null`. */
export function matchHotp(otpauth: string, code: string, counter: number): number | null {
  const otp = parse(otpauth);
  if (!(otp instanceof HOTP)) return null;
  if (code.length !== otp.digits || !/^\d+$/.test(code)) return null;
  for (let candidate = counter; candidate <= counter + HOTP_LOOK_AHEAD; candidate++) {
    if (safeEqual(otp.generate({ counter: candidate }), code)) return candidate;
  }
  return null;
}

function accountOf(session: Session): DemoAccount {
  return DEMO_ACCOUNTS[session.variant];
}

/**
 * Checks an authenticator-app code for the session's user and applies the variant's rules: HOTP counter
 * advance (`hotp`), one turned-away correct code (`retry`), one use per time step (`no-reuse`, `shared`).
 */
export function verifyAppCode(users: UserStore, session: Session, submitted: string): Verdict {
  const code = normaliseCode(submitted);
  const user = users.get(session.username);
  const otpauth = user.enrolled?.otpauth ?? accountOf(session).otpauth;
  if (!otpauth) return 'invalid';
  if (session.variant === 'hotp') {
    const matched = matchHotp(otpauth, code, user.hotpCounter);
    if (matched === null) return 'invalid';
    user.hotpCounter = matched + 1;
    return 'ok';
  }
  const step = matchTotp(otpauth, code);
  if (step === null) return 'invalid';
  if (session.variant === 'retry' && !session.rejectedOnce) {
    session.rejectedOnce = true;
    return 'expired';
  }
  if (session.variant === 'no-reuse' || session.variant === 'shared') {
    if (step <= user.lastTotpStep) return 'reused';
    user.lastTotpStep = step;
  }
  return 'ok';
}

/** Recovery codes are case-insensitive, spaces ignored, and each one is accepted once. */
export function verifyRecoveryCode(users: UserStore, session: Session, submitted: string): boolean {
  const code = submitted.replace(/\s/g, '').toLowerCase();
  const user = users.get(session.username);
  const codes = user.enrolled?.recoveryCodes ?? accountOf(session).recoveryCodes ?? [];
  const found = codes.find((candidate) => safeEqual(candidate, code));
  if (!found || user.usedRecoveryCodes.has(found)) return false;
  user.usedRecoveryCodes.add(found);
  return true;
}

/** Whether the session's user has recovery codes to offer. */
export function hasRecoveryCodes(users: UserStore, session: Session): boolean {
  return Boolean(users.get(session.username).enrolled ?? accountOf(session).recoveryCodes);
}
