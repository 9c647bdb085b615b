/**
 * Take, deliver, then acknowledge — or put back. A route that hands out something consumed (a code taken
 * from the store) attaches a settle function to its response; the server calls it once it knows whether
 * the response was written out in full (`true`) or the client was gone first (`false`), and the route
 * puts the code back in the second case. A response nobody settles (the handler used in-process, without
 * the server) keeps its code consumed, as before.
 */
const settlers = new WeakMap<Response, (delivered: boolean) => void>();

/**
 * @example
 * return onDelivery(json(toWire(record)), (delivered) => { if (!delivered) void store.release(record); });
 */
export function onDelivery(response: Response, settle: (delivered: boolean) => void): Response {
  settlers.set(response, settle);
  return response;
}

/** Reports the outcome of writing `response`; only the first report for a response counts. */
export function settleDelivery(response: Response, delivered: boolean): void {
  const settle = settlers.get(response);
  if (!settle) return;
  settlers.delete(response);
  settle(delivered);
}
