/**
 * What workers share so that one account's TOTP windows are handed out once: a lease per account (only
 * one login holds it), the last window spent, and a clock everyone agrees on. Two implementations: files
 * on one machine (no server) and Redis across machines.
 */

/** A held lease; `release` is idempotent. */
export interface Lease {
  release(): Promise<void>;
}

export interface Coordinator {
  /** `local` or `redis`, for progress output. */
  readonly name: string;
  /**
   * The shared clock, epoch ms. Redis's clock across machines, so workers whose own clocks disagree (by
   * up to minutes) still agree on which TOTP window is current.
   */
  now(): Promise<number>;
  /**
   * Takes the lease on `key` or returns null when another live holder has it. A holder that dies stops
   * renewing and loses the lease after `ttlMs`; a live holder keeps it until `release()`.
   */
  tryLease(key: string, ttlMs: number): Promise<Lease | null>;
  /** A number stored under `key` (the last window spent), or null. Read it while holding the lease. */
  read(key: string): Promise<number | null>;
  /** Stores a number for `ttlMs`. Write it while holding the lease. */
  write(key: string, value: number, ttlMs: number): Promise<void>;
  /**
   * True once the store may have forgotten what was written (a Redis restart without persistence): a
   * missing "last window spent" then means "unknown", not "none".
   */
  mayHaveLostState(): boolean;
  close(): Promise<void>;
}
