import { createHmac } from 'node:crypto';
import { safeEqual } from './auth.js';

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed with the account's auth token, of the full URL
 * Twilio called followed by every POST parameter as `name + value`, sorted by name.
 * See https://www.twilio.com/docs/usage/security#validating-requests.
 *
 * @example
 * twilioSignature(authToken, 'https://relay.example.com/v1/twilio/sms', new URLSearchParams(body))
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const pairs = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = url + pairs.map(([name, value]) => name + value).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Whether `signature` is Twilio's signature of this request. Like Twilio's own libraries it also accepts
 * the URL with the default port added or removed, since proxies rewrite that part of the Host.
 *
 * @example
 * validTwilioSignature({ authToken, signature: request.headers.get('x-twilio-signature'), url, params })
 */
export function validTwilioSignature(options: {
  authToken: string;
  signature: string | null;
  url: string;
  params: URLSearchParams;
}): boolean {
  const { authToken, signature, params } = options;
  if (!signature) return false;
  let valid = false;
  // Check every variant (no early exit) so timing does not tell which one matched.
  for (const url of urlVariants(options.url)) {
    if (safeEqual(signature, twilioSignature(authToken, url, params))) valid = true;
  }
  return valid;
}

function urlVariants(raw: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return [raw];
  }
  // `URL` drops a default port, so the explicit one is rebuilt from the protocol.
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const tail = `${parsed.pathname}${parsed.search}`;
  return [
    ...new Set([
      raw,
      `${parsed.protocol}//${parsed.hostname}${tail}`,
      `${parsed.protocol}//${parsed.hostname}:${port}${tail}`,
    ]),
  ];
}
