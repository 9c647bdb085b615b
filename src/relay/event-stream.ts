import type { RelayStore } from './store.js';
import { waitingToWire } from './wire.js';

/** A comment line this often keeps proxies from closing an idle stream (and tells the page it is live). */
export const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the page: `waiting` with the full list of waiting runs whenever it changes (and
 * once at the start), `code` with metadata when a code arrives, and a comment line as heartbeat. Ends when
 * `signal` aborts (client gone, relay closing) or the reader cancels; `done` is called exactly once. When
 * the store fails (Redis down), it sends `event: error` and ends, so the page shows the outage and
 * reconnects instead of showing "Live" over a stream that went silent.
 *
 * @example
 * return eventStream(store, AbortSignal.any([request.signal, shutdown.signal]), () => open--);
 */
export function eventStream(store: RelayStore, signal: AbortSignal, done: () => void): Response {
  const encoder = new TextEncoder();
  const disposers: Array<() => void> = [];
  let closed = false;
  // Replaced once the stream is set up; before that a failure simply closes it.
  let broken = () => close();
  const close = () => {
    if (closed) return;
    closed = true;
    for (const dispose of disposers.splice(0)) dispose();
    done();
  };
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      // Bursts of changes are coalesced into one snapshot.
      let queued = false;
      const sendWaiting = () => {
        if (queued) return;
        queued = true;
        setImmediate(async () => {
          queued = false;
          try {
            const waiting = (await store.waiting()).map(waitingToWire);
            send(`event: waiting\ndata: ${JSON.stringify({ waiting })}\n\n`);
          } catch {
            broken();
          }
        });
      };
      try {
        const unsubscribe = await store.subscribe((event) => {
          if (event.type === 'waiting') return sendWaiting();
          const meta = { totp_identifier: event.identifier, workflow_run_id: event.runId ?? null };
          send(`event: code\ndata: ${JSON.stringify(meta)}\n\n`);
        });
        if (closed) return unsubscribe();
        disposers.push(unsubscribe);
      } catch (error) {
        close();
        throw error;
      }
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      disposers.push(() => clearInterval(heartbeat));
      const end = () => {
        close();
        try {
          controller.close();
        } catch {
          // Already cancelled by the reader.
        }
      };
      broken = () => {
        const error = {
          code: 'store_unavailable',
          message: 'The relay cannot read its store; retry shortly.',
        };
        send(`event: error\ndata: ${JSON.stringify({ error })}\n\n`);
        end();
      };
      if (signal.aborted) return end();
      signal.addEventListener('abort', end, { once: true });
      disposers.push(() => signal.removeEventListener('abort', end));
      sendWaiting();
    },
    cancel() {
      close();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}
