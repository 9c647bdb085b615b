/**
 * A code source that asks your endpoint for the code (Skyvern's `totp_url` model): POST `{ identifier,
 * run_id }` signed with HMAC-SHA256, answer `{ verification_code }` or `{ magic_link }` once there is one.
 */
import { z } from 'zod';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import { backoffDelay, delay, retryAfterMs } from './backoff.js';
import { extractCode } from './extract.js';
import { displayUrl, signedPost } from './signed-post.js';
import type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';

export interface PullSourceOptions {
  /** Endpoint to POST to (http or https). */
  url: string;
  /** Shared HMAC-SHA256 key; the body's hex signature goes in `x-pw2fa-signature` and `x-skyvern-signature`. */
  secret: string;
  /** Sent when a request has no `identifier` of its own. */
  identifier?: string;
  /** Sent as `run_id` so the endpoint can tell runs apart (e.g. the CI job id). */
  runId?: string;
  /** Extra request headers (an API key of the endpoint, say). */
  headers?: Record<string, string>;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** First pause between requests and the least any pause is, in ms (default 1000). */
  minIntervalMs?: number;
  /** Longest pause between requests, in ms (default 10 000); pauses double up to it, with jitter. */
  maxIntervalMs?: number;
  /** Longest wait for one response, in ms (default 10 000). */
  requestTimeoutMs?: number;
  /** Prompt kinds to answer (default: totp, sms, email, code, magic-link). */
  accepts?: readonly CodeKind[];
}

/** What the endpoint may answer; anything else, or `null` values, means "no code yet". */
const PullAnswer = z.object({
  verification_code: z.string().max(4096).nullish(),
  magic_link: z
    .url({ protocol: /^https?$/ })
    .max(8192)
    .nullish(),
});

const DEFAULT_KINDS: readonly CodeKind[] = ['totp', 'sms', 'email', 'code', 'magic-link'];
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Transient by definition: timeout, too early, rate limited. */
const RETRY_4XX = new Set([408, 425, 429]);

type Attempt = { found: { code?: string; link?: string } } | { notYet: string };

/**
 * A code as typed: `123 456` / `123-456` lose the separator; a longer text (a forwarded SMS) goes through
 * `extractCode`. Null when the text holds no code.
 */
function normalizeCode(value: string, length: number | null | undefined): string | null {
  const text = value.trim();
  if (/^\d{3,4}[ -]\d{3,4}$/.test(text)) return text.replace(/[ -]/, '');
  if (/^[A-Za-z0-9]{4,12}$/.test(text)) return text;
  return extractCode(text, length ? { length } : {}) ?? (length ? extractCode(text) : null);
}

/**
 * Pull-URL {@link CodeSource}: polls your endpoint until it answers with a code or a magic link.
 *
 * Each request is `POST <url>` with JSON `{ "identifier": …, "run_id": … }` (null when unknown) and the
 * header `x-pw2fa-signature: <hex HMAC-SHA256 of the exact body bytes under secret>`, repeated as
 * `x-skyvern-signature` (plus `x-skyvern-timestamp`) so endpoints written for Skyvern work unchanged.
 * A `200` with `{ "verification_code": "123456" }` or `{ "magic_link": "https://…" }` answers; anything
 * else — `null`, an empty or malformed body, a 5xx, a network error, 408/425/429 — means "not yet" and
 * is retried with exponential backoff and jitter until `request.signal` aborts. Other 4xx and redirects
 * stop at once with `PW2FA_CHANNEL_FAILED` (401/403: the signature was not accepted).
 *
 * @example
 * const source = new PullSource({ url: 'https://ops.example.com/2fa/code', secret: process.env.PULL_SECRET!, runId: process.env.CI_JOB_ID });
 * const { code } = await source.waitForCode({ kind: 'sms', identifier: '+15551234567', since: Date.now(), signal });
 */
export class PullSource implements CodeSource {
  readonly name: string;
  readonly #options: PullSourceOptions;
  readonly #where: string;

  constructor(options: PullSourceOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `url` to be an absolute http(s) URL.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        `Expected \`url\` to be http or https, got ${url.protocol}.`,
      );
    }
    if (typeof options.secret !== 'string' || options.secret.length === 0) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected `secret` to be a non-empty string (the shared HMAC key).',
      );
    }
    this.#options = options;
    this.#where = displayUrl(options.url);
    this.name = `pull:${url.host}`;
  }

  accepts(kind: CodeKind): boolean {
    return (this.#options.accepts ?? DEFAULT_KINDS).includes(kind);
  }

  /**
   * Polls until the endpoint answers; rejects with `TwoFactorAbortError` (its `cause` the last failure)
   * when `request.signal` aborts, or with `PW2FA_CHANNEL_FAILED` when the endpoint refuses the request.
   *
   * @example
   * const received = await source.waitForCode({ kind: 'email', since, signal: AbortSignal.timeout(60_000) });
   */
  async waitForCode(request: CodeRequest): Promise<ReceivedCode> {
    const { signal } = request;
    const body = JSON.stringify({
      identifier: request.identifier ?? this.#options.identifier ?? null,
      run_id: this.#options.runId ?? null,
    });
    let lastFailure = 'no request finished';
    for (let attempt = 0; ; attempt++) {
      let pause: number | null = null;
      try {
        const outcome = await this.#attempt(body, request);
        if ('found' in outcome) return { ...outcome.found, source: this.name, receivedAt: Date.now() };
        lastFailure = outcome.notYet;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof TwoFactorError) throw error;
        lastFailure =
          error instanceof RetryLater ? error.message : `request failed (${(error as Error).message})`;
        if (error instanceof RetryLater) pause = error.afterMs;
      }
      const minMs = this.#options.minIntervalMs ?? 1000;
      const wait = backoffDelay(attempt, { minMs, maxMs: this.#options.maxIntervalMs ?? 10_000 });
      try {
        await delay(Math.max(wait, Math.min(pause ?? 0, 60_000)), signal);
      } catch {
        break;
      }
    }
    throw new TwoFactorAbortError(
      `Stopped polling ${this.#where} for a code: the wait was aborted. Last answer: ${lastFailure}.`,
      {
        cause: signal.reason,
      },
    );
  }

  async #attempt(body: string, request: CodeRequest): Promise<Attempt> {
    const response = await signedPost(this.#options.url, body, {
      secret: this.#options.secret,
      ...(this.#options.headers ? { headers: this.#options.headers } : {}),
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      signal: request.signal,
      timeoutMs: this.#options.requestTimeoutMs ?? 10_000,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    const { status } = response;
    if (status >= 500 || RETRY_4XX.has(status)) {
      throw new RetryLater(`HTTP ${status}`, retryAfterMs(response.headers.get('retry-after')));
    }
    if (status >= 300) throw this.#refused(status);
    if (response.tooLarge) return { notYet: `a response over ${MAX_RESPONSE_BYTES} bytes` };
    let json: unknown;
    try {
      json = response.text.trim() ? JSON.parse(response.text) : null;
    } catch {
      return { notYet: `HTTP ${status} with a body that is not JSON` };
    }
    const parsed = PullAnswer.safeParse(json);
    if (!parsed.success) return { notYet: `HTTP ${status} without verification_code or magic_link` };
    const { verification_code: rawCode, magic_link: link } = parsed.data;
    const code = rawCode ? normalizeCode(rawCode, request.codeLength) : null;
    if (rawCode && !code && !link)
      return { notYet: `HTTP ${status} with a verification_code that holds no code` };
    const rejected = request.rejected;
    if (rejected && ((code && code === rejected.code) || (link && link === rejected.link))) {
      return { notYet: 'the code the site already rejected' };
    }
    if (!code && !link) return { notYet: `HTTP ${status}, no code yet` };
    return { found: { ...(code ? { code } : {}), ...(link ? { link } : {}) } };
  }

  #refused(status: number): TwoFactorError {
    const why =
      status === 401 || status === 403
        ? 'it did not accept the signature. Check that `secret` is the key the endpoint verifies x-pw2fa-signature (or x-skyvern-signature) with'
        : status >= 300 && status < 400
          ? 'it redirects. Use the final URL: signed requests are not re-sent to another address'
          : 'fix the URL or the endpoint; this is not retried';
    return new TwoFactorError(
      'PW2FA_CHANNEL_FAILED',
      `The pull URL ${this.#where} answered HTTP ${status}: ${why}.`,
    );
  }
}

/** A failure worth another try (5xx, 408/425/429), with the server's `Retry-After` when it sent one. */
class RetryLater extends Error {
  readonly afterMs: number | null;

  constructor(message: string, afterMs: number | null) {
    super(message);
    this.afterMs = afterMs;
  }
}
