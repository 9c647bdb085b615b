import { json, RelayHttpError } from './http-error.js';
import { ackBodySchema, parseOrThrow } from './schemas.js';
import type { RelayStore } from './store.js';

/**
 * `POST /v1/wait/ack`: the last step of take, deliver, acknowledge. A waiter that asked for a held take
 * (`ack=1`) confirms it received the code; until then the relay may hand the code to the next waiter.
 * A 409 means the hold lapsed and the code went to someone else: the caller must not use it.
 *
 * @example
 * router.on('POST', '/v1/wait/ack', async (request) => {
 *   checkKey(request);
 *   return acknowledgeTake(store, parseJson(await readBody(request, { mediaType, maxBytes })));
 * });
 */
export async function acknowledgeTake(store: RelayStore, input: unknown): Promise<Response> {
  const body = parseOrThrow(ackBodySchema, input, 'invalid_body');
  const acknowledged = await store.acknowledge({
    id: body.totp_code_id,
    identifier: body.totp_identifier,
    consumedAt: Date.parse(body.consumed_at),
    ...(body.workflow_run_id ? { runId: body.workflow_run_id } : {}),
  });
  if (!acknowledged) {
    throw new RelayHttpError(
      409,
      'not_held',
      'This code is no longer held for you (the hold lapsed and it was handed out again); do not use it, keep waiting.',
    );
  }
  return json({ acknowledged: true });
}
