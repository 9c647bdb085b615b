import { TwoFactorError } from '../errors.js';
import { MAX_DIGITS, MIN_DIGITS, OTP_DEFAULTS, type OtpAccount, type OtpAlgorithm } from './account.js';
import { normalizeBase32 } from './base32.js';

const ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

function badUri(problem: string, fix: string): TwoFactorError {
  return new TwoFactorError('PW2FA_BAD_URI', `Not a usable otpauth URI: ${problem}. ${fix}`);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, '%20'));
  } catch {
    throw badUri('the label has broken %-encoding', 'Copy the URI again from the QR code.');
  }
}

/**
 * The query parameters by lower-case name. Google's Key Uri Format spells them in lower case, but real
 * generators and QR codes made by hand write `SECRET=`, `Issuer=`, `Algorithm=`; apps that import them
 * (Google Authenticator, Aegis) read names in any case, so this does too. The same name twice with
 * different values (`secret=A&SECRET=B`) is refused rather than one of them guessed.
 */
function queryParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(query)) {
    const key = name.trim().toLowerCase();
    const seen = params.get(key);
    if (seen === undefined) params.set(key, value);
    else if (seen !== value) {
      throw badUri(
        `it gives \`${key.slice(0, 20)}\` twice with different values`,
        'Copy the URI again from the QR code; it must name each parameter once.',
      );
    }
  }
  return params;
}

/** Parses a whole-number parameter, or returns the fallback when the URI leaves it out. */
function integerParam(params: Map<string, string>, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw badUri(
      `\`${name}\` is ${JSON.stringify(raw.slice(0, 20))}`,
      `Expected \`${name}\` to be a whole number.`,
    );
  }
  return Number(raw.trim());
}

/**
 * Reads `digits` and checks the range sites use (6–8). Exported for callers that build accounts by hand.
 *
 * @example
 * checkDigits(8) // 8
 */
export function checkDigits(digits: number): number {
  if (!Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new TwoFactorError(
      'PW2FA_BAD_URI',
      `Expected \`digits\` to be ${MIN_DIGITS}, 7 or ${MAX_DIGITS}, got ${digits}.`,
    );
  }
  return digits;
}

/**
 * Reads an algorithm name in any case (`sha256`, `SHA-256`) and checks it is one otpauth supports.
 *
 * @example
 * checkAlgorithm('sha256') // 'SHA256'
 */
export function checkAlgorithm(name: string): OtpAlgorithm {
  const upper = name.toUpperCase().replace('-', '') as OtpAlgorithm;
  if (!ALGORITHMS.includes(upper)) {
    throw new TwoFactorError(
      'PW2FA_BAD_URI',
      `Unsupported algorithm ${JSON.stringify(name.slice(0, 20))}; expected one of ${ALGORITHMS.join(', ')}.`,
    );
  }
  return upper;
}

/**
 * Reads `period` (seconds per TOTP window) and checks it is a positive whole number.
 *
 * @example
 * checkPeriod(30) // 30
 */
export function checkPeriod(period: number): number {
  if (!Number.isInteger(period) || period < 1 || period > 3600) {
    throw new TwoFactorError(
      'PW2FA_BAD_URI',
      `Expected \`period\` to be a whole number of seconds (1–3600), got ${period}.`,
    );
  }
  return period;
}

/** Splits the label into issuer prefix and account name (`Issuer:account`, `Issuer%3Aaccount`). */
function splitLabel(label: string): { issuer: string; account: string } {
  const colon = label.indexOf(':');
  if (colon === -1) return { issuer: '', account: label.trim() };
  return { issuer: label.slice(0, colon).trim(), account: label.slice(colon + 1).trim() };
}

/**
 * Parses an `otpauth://totp/…` or `otpauth://hotp/…` URI (Google's Key Uri Format) into an
 * {@link OtpAccount} with a normalised base32 secret and defaults filled in. The issuer comes from the
 * `issuer` parameter, else from the label prefix. Scheme, type and parameter names are read in any
 * letter case (`otpauth://TOTP/…?SECRET=…&Issuer=…&ALGORITHM=sha256`).
 *
 * @example
 * parseOtpauth('otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub')
 * // { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', issuer: 'GitHub', account: 'octocat', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
 */
export function parseOtpauth(uri: string): OtpAccount {
  if (typeof uri !== 'string' || uri.trim() === '') {
    throw badUri('it is empty', 'Pass the text of the QR code, starting with otpauth://.');
  }
  const text = uri.trim();
  if (/^otpauth-migration:/i.test(text)) {
    throw badUri(
      'it is a Google Authenticator export',
      'Use parseMigration() for otpauth-migration:// URIs.',
    );
  }
  const match = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?/i.exec(text);
  if (!match) {
    throw badUri(
      `it starts with ${JSON.stringify(text.slice(0, 12))}`,
      'Expected otpauth://totp/Issuer:account?secret=…',
    );
  }
  const type = (match[1] ?? '').toLowerCase();
  if (type !== 'totp' && type !== 'hotp') {
    throw badUri(
      `the type is ${JSON.stringify(type.slice(0, 12))}`,
      'Expected otpauth://totp/… or otpauth://hotp/….',
    );
  }
  const params = queryParams(match[3] ?? '');
  const rawSecret = params.get('secret');
  if (rawSecret === undefined) {
    throw badUri('it has no `secret` parameter', 'Copy the whole URI; the secret follows `secret=`.');
  }
  const secret = normalizeBase32(rawSecret);
  const fromLabel = splitLabel(decode(match[2] ?? ''));
  const issuer = params.get('issuer')?.trim() || fromLabel.issuer;
  const counter = integerParam(params, 'counter', OTP_DEFAULTS.counter);
  return {
    type,
    secret,
    issuer,
    account: fromLabel.account,
    algorithm: checkAlgorithm(params.get('algorithm') ?? OTP_DEFAULTS.algorithm),
    digits: checkDigits(integerParam(params, 'digits', OTP_DEFAULTS.digits)),
    period: checkPeriod(integerParam(params, 'period', OTP_DEFAULTS.period)),
    counter: type === 'hotp' ? counter : 0,
  };
}

/**
 * Writes an account back as an `otpauth://` URI (what authenticator apps import). Contains the secret:
 * never log it.
 *
 * @example
 * formatOtpauth(parseOtpauth(uri)) // round-trips
 */
export function formatOtpauth(account: OtpAccount): string {
  const label = account.issuer
    ? `${encodeURIComponent(account.issuer)}:${encodeURIComponent(account.account)}`
    : encodeURIComponent(account.account);
  const params = new URLSearchParams({ secret: account.secret });
  if (account.issuer) params.set('issuer', account.issuer);
  params.set('algorithm', account.algorithm);
  params.set('digits', String(account.digits));
  if (account.type === 'totp') params.set('period', String(account.period));
  else params.set('counter', String(account.counter));
  return `otpauth://${account.type}/${label}?${params.toString()}`;
}

/**
 * Builds an account from a bare base32 secret (what "Can't scan? Enter this key" shows), with defaults.
 *
 * @example
 * accountFromSecret('JBSW Y3DP EHPK 3PXP', { issuer: 'Example' })
 */
export function accountFromSecret(
  secret: string,
  options: Partial<Omit<OtpAccount, 'secret'>> = {},
): OtpAccount {
  const type = options.type ?? 'totp';
  return {
    type,
    secret: normalizeBase32(secret),
    issuer: options.issuer ?? '',
    account: options.account ?? '',
    algorithm: checkAlgorithm(options.algorithm ?? OTP_DEFAULTS.algorithm),
    digits: checkDigits(options.digits ?? OTP_DEFAULTS.digits),
    period: checkPeriod(options.period ?? OTP_DEFAULTS.period),
    counter: type === 'hotp' ? checkCounter(options.counter ?? OTP_DEFAULTS.counter) : 0,
  };
}

function checkCounter(counter: number): number {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`counter\` to be a non-negative whole number, got ${counter}.`,
    );
  }
  return counter;
}
