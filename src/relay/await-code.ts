import { randomUUID } from 'node:crypto';
import { TwoFactorAbortError } from '../errors.js';
import { identifierKey, type RelayCode, type RelayEvent, type RelayStore, type TakeQuery } from './store.js';

export interface AwaitCodeOptions extends Omit<TakeQuery, 'at'> {
  /** Prompt kind, shown in the list of waiting runs. */
  kind: string;
  /** Give up after this long and resolve `null` (default: only `signal` ends the wait). */
  timeoutMs?: number;
  /** Ends the wait early; the promise then resolves `null`. */
  signal?: AbortSignal;
  /** Id of the waiting-run entry; pass the same one on every long-poll of one wait. */
  waitId?: string;
  /** After a timeout the entry stays listed this long, so the next long-poll takes it over (default 0). */
  graceMs?: number;
}

/**
 * Waits until a matching code can be taken from the store and takes it. Driven by the store's change
 * notifications — a push wakes the waiter at once — and never by a polling timer. While it waits the run
 * is listed as waiting (metadata only). Resolves `null` on timeout or abort.
 *
 * @example
 * const code = await awaitCode(store, { identifier: 'me@example.com', since, kind: 'email', timeoutMs: 25_000 });
 */
export async function awaitCode(store: RelayStore, options: AwaitCodeOptions): Promise<RelayCode | null> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return null;
  // `timeout=0` asks "is there one now?": take or return, without listing the caller as waiting.
  if (timeoutMs === 0) {
    const taken = await store.take(takeQuery(options));
    if (taken && signal?.aborted) {
      await store.release(taken);
      return null;
    }
    return taken;
  }
  const key = identifierKey(options.identifier);
  const query = takeQuery(options);

  // Every relevant event bumps the version and wakes the loop; checking the version after a failed take
  // closes the gap between "nothing there" and "start sleeping" in which a push could slip through.
  let version = 0;
  let wake: (() => void) | undefined;
  const nudge = () => {
    version++;
    wake?.();
  };
  const relevant = (event: RelayEvent) =>
    event.type === 'code' &&
    identifierKey(event.identifier) === key &&
    (event.runId === undefined || event.runId === options.runId);
  const unsubscribe = await store.subscribe((event) => {
    if (relevant(event)) nudge();
  });

  let timedOut = false;
  const timer =
    timeoutMs === undefined || !Number.isFinite(timeoutMs)
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          nudge();
        }, timeoutMs);
  signal?.addEventListener('abort', nudge, { once: true });

  const waitId = options.waitId ?? randomUUID();
  const graceMs = options.graceMs ?? 0;
  let result: RelayCode | null = null;
  try {
    await store.setWaiting({
      id: waitId,
      identifier: options.identifier,
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      kind: options.kind,
      since: options.since,
      deadline: timer === undefined ? null : Date.now() + (timeoutMs ?? 0) + graceMs,
    });
    for (;;) {
      const seen = version;
      result = await store.take(query);
      if (result && signal?.aborted) {
        // The waiter gave up while the take was in flight: the code goes back rather than nowhere.
        await store.release(result);
        result = null;
      }
      if (result || timedOut || signal?.aborted) return result;
      if (version !== seen) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', nudge);
    unsubscribe();
    // A timed-out long-poll keeps its entry for the grace period (its deadline already includes it).
    if (result || signal?.aborted || graceMs === 0 || !timedOut) await store.clearWaiting(waitId);
  }
}

function takeQuery(options: AwaitCodeOptions): TakeQuery {
  return {
    ...(options.holdMs === undefined ? {} : { holdMs: options.holdMs }),
    identifier: options.identifier,
    since: options.since,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.want === undefined ? {} : { want: options.want }),
  };
}

/** One wait for a code, as a relay source asks for it (over HTTP or in-process). */
export interface RelayWaitRequest {
  identifier: string;
  runId?: string;
  /** Epoch ms: only codes received at or after this count. */
  since: number;
  /** The only way the wait ends without a code; it then rejects with `TwoFactorAbortError`. */
  signal: AbortSignal;
  /** Prompt kind, shown in the list of waiting runs. */
  kind: string;
  want?: 'code' | 'link';
}

/** Anything a relay source can wait on: a {@link RelayClient} or a relay in this process. */
export interface RelayWaitTarget {
  waitForCode(request: RelayWaitRequest): Promise<RelayCode>;
}

/**
 * Waits on a store directly — the embedded relay's source, with no HTTP in between.
 *
 * @example
 * const code = await inProcessWaiter(store).waitForCode({ identifier, since, signal, kind: 'sms' });
 */
export function inProcessWaiter(store: RelayStore): RelayWaitTarget {
  return {
    async waitForCode({ signal, ...query }) {
      const code = await awaitCode(store, { ...query, signal });
      if (!code)
        throw new TwoFactorAbortError('Waiting for a code on the relay was aborted.', {
          cause: signal.reason,
        });
      return code;
    },
  };
}
