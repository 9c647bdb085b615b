import { createHash, timingSafeEqual } from 'node:crypto';
import { RelayHttpError } from './http-error.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks the API key a request carries, as Skyvern's `x-api-key` header or `Authorization: Bearer`.
 * Both sides are hashed first so `timingSafeEqual` compares equal lengths and leaks neither the key's
 * length nor how much of it matched (HONO bearer-auth does the same).
 *
 * @example
 * const check = apiKeyCheck(process.env.PW2FA_RELAY_KEY);
 * check(request); // throws a 401 RelayHttpError when the key is missing or wrong
 */
export function apiKeyCheck(apiKey: string): (request: Request) => void {
  const expected = digest(apiKey);
  return (request) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    const offered = request.headers.get('x-api-key') ?? bearer;
    if (offered === undefined || offered === null || !timingSafeEqual(digest(offered), expected)) {
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
