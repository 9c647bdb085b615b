import { HOTP, Secret, TOTP } from 'otpauth';
import { TwoFactorError } from '../errors.js';
import type { OtpAccount } from './account.js';
import { normalizeBase32 } from './base32.js';

/** A generated one-time code and how long it stays current (`Infinity` for HOTP, which has no window). */
export interface GeneratedCode {
  code: string;
  remainingMs: number;
}

/** Reads `at` as epoch milliseconds; checks it up front so a bad value never yields a wrong code. */
export function toEpochMs(at: number | Date | undefined): number {
  if (at === undefined) return Date.now();
  const ms = at instanceof Date ? at.getTime() : at;
  if (!Number.isFinite(ms) || ms < 0) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected `at` to be a Date or a non-negative epoch time in ms.',
    );
  }
  return ms;
}

/**
 * Start (epoch ms) of the TOTP window that contains `at`.
 *
 * @example
 * windowStart(30, 59_000) // 30_000
 */
export function windowStart(periodSeconds: number, at: number): number {
  const periodMs = periodSeconds * 1000;
  return Math.floor(at / periodMs) * periodMs;
}

/**
 * Generates the current code for a TOTP account (RFC 6238) or the code for the stored counter of an
 * HOTP account (RFC 4226). For HOTP, advancing the counter is the caller's job — `vault.nextHotp()`
 * does it atomically.
 *
 * @example
 * const { code, remainingMs } = generateCode(account, { at: Date.now() });
 */
export function generateCode(account: OtpAccount, opts: { at?: number | Date } = {}): GeneratedCode {
  const secret = Secret.fromBase32(normalizeBase32(account.secret));
  const common = { secret, algorithm: account.algorithm, digits: account.digits };
  if (account.type === 'hotp') {
    if (!Number.isSafeInteger(account.counter) || account.counter < 0) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected the HOTP `counter` to be a non-negative whole number.',
      );
    }
    return {
      code: new HOTP(common).generate({ counter: account.counter }),
      remainingMs: Number.POSITIVE_INFINITY,
    };
  }
  const at = toEpochMs(opts.at);
  const code = new TOTP({ ...common, period: account.period }).generate({ timestamp: at });
  const remainingMs = windowStart(account.period, at) + account.period * 1000 - at;
  return { code, remainingMs };
}
