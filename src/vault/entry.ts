import { z } from 'zod';
import { TwoFactorError } from '../errors.js';
import { MAX_DIGITS, MIN_DIGITS, type OtpAccount } from '../otp/account.js';
import { normalizeBase32 } from '../otp/base32.js';
import { parseOtpauth } from '../otp/uri.js';

/**
 * What one vault label holds once decrypted, the secret-free summary `list()` shows, and the checks on
 * labels and accounts coming in from callers.
 */

/**
 * Any value JSON can hold; what `entry.data` stores (passkeys, site notes).
 *
 * @example
 * const value: JsonValue = { credentialId: 'abc', signCount: 3 };
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Everything stored under one label, encrypted as a whole. An entry may hold only `data` (a passkey) or
 * only recovery codes; `otp` is the authenticator secret when there is one.
 *
 * @example
 * await vault.update('github', (entry) => ({ recoveryCodes: [], data: {}, ...entry, data: { note: 'x' } }));
 */
export interface VaultEntry {
  otp?: OtpAccount;
  /** Unused recovery codes, oldest first; `takeRecoveryCode` consumes from the front. */
  recoveryCodes: string[];
  data: Record<string, JsonValue>;
}

/**
 * A secret-free summary of an entry: what `vault.list()` returns. Never holds the secret, the recovery
 * codes or the values in `data`, so it is safe to print and log.
 *
 * @example
 * for (const info of await vault.list()) console.log(info.label, info.issuer, info.recoveryCodesLeft);
 */
export interface VaultEntryInfo {
  label: string;
  type?: OtpAccount['type'];
  issuer?: string;
  account?: string;
  algorithm?: OtpAccount['algorithm'];
  digits?: number;
  /** TOTP entries only. */
  period?: number;
  /** HOTP entries only: the counter the next code will use. */
  counter?: number;
  recoveryCodesLeft: number;
  /** Names (not values) of the keys in `entry.data`. */
  dataKeys: string[];
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** Longest label accepted: labels show up in messages and listings, so keep them readable. */
export const MAX_LABEL_LENGTH = 200;

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/**
 * Shape of a stored {@link OtpAccount}. Ranges match what `parseOtpauth` accepts, so anything the URI
 * parser lets in survives a round trip through the vault.
 *
 * @example
 * otpAccountSchema.parse(parseOtpauth(uri));
 */
export const otpAccountSchema = z.strictObject({
  type: z.enum(['totp', 'hotp']),
  secret: z.string().regex(/^[A-Z2-7]{16,}$/, 'expected a normalised base32 secret'),
  issuer: z.string(),
  account: z.string(),
  algorithm: z.enum(['SHA1', 'SHA256', 'SHA512']),
  digits: z.int().min(MIN_DIGITS).max(MAX_DIGITS),
  period: z.int().min(1).max(3600),
  counter: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/**
 * Shape of a decrypted entry.
 *
 * @example
 * const entry = vaultEntrySchema.parse(JSON.parse(plaintext));
 */
export const vaultEntrySchema = z.strictObject({
  otp: otpAccountSchema.optional(),
  recoveryCodes: z.array(z.string().min(1)),
  data: z.record(z.string(), jsonValueSchema),
});

/**
 * Checks a label and returns it trimmed. Throws `PW2FA_BAD_OPTION` for empty, over-long or
 * control-character labels: those would break listings, messages and CLI output.
 *
 * @example
 * normalizeLabel('  github ') // 'github'
 */
export function normalizeLabel(label: unknown): string {
  if (typeof label !== 'string') {
    throw new TwoFactorError('PW2FA_BAD_OPTION', `Expected the label to be a string, got ${typeof label}.`);
  }
  const trimmed = label.trim();
  if (trimmed === '') {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected a non-empty label: the name the account is stored and looked up under, such as "github".',
    );
  }
  if (trimmed.length > MAX_LABEL_LENGTH) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected a label of at most ${MAX_LABEL_LENGTH} characters, got ${trimmed.length}.`,
    );
  }
  const control = /\p{Cc}/u.exec(trimmed);
  if (control) {
    const point = control[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `The label contains the control character U+${point}; use printable characters only.`,
    );
  }
  return trimmed;
}

/**
 * Turns what `vault.add` accepts — an `otpauth://` URI or an {@link OtpAccount} — into a checked account
 * with a normalised secret. URIs throw `PW2FA_BAD_URI` / `PW2FA_BAD_SECRET`; malformed objects throw
 * `PW2FA_BAD_OPTION` naming the field (never its value: it may be the secret).
 *
 * @example
 * toOtpAccount('otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP')
 */
export function toOtpAccount(input: string | OtpAccount): OtpAccount {
  if (typeof input === 'string') return parseOtpauth(input);
  if (typeof input !== 'object' || input === null) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected an otpauth:// URI or an OtpAccount object, got ${input === null ? 'null' : typeof input}.`,
    );
  }
  const secret = normalizeBase32(input.secret);
  // Only the known fields are kept, so nothing a caller tacked on ends up stored.
  const { type, issuer, account, algorithm, digits, period, counter } = input;
  const parsed = otpAccountSchema.safeParse({
    type,
    secret,
    issuer,
    account,
    algorithm,
    digits,
    period,
    counter,
  });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `The account object is not a valid OtpAccount: check ${fields}. Use parseOtpauth() to build one from a URI.`,
    );
  }
  return parsed.data;
}

/**
 * Builds the secret-free summary of an entry.
 *
 * @example
 * entryInfo('github', entry, { createdAt, updatedAt }).recoveryCodesLeft // 8
 */
export function entryInfo(
  label: string,
  entry: VaultEntry,
  times: { createdAt: string; updatedAt: string },
): VaultEntryInfo {
  const counts = {
    recoveryCodesLeft: entry.recoveryCodes.length,
    dataKeys: Object.keys(entry.data).sort(),
    createdAt: times.createdAt,
    updatedAt: times.updatedAt,
  };
  const otp = entry.otp;
  if (!otp) return { label, ...counts };
  // Field by field rather than spreading `otp`, so the secret can never ride along into a listing.
  return {
    label,
    type: otp.type,
    issuer: otp.issuer,
    account: otp.account,
    algorithm: otp.algorithm,
    digits: otp.digits,
    ...(otp.type === 'totp' ? { period: otp.period } : { counter: otp.counter }),
    ...counts,
  };
}

/** Longest recovery code accepted; real ones are 8–20 characters, so anything longer is a paste mistake. */
const MAX_RECOVERY_CODE_LENGTH = 100;

/**
 * Checks recovery codes from a caller: trims them and drops blanks. Throws `PW2FA_BAD_OPTION` for a
 * non-string or a multi-line or over-long item (a whole list pasted as one code), naming its position
 * but never its text.
 *
 * @example
 * cleanRecoveryCodes([' a1b2-c3d4 ', '']) // ['a1b2-c3d4']
 */
export function cleanRecoveryCodes(codes: readonly string[]): string[] {
  if (!Array.isArray(codes) || codes.some((code) => typeof code !== 'string')) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `codes` to be an array of strings.');
  }
  const cleaned = codes.map((code) => code.trim()).filter((code) => code !== '');
  const bad = cleaned.findIndex((code) => code.length > MAX_RECOVERY_CODE_LENGTH || /\p{Cc}/u.test(code));
  if (bad !== -1) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Recovery code #${bad + 1} is longer than ${MAX_RECOVERY_CODE_LENGTH} characters or spans several ` +
        'lines; pass one code per array item.',
    );
  }
  return cleaned;
}
