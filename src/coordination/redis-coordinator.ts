import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Coordinator, Lease } from './coordinator.js';
import { openRedis, redisCall } from './redis-connection.js';

/**
 * Coordination across machines through one Redis: leases are `SET NX PX` keys renewed while the holder
 * lives (a crashed worker's lease expires after `ttlMs`), and the clock is Redis's own `TIME`, so machines
 * whose clocks disagree still agree on the current TOTP window.
 */

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export interface RedisCoordinatorOptions {
  /** Longest wait for the first connection and for any one command, ms (default 5000). */
  connectTimeoutMs?: number;
  /** Default `pw2fa:coord:`. */
  prefix?: string;
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
  #runId: string | undefined;
  #lostState = false;

  private constructor(client: Redis, url: string, prefix: string) {
    this.#client = client;
    this.#url = url;
    this.#prefix = prefix;
    // After every reconnect: a different run_id means the server restarted and, without persistence,
    // forgot the windows spent before.
    client.on('ready', () => void this.#checkRunId());
  }

  async #checkRunId(): Promise<void> {
    const info = await this.#client.info('server').catch(() => '');
    const runId = /run_id:(\w+)/.exec(info)?.[1];
    if (!runId) return;
    if (this.#runId !== undefined && runId !== this.#runId) this.#lostState = true;
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
    );
    await coordinator.#checkRunId();
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

  async tryLease(key: string, ttlMs: number): Promise<Lease | null> {
    const name = this.#prefix + key;
    const token = randomUUID();
    const ttl = Math.max(1000, Math.round(ttlMs));
    const taken = await this.#call((client) => client.set(name, token, 'PX', ttl, 'NX'));
    if (taken !== 'OK') return null;
    const renew = setInterval(
      () => void this.#client.eval(RENEW, 1, name, token, ttl).catch(() => undefined),
      Math.floor(ttl / 3),
    );
    renew.unref();
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        // If Redis is away the key expires by itself; a failed release only delays the next worker.
        await this.#client.eval(RELEASE, 1, name, token).catch(() => undefined);
      },
    };
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
