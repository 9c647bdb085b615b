/**
 * What workers share so that one account's TOTP windows are handed out once: a queue of waiters and a
 * lease per account (only one login holds it), the last window spent, and a clock everyone agrees on. Two
 * implementations: files on one machine (no server) and Redis across machines.
 */

/** A held lease; `release` is idempotent. */
export interface Lease {
  release(): Promise<void>;
}

/**
 * A waiter's place in the queue for one lease, kept in arrival order. A place that is not polled for the
 * queue's `ttlMs` belongs to a dead waiter and is skipped.
 */
export interface QueuePlace {
  /**
   * Keeps the place alive and takes the lease when this place is first and the lease is free (the place
   * then leaves the queue). Otherwise returns the position: logins ahead (holder included) + 1. Polling
   * again after a lease was lost puts the place back at its original arrival time.
   */
  poll(): Promise<Lease | number>;
  /** Leaves the queue (the waiter gave up). Idempotent. */
  leave(): Promise<void>;
}

/**
 * How recording a window went: `spent` (recorded; the window is this login's), `taken` (it is not after
 * the floor any more), `lease-lost` (the lease expired or the store forgot it: queue again), `early` (the
 * window has not begun on the shared clock yet).
 */
export type SpendResult = 'spent' | 'taken' | 'lease-lost' | 'early';

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
  /**
   * Joins the arrival-ordered queue for the lease on `key`; take the lease with `poll()` (not
   * `tryLease`, which does not wait its turn).
   */
  joinQueue(key: string, ttlMs: number): Promise<QueuePlace>;
  /** A number stored under `key` (the last window spent), or null. Read it while holding the lease. */
  read(key: string): Promise<number | null>;
  /** Stores a number for `ttlMs`. Write it while holding the lease. */
  write(key: string, value: number, ttlMs: number): Promise<void>;
  /**
   * The latest window start (epoch ms) that must not be handed out again for `key`: the last one spent,
   * or, when the store may have forgotten (a restart, failover or flush), the window it began remembering
   * in. null when nothing was ever spent.
   */
  spentFloor(key: string, periodMs: number): Promise<number | null>;
  /**
   * Records `window` as spent for `key`, atomically checking that `lease` (from this coordinator) is still
   * held, that `window` is after the floor and that it has begun on the shared clock.
   */
  spend(lease: Lease, key: string, window: number, periodMs: number, ttlMs: number): Promise<SpendResult>;
  /**
   * True once the store may have forgotten what was written (a Redis restart without persistence): a
   * missing "last window spent" then means "unknown", not "none".
   */
  mayHaveLostState(): boolean;
  close(): Promise<void>;
}
