import { TwoFactorError } from '../errors.js';

export interface FailedKeyLimiterOptions {
  /** Wrong keys one address may send in a burst before it is slowed down (default 10). */
  burst?: number;
  /** After the burst, one more wrong key is allowed per this many ms (default 2000). */
  refillMs?: number;
  /** Addresses remembered at most; the longest-quiet ones are forgotten first (default 10 000). */
  maxAddresses?: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Slows down guessing of the relay's API key, per client address, with a token bucket: each wrong key
 * spends a token, tokens come back one per `refillMs`, and an address without tokens is refused (429)
 * before its key is even compared — otherwise a right guess would still answer 200 and the limit would
 * not slow guessing at all. Other addresses are unaffected; correct keys spend nothing. Memory is
 * bounded by `maxAddresses`, so spraying source addresses cannot grow it.
 *
 * @example
 * const limiter = new FailedKeyLimiter();
 * if (limiter.retryAfterMs(address) > 0) refuse429();
 * else if (!keyIsRight) limiter.failed(address);
 */
export class FailedKeyLimiter {
  readonly #burst: number;
  readonly #refillMs: number;
  readonly #maxAddresses: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: FailedKeyLimiterOptions = {}) {
    this.#burst = whole(options.burst ?? 10, 'burst');
    this.#refillMs = whole(options.refillMs ?? 2000, 'refillMs');
    this.#maxAddresses = whole(options.maxAddresses ?? 10_000, 'maxAddresses');
  }

  /** 0 when the address may try a key now, else how long until it may (ms). */
  retryAfterMs(address: string, at = Date.now()): number {
    const bucket = this.#refilled(address, at);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - bucket.tokens) * this.#refillMs));
  }

  /** Records a wrong key from the address. */
  failed(address: string, at = Date.now()): void {
    const bucket = this.#refilled(address, at) ?? { tokens: this.#burst, updated: at };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    // Re-insert so Map order stays "least recently failed first" for eviction.
    this.#buckets.delete(address);
    this.#buckets.set(address, bucket);
    while (this.#buckets.size > this.#maxAddresses) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
  }

  #refilled(address: string, at: number): Bucket | undefined {
    const bucket = this.#buckets.get(address);
    if (!bucket) return undefined;
    bucket.tokens = Math.min(this.#burst, bucket.tokens + Math.max(0, at - bucket.updated) / this.#refillMs);
    bucket.updated = at;
    if (bucket.tokens >= this.#burst) {
      this.#buckets.delete(address); // Fully recovered: nothing to remember.
      return undefined;
    }
    return bucket;
  }
}

function whole(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', `Expected \`${name}\` to be a positive whole number.`);
  }
  return value;
}
