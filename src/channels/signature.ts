/**
 * HMAC-SHA256 request signatures for the pull URL and the code-required webhook. The receiver recomputes
 * the hex digest over the exact body bytes with the shared secret (Skyvern's `x-skyvern-signature`
 * scheme, so endpoints written for Skyvern's `totp_url` verify ours unchanged).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TwoFactorError } from '../errors.js';

/** Header carrying the body signature. */
export const SIGNATURE_HEADER = 'x-pw2fa-signature';
/** Same value under Skyvern's header name, for endpoints built for Skyvern's `totp_url`. */
export const SKYVERN_SIGNATURE_HEADER = 'x-skyvern-signature';

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected `secret` to be a non-empty string (the shared HMAC key).',
    );
  }
}

/**
 * Lower-case hex HMAC-SHA256 of `body` (a string is signed as its UTF-8 bytes).
 *
 * @example
 * signBody('key', '{"identifier":"a@b.test","run_id":null}'); // '5d1c…' (64 hex characters)
 */
export function signBody(secret: string, body: string | Uint8Array): string {
  checkSecret(secret);
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * True when `signature` (hex, any case) is the HMAC-SHA256 of `body` under `secret`; compared in
 * constant time. For receivers: verify the raw body bytes before parsing them.
 *
 * @example
 * if (!verifySignature(secret, rawBody, req.headers['x-pw2fa-signature'])) return res.writeHead(401).end();
 */
export function verifySignature(
  secret: string,
  body: string | Uint8Array,
  signature: string | readonly string[] | null | undefined,
): boolean {
  const given = Array.isArray(signature) ? signature[0] : signature;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/i.test(given.trim())) return false;
  const expected = Buffer.from(signBody(secret, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given.trim(), 'hex'));
}
