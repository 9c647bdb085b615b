import { TwoFactorAbortError } from '../errors.js';

/**
 * Throws `PW2FA_ABORTED` (with the signal's reason as `cause`) once `signal` has aborted; called between
 * the steps of a long read so cancelling takes effect at the next step.
 *
 * @example
 * throwIfAborted(opts.signal, 'Reading the QR code');
 */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new TwoFactorAbortError(`${what} was aborted.`, { cause: signal.reason });
}
