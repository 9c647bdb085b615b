import { Secret } from 'otpauth';
import { TwoFactorError } from '../errors.js';

const BASE32_ALPHABET = /^[A-Z2-7]+$/;
/** Lengths (mod 8) that no whole number of bytes encodes to: a character was lost or added. */
const IMPOSSIBLE_REMAINDERS = new Set([1, 3, 6]);
/** 80 bits: the shortest secret real sites hand out (RFC 4226 asks for 128, many use 80 or 160). */
export const MIN_SECRET_CHARS = 16;

/**
 * Normalises a base32 secret the way authenticator apps accept it: drops spaces, dashes and `=` padding,
 * upper-cases. Throws `PW2FA_BAD_SECRET` when what is left cannot be a secret. The message never
 * contains the secret, only what is wrong with it.
 *
 * @example
 * normalizeBase32('jbsw y3dp ehpk 3pxp') // 'JBSWY3DPEHPK3PXP'
 */
export function normalizeBase32(input: string): string {
  if (typeof input !== 'string') {
    throw new TwoFactorError('PW2FA_BAD_SECRET', 'Expected the secret to be a base32 string.');
  }
  const secret = input
    .replace(/[\s-]+/g, '')
    .replace(/=+$/, '')
    .toUpperCase();
  if (secret.length === 0) {
    throw new TwoFactorError(
      'PW2FA_BAD_SECRET',
      'The secret is empty. Copy the key shown next to the QR code.',
    );
  }
  if (!BASE32_ALPHABET.test(secret)) {
    const bad = [...new Set(secret.replace(/[A-Z2-7]/g, ''))].slice(0, 5).join(' ');
    throw new TwoFactorError(
      'PW2FA_BAD_SECRET',
      `The secret is not base32: it contains ${JSON.stringify(bad)} (base32 uses only A–Z and 2–7; ` +
        'a 0, 1, 8 or 9 usually means O, I, B or g was misread).',
    );
  }
  if (secret.length < MIN_SECRET_CHARS) {
    throw new TwoFactorError(
      'PW2FA_BAD_SECRET',
      `The secret is too short: ${secret.length} characters, but authenticator secrets have at least ` +
        `${MIN_SECRET_CHARS}. Check that the whole key was copied.`,
    );
  }
  if (IMPOSSIBLE_REMAINDERS.has(secret.length % 8)) {
    throw new TwoFactorError(
      'PW2FA_BAD_SECRET',
      `The secret has ${secret.length} characters, a length no base32 key can have: a character is ` +
        'probably missing or doubled. Copy it again.',
    );
  }
  return secret;
}

/**
 * Encodes raw secret bytes as unpadded upper-case base32 (RFC 4648), the form otpauth URIs carry.
 *
 * @example
 * bytesToBase32(Buffer.from('12345678901234567890')) // 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
 */
export function bytesToBase32(bytes: Uint8Array): string {
  const copy = new Uint8Array(bytes); // Secret takes the whole ArrayBuffer: detach from any larger pool.
  return new Secret({ buffer: copy.buffer }).base32.replace(/=+$/, '');
}
