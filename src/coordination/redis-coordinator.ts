import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Coordinator, Lease, QueuePlace, SpendResult } from './coordinator.js';
import { coordinationDir, MachineFloor } from './machine-floor.js';
import { openRedis, redisCall } from './redis-connection.js';
import { JOIN, LEAVE, MARK_EPOCH, POLL, RELEASE, RENEW, SPEND, SPENT_FLOOR } from './redis-scripts.js';

/**
 * Coordination across machines through one Redis: leases are keys renewed while the holder lives (a
 * crashed worker's lease expires after `ttlMs`), waiters queue in a sorted set by arrival, and the clock is
 * Redis's own `TIME`, so machines whose clocks disagree still agree on the current TOTP window.
 *
 * Nothing relies on Redis persistence: the scripts never let a window at or before the one the store
 * began remembering in be spent (see redis-scripts.ts), and this machine's floor covers a failover
 * that kept the epoch but lost the latest writes.
 */

export interface RedisCoordinatorOptions {
  /** Longest wait for the first connection and for any one command, ms (default 5000). */
  connectTimeoutMs?: number;
  /** Default `pw2fa:coord:`. */
  prefix?: string;
  /**
   * Directory for this machine's floor of spent windows (default `$PW2FA_COORDINATION_DIR` or
   * `<tmp>/playwright-2fa-<user>`); `false` keeps it in memory only.
   */
  floorDir?: string | false;
}

interface HeldLease {
  name: string;
  token: string;
}

/**
 * @example
 * const redis = await RedisCoordinator.connect(process.env.REDIS_URL!);
 * const lease = await redis.tryLease('totp:abc', 10_000);
 */
export class RedisCoordinator implements Coordinator {
  readonly name = 'redis';
  readonly #client: Redis;
  readonly #url: string;
  readonly #prefix: string;
  readonly #floor: MachineFloor | undefined;
  readonly #memoryFloor = new Map<string, number>();
  readonly #held = new WeakMap<Lease, HeldLease>();
  #runId: string | undefined;
  #lostState = false;
  /** Shared-clock time at which a server change was noticed: windows up to its window may be forgotten. */
  #lostAt: number | undefined;

  private constructor(client: Redis, url: string, prefix: string, floorDir: string | false) {
    this.#client = client;
    this.#url = url;
    this.#prefix = prefix;
    this.#floor = floorDir === false ? undefined : new MachineFloor(floorDir);
    // After every reconnect: a different run_id means the server restarted or failed over and may have
    // forgotten the windows spent before.
    client.on('ready', () => void this.#checkRunId());
  }

  async #checkRunId(): Promise<void> {
    const info = await this.#client.info('server').catch(() => '');
    const runId = /run_id:(\w+)/.exec(info)?.[1];
    if (!runId) return;
    if (this.#runId !== undefined && runId !== this.#runId) {
      this.#lostState = true;
      this.#lostAt = await this.now().catch(() => Date.now());
    }
    this.#runId = runId;
  }

  mayHaveLostState(): boolean {
    return this.#lostState;
  }

  /** Connects and checks the server; throws `PW2FA_REDIS_UNAVAILABLE` naming the URL (no password). */
  static async connect(url: string, opts: RedisCoordinatorOptions = {}): Promise<RedisCoordinator> {
    const coordinator = new RedisCoordinator(
      await openRedis(url, { timeoutMs: opts.connectTimeoutMs ?? 5000, name: 'pw2fa-coordinator' }),
      url,
      opts.prefix ?? 'pw2fa:coord:',
      opts.floorDir ?? coordinationDir(),
    );
    await coordinator.#checkRunId();
    // A fresh Redis cannot tell "never spent" from "forgotten", so its first window is skipped; starting
    // the epoch at connect rather than at the first turn makes that window usually one already past.
    await coordinator.#call((client) => client.eval(MARK_EPOCH, 1, `${coordinator.#prefix}epoch`));
    return coordinator;
  }

  /**
   * Lets the process exit while connected (a script that logged in should not hang on an idle socket),
   * now and after every reconnect.
   */
  unrefSocket(): void {
    const unref = () => this.#client.stream?.unref?.();
    unref();
    this.#client.on('connect', unref);
  }

  #call<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    return redisCall(this.#url, () => command(this.#client));
  }

  async now(): Promise<number> {
    const [seconds, micros] = await this.#call((client) => client.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  /** A lease object that renews `name` while held. */
  #lease(name: string, token: string, ttl: number): Lease {
    const renew = setInterval(
      () => void this.#client.eval(RENEW, 1, name, token, ttl).catch(() => undefined),
      Math.floor(ttl / 3),
    );
    renew.unref();
    let released = false;
    const lease: Lease = {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        // If Redis is away the key expires by itself; a failed release only delays the next worker.
        await this.#client.eval(RELEASE, 1, name, token).catch(() => undefined);
      },
    };
    this.#held.set(lease, { name, token });
    return lease;
  }

  async tryLease(key: string, ttlMs: number): Promise<Lease | null> {
    const name = this.#prefix + key;
    const token = randomUUID();
    const ttl = Math.max(1000, Math.round(ttlMs));
    const taken = await this.#call((client) => client.set(name, token, 'PX', ttl, 'NX'));
    return taken === 'OK' ? this.#lease(name, token, ttl) : null;
  }

  async joinQueue(key: string, ttlMs: number): Promise<QueuePlace> {
    const queue = `${this.#prefix}${key}:queue`;
    const alive = `${this.#prefix}${key}:alive:`;
    const name = this.#prefix + key;
    const ttl = Math.max(1000, Math.round(ttlMs));
    const id = randomUUID();
    // Arrival in µs of the shared clock; the id breaks ties. Both survive a restart with the place.
    const arrival = String(
      await this.#call((client) => client.eval(JOIN, 1, queue, id, ttl, alive) as Promise<string>),
    );
    let left = false;
    return {
      poll: async () => {
        const token = randomUUID();
        const answer = await this.#call(
          (client) => client.eval(POLL, 2, queue, name, id, arrival, ttl, token, alive) as Promise<number>,
        );
        return answer === 0 ? this.#lease(name, token, ttl) : Number(answer);
      },
      leave: async () => {
        if (left) return;
        left = true;
        await this.#client.eval(LEAVE, 1, queue, id, alive).catch(() => undefined);
      },
    };
  }

  #keys(key: string): [string, string, string] {
    return [this.#prefix + key, `${this.#prefix}${key}:spent`, `${this.#prefix}epoch`];
  }

  /** The floor from this process and this machine, including a server change noticed while connected. */
  async #localFloor(key: string, periodMs: number): Promise<number | null> {
    const floors = [this.#memoryFloor.get(key), (await this.#floor?.get(key)) ?? undefined];
    if (this.#lostAt !== undefined) floors.push(this.#lostAt - (this.#lostAt % periodMs));
    const known = floors.filter((floor): floor is number => floor !== undefined);
    return known.length ? Math.max(...known) : null;
  }

  #saw(key: string, window: number): void {
    if (window > (this.#memoryFloor.get(key) ?? Number.NEGATIVE_INFINITY)) this.#memoryFloor.set(key, window);
  }

  async spentFloor(key: string, periodMs: number): Promise<number | null> {
    const shared = Number(
      await this.#call(
        (client) => client.eval(SPENT_FLOOR, 3, ...this.#keys(key), periodMs) as Promise<string>,
      ),
    );
    this.#saw(key, shared);
    const local = await this.#localFloor(key, periodMs);
    return local === null ? shared : Math.max(shared, local);
  }

  async spend(
    lease: Lease,
    key: string,
    window: number,
    periodMs: number,
    ttlMs: number,
  ): Promise<SpendResult> {
    const held = this.#held.get(lease);
    if (!held) return 'lease-lost';
    const local = await this.#localFloor(key, periodMs);
    if (local !== null && window <= local) return 'taken';
    const [, spentKey, epochKey] = this.#keys(key);
    const result = (await this.#call((client) =>
      client.eval(SPEND, 3, held.name, spentKey, epochKey, periodMs, held.token, window, Math.round(ttlMs)),
    )) as SpendResult;
    if (result === 'spent') {
      this.#saw(key, window);
      await this.#floor?.raise(key, window);
    }
    return result;
  }

  async read(key: string): Promise<number | null> {
    const value = await this.#call((client) => client.get(this.#prefix + key));
    return value === null ? null : Number(value);
  }

  async write(key: string, value: number, ttlMs: number): Promise<void> {
    await this.#call((client) => client.set(this.#prefix + key, String(value), 'PX', Math.round(ttlMs)));
  }

  async close(): Promise<void> {
    await this.#client.quit().catch(() => this.#client.disconnect());
  }
}
