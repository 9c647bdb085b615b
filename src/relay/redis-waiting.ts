import type { RelayKeys } from './redis-records.js';
import { decodeWaitingRun, encodeWaitingRun } from './redis-records.js';
import { CLEAR_WAITING, LIST_WAITING, type RedisScript, SET_WAITING } from './redis-scripts.js';
import type { WaitingRun } from './store.js';

export interface RedisWaitingRunsOptions {
  keys: RelayKeys;
  /** How long a run held open in-process (`deadline: null`) stays listed without renewal. */
  leaseMs: number;
  /** Runs a script, failing with `PW2FA_REDIS_UNAVAILABLE`. */
  run: (script: RedisScript, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;
  /** The published form of a `waiting` event from this relay. */
  announcement: string;
  /** Tells this relay's own listeners that the list changed (they do not hear its published echo). */
  changed: () => void;
}

/**
 * The waiting-run list of {@link RedisRelayStore}, shared by every relay on the Redis. A run with a deadline
 * is listed until then; this relay drops it at the deadline unless it was refreshed (possibly by another
 * relay that took over the client's next long-poll). A run held open in-process (`deadline: null`) is kept
 * in Redis under a lease this relay renews every third of `leaseMs`, so it vanishes if the relay dies;
 * callers still read `deadline: null`.
 *
 * @example
 * const runs = new RedisWaitingRuns({ keys, leaseMs: 30_000, run, announcement, changed: () => emit() });
 * await runs.set({ id: 'w1', identifier: 'me@example.com', kind: 'email', since, deadline: null });
 */
export class RedisWaitingRuns {
  readonly #options: RedisWaitingRunsOptions;
  /** Runs this relay listed, with the timer that drops or renews each. */
  readonly #held = new Map<string, { run: WaitingRun; timer: NodeJS.Timeout }>();

  constructor(options: RedisWaitingRunsOptions) {
    this.#options = options;
  }

  /** Runs listed through this relay and not yet cleared. */
  get held(): WaitingRun[] {
    return [...this.#held.values()].map(({ run }) => run);
  }

  async set(run: WaitingRun): Promise<void> {
    this.#forget(run.id);
    await this.#write(run, true);
    const timer =
      run.deadline === null
        ? setInterval(() => void this.#write(run, false).catch(() => undefined), this.#options.leaseMs / 3)
        : setTimeout(() => void this.#lapse(run.id).catch(() => undefined), run.deadline - Date.now() + 1);
    timer.unref();
    this.#held.set(run.id, { run: { ...run }, timer });
    this.#options.changed();
  }

  /**
   * Removes a run. One this relay listed is removed without waiting for Redis' answer, so a long-poll that
   * got its code answers one round trip sooner: later commands on the connection still find it gone (Redis
   * runs them in order), and if Redis is away the entry lapses at its deadline or lease anyway.
   */
  async clear(id: string): Promise<void> {
    const mine = this.#held.has(id);
    this.#forget(id);
    const removed = this.#remove(id, '', !mine);
    if (!mine) return removed;
    removed.catch(() => undefined);
    this.#options.changed();
  }

  async list(at: number): Promise<WaitingRun[]> {
    const { keys, run } = this.#options;
    const reply = await run(LIST_WAITING, [keys.waiting, keys.waitingUntil], [Date.now()]);
    return (Array.isArray(reply) ? reply : [])
      .map((json) => decodeWaitingRun(String(json)))
      .filter((entry) => entry.deadline === null || entry.deadline > at)
      .sort((a, b) => a.since - b.since);
  }

  /** Writes this relay's runs again (leases renewed now): after a Redis restart they are gone. */
  restore(): void {
    const now = Date.now();
    for (const { run } of this.#held.values()) {
      if (run.deadline === null || run.deadline > now) void this.#write(run, false).catch(() => undefined);
    }
  }

  /** Stops every timer and removes the runs held open in-process; runs with a deadline lapse by themselves. */
  async close(): Promise<void> {
    const held = this.held;
    for (const run of held) this.#forget(run.id);
    await Promise.allSettled(
      held.filter((run) => run.deadline === null).map((run) => this.#remove(run.id, '')),
    );
  }

  #forget(id: string): void {
    const held = this.#held.get(id);
    if (held) clearTimeout(held.timer);
    this.#held.delete(id);
  }

  async #write(run: WaitingRun, announce: boolean): Promise<void> {
    const { keys, leaseMs, announcement } = this.#options;
    const now = Date.now();
    const until = run.deadline ?? now + leaseMs;
    const keepMs = Math.ceil(Math.max(until - now, 0)) + 1000;
    const args = [
      now,
      run.id,
      encodeWaitingRun(run),
      until,
      keepMs,
      keys.channel,
      announcement,
      announce ? 1 : 0,
    ];
    const announced = await this.#options.run(SET_WAITING, [keys.waiting, keys.waitingUntil], args);
    // A renewal that had to re-create its entry (Redis restarted) tells this relay's listeners too.
    if (!announce && announced === 1) this.#options.changed();
  }

  async #lapse(id: string): Promise<void> {
    this.#held.delete(id);
    await this.#remove(id, String(Date.now()));
  }

  /** Removes the entry — only if its deadline passed by `lapsedBy`, when given — and announces it. */
  async #remove(id: string, lapsedBy: string, tell = true): Promise<void> {
    const { keys, announcement } = this.#options;
    const args = [id, keys.channel, announcement, lapsedBy];
    const removed = await this.#options.run(CLEAR_WAITING, [keys.waiting, keys.waitingUntil], args);
    if (removed === 1 && tell) this.#options.changed();
  }
}
