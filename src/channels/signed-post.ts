/**
 * One signed JSON POST with a per-request timeout, the caller's abort signal and a cap on the response
 * size: the HTTP step shared by the pull source and the code-required webhook.
 */

import { readCappedText } from './capped-text.js';
import { SIGNATURE_HEADER, SKYVERN_SIGNATURE_HEADER, signBody } from './signature.js';

export interface SignedPostOptions {
  /** HMAC key; when set, the body is signed in `x-pw2fa-signature` and `x-skyvern-signature`. */
  secret?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Longest wait for one response, in ms. */
  timeoutMs: number;
  /** Bytes of response body read at most; a longer body is reported as `tooLarge`. */
  maxResponseBytes: number;
}

export interface SignedPostResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body was longer than `maxResponseBytes` (and `text` is empty). */
  tooLarge: boolean;
}

/**
 * A URL safe to show in messages: origin and path only (query strings and user info carry tokens).
 *
 * @example
 * displayUrl('https://u:p@codes.test/pull?key=abc'); // 'https://codes.test/pull'
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * POSTs `body` (already serialised: the signature covers these exact bytes) as JSON. Rejects on network
 * errors, on the timeout (an `Error` named `TimeoutError`) and when `signal` aborts (its reason).
 *
 * @example
 * const { status, text } = await signedPost(url, JSON.stringify(payload), { secret, timeoutMs: 10_000, maxResponseBytes: 65_536 });
 */
export async function signedPost(
  url: string,
  body: string,
  options: SignedPostOptions,
): Promise<SignedPostResponse> {
  const { signal } = options;
  signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    controller.abort(
      Object.assign(new Error(`No response within ${options.timeoutMs} ms`), { name: 'TimeoutError' }),
    );
  }, options.timeoutMs);
  try {
    const headers: Record<string, string> = { ...options.headers, 'content-type': 'application/json' };
    if (options.secret !== undefined) {
      const signature = signBody(options.secret, body);
      headers[SIGNATURE_HEADER] = signature;
      headers[SKYVERN_SIGNATURE_HEADER] = signature;
      // Skyvern sends it too; some receivers reject requests without one.
      headers['x-skyvern-timestamp'] = String(Math.floor(Date.now() / 1000));
    }
    const doFetch = options.fetch ?? fetch;
    const response = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      signal: controller.signal,
      redirect: 'manual',
    });
    const read = await readCappedText(response.body, options.maxResponseBytes);
    const tooLarge = read === null;
    const text = read ?? '';
    return { status: response.status, headers: response.headers, text, tooLarge };
  } catch (error) {
    // fetch wraps the abort reason; hand back the reason itself (timeout or the caller's signal).
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
