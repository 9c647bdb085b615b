import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TwoFactorError } from '../errors.js';
import { FailedKeyLimiter, type FailedKeyLimiterOptions } from './failed-key-limiter.js';
import { RelayHttpError } from './http-error.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Shortest API key the relay starts with. Eight characters refuses the one-letter and "abc" keys that make a
 * relay guessable while keeping short test keys working; `--generate-key` prints a 43-character one.
 */
export const MIN_API_KEY_LENGTH = 8;

/**
 * A fresh relay API key: 32 random bytes, base64url (43 characters), for `pw2fa relay --generate-key`.
 *
 * @example
 * const apiKey = generateRelayKey(); // 'q3J…' — store it as PW2FA_RELAY_KEY
 */
export function generateRelayKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Refuses a short API key at start-up (a missing one is refused by the caller, which knows where keys come
 * from). The key is never echoed.
 *
 * @example
 * assertKeyLength(process.env.PW2FA_RELAY_KEY ?? '');
 */
export function assertKeyLength(apiKey: string): void {
  if (apiKey.trim().length < MIN_API_KEY_LENGTH) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `The relay's API key is too short: use at least ${MIN_API_KEY_LENGTH} characters (\`pw2fa relay --generate-key\` prints a fresh one).`,
    );
  }
}

/** Where a request came from, as far as the key check needs to know. */
export interface KeyCheckFrom {
  /** The client's address; wrong keys are counted per address (default `in-process`). */
  clientAddress?: string;
}

/**
 * Checks the API key a request carries, as Skyvern's `x-api-key` header or `Authorization: Bearer`.
 * Both sides are hashed first so `timingSafeEqual` compares equal lengths and leaks neither the key's
 * length nor how much of it matched (HONO bearer-auth does the same). Wrong keys are counted per client
 * address ({@link FailedKeyLimiter}); an address that sent too many gets 429 with `Retry-After`.
 *
 * @example
 * const check = apiKeyCheck(process.env.PW2FA_RELAY_KEY);
 * check(request, { clientAddress }); // throws a 401 (or 429) RelayHttpError when the key is missing or wrong
 */
export function apiKeyCheck(
  apiKey: string,
  limits: FailedKeyLimiterOptions = {},
): (request: Request, from?: KeyCheckFrom) => void {
  const expected = digest(apiKey);
  const limiter = new FailedKeyLimiter(limits);
  return (request, from = {}) => {
    const address = from.clientAddress ?? 'in-process';
    const waitMs = limiter.retryAfterMs(address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new RelayHttpError(
        429,
        'too_many_failures',
        `Too many wrong API keys from this address; retry in ${seconds} s with the right key.`,
        undefined,
        { 'retry-after': String(seconds) },
      );
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    const offered = request.headers.get('x-api-key') ?? bearer;
    if (offered === undefined || offered === null || !timingSafeEqual(digest(offered), expected)) {
      limiter.failed(address);
      throw new RelayHttpError(
        401,
        'unauthorized',
        'Missing or wrong API key. Send the relay key as `x-api-key: <key>` or `Authorization: Bearer <key>`.',
        undefined,
        { 'www-authenticate': 'Bearer realm="pw2fa-relay"' },
      );
    }
  };
}

/**
 * Compares two secrets of any length in constant time (again by hashing both first).
 *
 * @example
 * safeEqual(request.headers.get('x-twilio-signature') ?? '', expectedSignature)
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
