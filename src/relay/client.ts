import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import type { RelayWaitRequest, RelayWaitTarget } from './await-code.js';
import type { OtpType, RelayCode, WaitingRun } from './store.js';
import { wireCodeSchema, wireWaitingSchema } from './wire.js';

export interface RelayClientOptions {
  /** Base URL of the relay, e.g. `http://127.0.0.1:8787`. */
  url: string | URL;
  /** The relay's API key, sent as `x-api-key`. */
  apiKey: string;
  /** How long each long-poll may hold the connection, in ms (default 25 000; the relay allows 60 000). */
  longPollMs?: number;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

export interface PushOptions {
  /** E-mail address or phone number the code was sent to. */
  identifier: string;
  /** The code, or the whole SMS or e-mail it came in; the relay extracts the code and link. */
  content: string;
  /** Deliver only to the run with this id. */
  runId?: string;
  /** Free-text label of who pushed (default `api`). */
  source?: string;
  signal?: AbortSignal;
}

export interface HistoryOptions {
  identifier?: string;
  runId?: string;
  otpType?: OtpType;
  /** 1–200 (default 50). */
  limit?: number;
  signal?: AbortSignal;
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Talks to a relay over HTTP: push codes, read history, and wait for a code with back-to-back long-polls,
 * so a pushed code arrives within milliseconds without any polling interval.
 *
 * @example
 * const relay = new RelayClient({ url: 'http://127.0.0.1:8787', apiKey: process.env.PW2FA_RELAY_KEY! });
 * await relay.push({ identifier: 'me@example.com', content: 'Your code is 123456' });
 * const { code } = await relay.waitForCode({ identifier: 'me@example.com', since, signal, kind: 'email' });
 */
export class RelayClient implements RelayWaitTarget {
  readonly url: string;
  readonly #apiKey: string;
  readonly #longPollMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: RelayClientOptions) {
    if (!options.apiKey) {
      throw new TwoFactorError(
        'PW2FA_RELAY_KEY_MISSING',
        'RelayClient needs the relay `apiKey` (PW2FA_RELAY_KEY).',
      );
    }
    const longPollMs = options.longPollMs ?? 25_000;
    if (!Number.isInteger(longPollMs) || longPollMs < 1 || longPollMs > 60_000) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected `longPollMs` to be a whole number of ms from 1 to 60000.',
      );
    }
    this.url = String(options.url).replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#longPollMs = longPollMs;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Pushes a code (Skyvern's `POST /v1/credentials/totp`); resolves to what the relay stored. */
  async push(options: PushOptions): Promise<RelayCode> {
    const body = {
      totp_identifier: options.identifier,
      content: options.content,
      ...(options.source ? { source: options.source } : {}),
      ...(options.runId ? { workflow_run_id: options.runId } : {}),
    };
    const response = await this.#request('/v1/credentials/totp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return wireCodeSchema.parse(await response.json());
  }

  /** Received codes, newest first (Skyvern's `GET /v1/credentials/totp`). */
  async history(options: HistoryOptions = {}): Promise<RelayCode[]> {
    const query = new URLSearchParams();
    if (options.identifier) query.set('totp_identifier', options.identifier);
    if (options.runId) query.set('workflow_run_id', options.runId);
    if (options.otpType) query.set('otp_type', options.otpType);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const response = await this.#request(
      `/v1/credentials/totp?${query}`,
      options.signal ? { signal: options.signal } : {},
    );
    return z.array(wireCodeSchema).parse(await response.json());
  }

  /** Runs currently waiting for a code (metadata only). */
  async waiting(options: { signal?: AbortSignal } = {}): Promise<WaitingRun[]> {
    const response = await this.#request('/v1/waiting', options.signal ? { signal: options.signal } : {});
    return z.object({ waiting: z.array(wireWaitingSchema) }).parse(await response.json()).waiting;
  }

  /**
   * Waits until the relay hands this run a code and consumes it. Each long-poll returns the moment a code
   * is pushed; an empty one is followed at once by the next. Only network errors and relay failures back
   * off (250 ms doubling to 5 s). Rejects with `TwoFactorAbortError` (cause: the last failure) when
   * `signal` aborts, or at once when the relay refuses the request (wrong key, bad parameters). `since`
   * is read on this machine's clock; the relay corrects for the difference to its own. However many polls
   * a wait takes, it leaves no listener on `signal` and no timer behind.
   */
  async waitForCode(request: RelayWaitRequest): Promise<RelayCode> {
    const { signal } = request;
    const query = new URLSearchParams({
      totp_identifier: request.identifier,
      since: String(request.since),
      timeout: String(this.#longPollMs),
      kind: request.kind,
      wait_id: randomUUID(),
      ack: '1',
    });
    if (request.runId) query.set('workflow_run_id', request.runId);
    if (request.want) query.set('otp_type', request.want === 'code' ? 'totp' : 'magic_link');

    let lastFailure: unknown;
    let retryMs = RETRY_FIRST_MS;
    for (;;) {
      if (signal.aborted) {
        throw new TwoFactorAbortError('Waiting for a code on the relay was aborted.', {
          cause: lastFailure ?? signal.reason,
        });
      }
      // Each long-poll gets its own signal, tied to the caller's by one listener that is removed when the
      // poll ends: `fetch` would otherwise leave a listener on the caller's (long-lived) signal per poll.
      const poll = new AbortController();
      const stop = () => poll.abort(signal.reason);
      signal.addEventListener('abort', stop, { once: true });
      try {
        // `now` lets the relay move `since` onto its own clock, so this machine's clock may be off.
        query.set('now', String(Date.now()));
        const response = await this.#request(`/v1/wait?${query}`, { signal: poll.signal });
        if (response.status === 200) {
          const code = wireCodeSchema.parse(await response.json());
          // Take, deliver, acknowledge: a code is ours only once the relay confirms the take is final.
          if (code.heldUntil === undefined || (await this.#acknowledge(code, poll.signal))) return code;
          continue;
        }
        retryMs = RETRY_FIRST_MS; // 204: nothing yet, poll again straight away.
        continue;
      } catch (error) {
        if (signal.aborted) continue;
        if (error instanceof TwoFactorError && error.code === 'PW2FA_RELAY_REJECTED' && !retryable(error))
          throw error;
        lastFailure = error;
      } finally {
        signal.removeEventListener('abort', stop);
      }
      await pause(retryMs, signal);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }

  /**
   * Confirms a held take. `false` when the relay says the hold lapsed (another waiter has the code now):
   * the code must not be used. A network failure is retried a few times; if the relay stays silent the
   * hold lapses there and the code is handed out again, so it is not used here either.
   */
  async #acknowledge(code: RelayCode, signal: AbortSignal): Promise<boolean> {
    const body = JSON.stringify({
      totp_code_id: code.id,
      totp_identifier: code.identifier,
      workflow_run_id: code.runId ?? null,
      consumed_at: new Date(code.consumedAt ?? 0).toISOString(),
    });
    for (let attempt = 0; attempt < 3 && !signal.aborted; attempt++) {
      try {
        await this.#request('/v1/wait/ack', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal,
        });
        return true;
      } catch (error) {
        if (error instanceof RelayRejectedError && error.status !== 429 && error.status < 500) return false;
        await pause(RETRY_FIRST_MS * 2 ** attempt, signal);
      }
    }
    return false;
  }

  async #request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-api-key', this.#apiKey);
    headers.set('accept', 'application/json');
    let response: Response;
    try {
      response = await this.#fetch(`${this.url}${path}`, { ...init, headers });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new TwoFactorError(
        'PW2FA_RELAY_UNREACHABLE',
        `The relay at ${this.url} could not be reached. Is \`pw2fa relay\` running there?`,
        { cause: error },
      );
    }
    if (response.ok) return response;
    const parsed = errorBody.safeParse(await response.json().catch(() => null));
    const reason = parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : 'no details';
    throw new RelayRejectedError(
      response.status,
      `The relay at ${this.url} answered ${response.status} (${reason})`,
    );
  }
}

/** The relay refused a request; `status` is the HTTP status (401 wrong key, 422 no code in content …). */
export class RelayRejectedError extends TwoFactorError {
  override name = 'RelayRejectedError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super('PW2FA_RELAY_REJECTED', message);
  }
}

function retryable(error: TwoFactorError): boolean {
  return error instanceof RelayRejectedError && (error.status === 429 || error.status >= 500);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
