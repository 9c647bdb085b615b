/**
 * Waiting between attempts: exponential backoff with jitter (so parallel workers do not poll in step),
 * and an abortable delay that leaves no timer behind.
 */

export interface BackoffOptions {
  /** First delay, and the least any delay is (ms). */
  minMs: number;
  /** Cap of the doubling (ms). */
  maxMs: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Delay before attempt `attempt + 1`: `minMs · 2^attempt` capped at `maxMs`, then a random point in its
 * upper half, never below `minMs`.
 *
 * @example
 * backoffDelay(0, { minMs: 1000, maxMs: 10_000 }); // 1000
 * backoffDelay(3, { minMs: 1000, maxMs: 10_000 }); // 4000–8000
 */
export function backoffDelay(
  attempt: number,
  { minMs, maxMs, random = Math.random }: BackoffOptions,
): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.max(minMs, Math.round(ceiling * (0.5 + random() * 0.5)));
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts (the timer is cleared).
 *
 * @example
 * await delay(500, signal);
 */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A `Retry-After` header (seconds or an HTTP date) in ms, or null.
 *
 * @example
 * retryAfterMs('3'); // 3000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
