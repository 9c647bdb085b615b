import { extractCode, extractLink } from '../channels/extract.js';
import { RelaySource, type RelaySourceOptions } from '../channels/relay-source.js';
import { TwoFactorError } from '../errors.js';
import { acknowledgeTake } from './ack-route.js';
import { apiKeyCheck, assertKeyLength, type KeyCheckFrom } from './auth.js';
import { awaitCode, inProcessWaiter } from './await-code.js';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './body.js';
import { onDelivery } from './delivery.js';
import { eventStream } from './event-stream.js';
import type { FailedKeyLimiterOptions } from './failed-key-limiter.js';
import { json, RelayHttpError } from './http-error.js';
import { MemoryRelayStore } from './memory-store.js';
import { RELAY_PAGE_CSP, RELAY_PAGE_HTML } from './page.js';
import { Router } from './router.js';
import {
  historyQuerySchema,
  parseOrThrow,
  pushBodySchema,
  sinceOnRelayClock,
  twilioSmsSchema,
  waitQuerySchema,
} from './schemas.js';
import type { NewRelayCode, RelayCode, RelayStore } from './store.js';
import { validTwilioSignature } from './twilio.js';
import { toWire, waitingToWire } from './wire.js';

export interface RelayHandlerOptions {
  /** Key every API request must carry (`x-api-key` or `Authorization: Bearer`). Required. */
  apiKey: string;
  /** Where codes and waiting runs live (default: a new {@link MemoryRelayStore}). */
  store?: RelayStore;
  /** Close `store` when the handler closes, though it was passed in (default: only a store the handler made). */
  closeStore?: boolean;
  /** How long a pushed code can be taken (default 10 minutes). */
  codeTtlMs?: number;
  /** Enables `POST /v1/twilio/sms`; requests must carry a valid `X-Twilio-Signature`. */
  twilioAuthToken?: string;
  /** Identifier for SMS from Twilio (default: the `To` number). */
  twilioIdentifier?: string;
  /** The relay's base URL as Twilio calls it (e.g. behind a tunnel); needed to check signatures there. */
  publicUrl?: string;
  /** Largest request body accepted (default 64 KiB); bigger ones get 413. */
  maxBodyBytes?: number;
  /** Most long-polls and event streams open at once (default 1000); more get 429. */
  maxWaiting?: number;
  /** Told about unexpected failures (a bare 500) and store outages (503); never given codes or keys. */
  onError?: (error: unknown) => void;
  /**
   * How long a code handed to a waiter that acknowledges (`ack=1`, as {@link RelayClient} does) stays held
   * for it before it is handed out again (default 10 000 ms).
   */
  ackTimeoutMs?: number;
  /** How many wrong API keys one client address may send before it gets 429 (default: 10, then 1 per 2 s). */
  failedKeyLimits?: FailedKeyLimiterOptions;
}

/** Where a request came from: the server passes the client's address, so wrong keys are counted per address. */
export type RelayRequestFrom = KeyCheckFrom;

/** The relay as a function from Web `Request` to `Response`, usable without any server. */
export interface RelayHandler {
  /** Answers a request; `from` names the client (default: `in-process`, one address for every caller). */
  handle(request: Request, from?: RelayRequestFrom): Promise<Response>;
  /** Like Hono's `app.request()`: a path or URL (resolved against `http://relay.local`) or a `Request`. */
  request(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly store: RelayStore;
  /** A code source that waits on this relay in-process, without HTTP. */
  source(options?: Omit<RelaySourceOptions, 'client' | 'url' | 'apiKey'>): RelaySource;
  /** Ends open long-polls and event streams, lets them finish, then closes the store if it owns it. */
  close(): Promise<void>;
}

const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
/** A long-poll that times out stays listed this long, so the client's next poll takes it over. */
const WAIT_GRACE_MS = 3_000;

/**
 * Builds the relay: Skyvern-compatible push and history, a long-poll wait (with an optional
 * acknowledgement, `POST /v1/wait/ack`, so no code is lost in flight), an event stream of waiting runs,
 * the Twilio SMS webhook, the web page and a health check. Routes only validate and call the store.
 *
 * @example
 * const relay = createRelayHandler({ apiKey: 'k' });
 * const res = await relay.request('/v1/credentials/totp', {
 *   method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
 *   body: JSON.stringify({ totp_identifier: 'me@example.com', content: 'Your code is 123456' }),
 * });
 */
export function createRelayHandler(options: RelayHandlerOptions): RelayHandler {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TwoFactorError(
      'PW2FA_RELAY_KEY_MISSING',
      'The relay needs an API key: pass `apiKey` (CLI: --api-key or PW2FA_RELAY_KEY). Anyone who can reach it could push codes otherwise.',
    );
  }
  assertKeyLength(options.apiKey);
  const ownsStore = !options.store || options.closeStore === true;
  const store =
    options.store ??
    new MemoryRelayStore(options.codeTtlMs === undefined ? {} : { codeTtlMs: options.codeTtlMs });
  const keyCheck = apiKeyCheck(options.apiKey, options.failedKeyLimits);
  // Routes see only the Request; where it came from is looked up here for the per-address key limit.
  const origins = new WeakMap<Request, RelayRequestFrom>();
  const checkKey = (request: Request) => keyCheck(request, origins.get(request));
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxWaiting = options.maxWaiting ?? 1000;
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  if (!Number.isInteger(ackTimeoutMs) || ackTimeoutMs < 1) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected `ackTimeoutMs` to be a positive whole number of ms.',
    );
  }
  const shutdown = new AbortController();
  let open = 0;
  // Long-polls still finishing when the handler closes; the store is closed only after them.
  const finishing = new Set<Promise<unknown>>();

  const add = async (
    input: Omit<NewRelayCode, 'code' | 'link'>,
    content: string,
  ): Promise<RelayCode | null> => {
    const code = extractCode(content);
    const link = extractLink(content);
    if (code === null && link === null) return null;
    return store.add({
      ...input,
      ...(code === null ? {} : { code }),
      ...(link === null ? {} : { link }),
      ...(options.codeTtlMs === undefined ? {} : { ttlMs: options.codeTtlMs }),
    });
  };

  // Long-polls and streams end when the client goes away or the relay shuts down.
  const track = (request: Request): AbortSignal => {
    if (shutdown.signal.aborted) {
      throw new RelayHttpError(
        503,
        'shutting_down',
        'The relay is shutting down; retry against its replacement.',
      );
    }
    if (open >= maxWaiting) {
      throw new RelayHttpError(
        429,
        'too_many_waiters',
        `More than ${maxWaiting} waits are open; retry shortly.`,
        undefined,
        {
          'retry-after': '1',
        },
      );
    }
    return AbortSignal.any([request.signal, shutdown.signal]);
  };

  const release = (record: RelayCode) => {
    store.release(record).catch((error: unknown) => options.onError?.(error));
  };

  const router = new Router()
    .on('GET', '/', () => new Response(RELAY_PAGE_HTML, { headers: pageHeaders() }))
    .on('GET', '/healthz', () => json({ ok: true }))
    .on('POST', '/v1/credentials/totp', async (request) => {
      checkKey(request);
      const body = parseOrThrow(
        pushBodySchema,
        parseJson(await readBody(request, { mediaType: 'application/json', maxBytes })),
        'invalid_body',
      );
      const record = await add(
        {
          identifier: body.totp_identifier,
          source: body.source ?? 'api',
          ...(body.workflow_run_id ? { runId: body.workflow_run_id } : {}),
          ...(body.workflow_id ? { workflowId: body.workflow_id } : {}),
          ...(body.task_id ? { taskId: body.task_id } : {}),
        },
        body.content,
      );
      if (!record) {
        throw new RelayHttpError(
          422,
          'no_code',
          'No verification code or link was found in `content`; nothing was stored. Send the code itself, or the whole SMS or e-mail that contains it.',
        );
      }
      return json(toWire(record));
    })
    .on('GET', '/v1/credentials/totp', async (request, url) => {
      checkKey(request);
      const query = parseOrThrow(historyQuerySchema, Object.fromEntries(url.searchParams), 'invalid_query');
      const records = await store.history({
        limit: query.limit,
        ...(query.totp_identifier ? { identifier: query.totp_identifier } : {}),
        ...(query.workflow_run_id ? { runId: query.workflow_run_id } : {}),
        ...(query.otp_type ? { otpType: query.otp_type } : {}),
      });
      return json(records.map(toWire));
    })
    .on('GET', '/v1/wait', async (request, url) => {
      checkKey(request);
      const query = parseOrThrow(waitQuerySchema, Object.fromEntries(url.searchParams), 'invalid_query');
      const since = sinceOnRelayClock(query, Date.now());
      const signal = track(request);
      open++;
      let waited: Promise<RelayCode | null> | undefined;
      try {
        waited = awaitCode(store, {
          identifier: query.totp_identifier,
          since,
          kind: query.kind,
          timeoutMs: query.timeout,
          signal,
          graceMs: WAIT_GRACE_MS,
          ...(query.ack === '1' ? { holdMs: ackTimeoutMs } : {}),
          ...(query.workflow_run_id ? { runId: query.workflow_run_id } : {}),
          ...(query.otp_type ? { want: query.otp_type === 'totp' ? 'code' : 'link' } : {}),
          ...(query.wait_id ? { waitId: query.wait_id } : {}),
        });
        finishing.add(waited);
        const record = await waited;
        // 204: nothing arrived within `timeout`; the client polls again.
        const none = new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
        if (!record) return none;
        // Take, deliver, then acknowledge — or put back: a waiter gone before the answer was written loses
        // nothing, the code returns to the queue for the next waiter.
        if (signal.aborted) {
          release(record);
          return none;
        }
        return onDelivery(json(toWire(record)), (delivered) => {
          if (!delivered) release(record);
        });
      } finally {
        open--;
        if (waited) finishing.delete(waited);
      }
    })
    .on('POST', '/v1/wait/ack', async (request) => {
      checkKey(request);
      return acknowledgeTake(
        store,
        parseJson(await readBody(request, { mediaType: 'application/json', maxBytes })),
      );
    })
    .on('GET', '/v1/waiting', async (request) => {
      checkKey(request);
      return json({ waiting: (await store.waiting()).map(waitingToWire) });
    })
    .on('GET', '/v1/events', async (request) => {
      checkKey(request);
      const signal = track(request);
      open++;
      return eventStream(store, signal, () => open--);
    })
    .on('POST', '/v1/twilio/sms', async (request, url) => {
      const authToken = options.twilioAuthToken;
      if (!authToken) {
        throw new RelayHttpError(
          404,
          'twilio_disabled',
          'The Twilio webhook is off: start the relay with a Twilio auth token (CLI: --twilio-auth-token or TWILIO_AUTH_TOKEN).',
        );
      }
      const text = await readBody(request, { mediaType: 'application/x-www-form-urlencoded', maxBytes });
      const params = new URLSearchParams(text);
      const signedUrl = options.publicUrl
        ? `${options.publicUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`
        : request.url;
      if (
        !validTwilioSignature({
          authToken,
          signature: request.headers.get('x-twilio-signature'),
          url: signedUrl,
          params,
        })
      ) {
        throw new RelayHttpError(
          403,
          'bad_signature',
          'X-Twilio-Signature is missing or does not match. Check the Twilio auth token, and that the public URL the relay was given is the webhook URL set in Twilio.',
        );
      }
      const sms = parseOrThrow(twilioSmsSchema, Object.fromEntries(params), 'invalid_body');
      const record = await add(
        { identifier: options.twilioIdentifier ?? sms.To, source: 'twilio' },
        sms.Body,
      );
      // An SMS without a code (a reply, an ad) is acknowledged and dropped: Twilio has nothing to retry.
      return new Response(TWIML_EMPTY, {
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          ...(record ? {} : { 'x-pw2fa-ignored': 'no-code' }),
        },
      });
    });

  const handle = async (request: Request, from?: RelayRequestFrom): Promise<Response> => {
    if (from) origins.set(request, from);
    try {
      return await router.route(request);
    } catch (error) {
      if (error instanceof RelayHttpError) return error.toResponse();
      options.onError?.(error);
      if (error instanceof TwoFactorError && error.code === 'PW2FA_REDIS_UNAVAILABLE') {
        // Clients retry a 503; the details (which Redis, why) go to the operator's log through onError.
        const message = "The relay's Redis store is unavailable; retry shortly.";
        return json({ error: { code: 'store_unavailable', message } }, 503, { 'retry-after': '1' });
      }
      return new RelayHttpError(500, 'internal', 'The relay failed to handle the request.').toResponse();
    }
  };

  return {
    store,
    handle,
    request: (input, init) =>
      handle(input instanceof Request ? input : new Request(new URL(input, 'http://relay.local'), init)),
    source: (sourceOptions = {}) => new RelaySource({ ...sourceOptions, client: inProcessWaiter(store) }),
    close: async () => {
      shutdown.abort();
      await Promise.allSettled(finishing);
      if (ownsStore) await store.close();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RelayHttpError(400, 'bad_json', 'The body is not valid JSON.');
  }
}

function pageHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': RELAY_PAGE_CSP,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}
