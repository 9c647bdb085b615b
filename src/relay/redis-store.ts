import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  connectChecked,
  openRedis,
  redactRedisUrl,
  redisReason,
  redisUnavailable,
} from '../coordination/redis-connection.js';
import { TwoFactorError } from '../errors.js';
import { RedisEvents } from './redis-events.js';
import * as records from './redis-records.js';
import {
  ACK_CODE,
  ADD_CODE,
  HISTORY,
  RELEASE_CODE,
  type RedisScript,
  runScript,
  TAKE_CODE,
} from './redis-scripts.js';
import { RedisWaitingRuns } from './redis-waiting.js';
import {
  DEFAULT_CODE_TTL_MS,
  type HistoryQuery,
  identifierKey,
  type NewRelayCode,
  type RelayCode,
  type RelayEvent,
  type RelayListener,
  type RelayStore,
  type TakenCode,
  type TakeQuery,
  type WaitingRun,
} from './store.js';

export interface RedisRelayStoreOptions {
  /** `redis://[:password@]host[:port][/db]`, or `rediss://` for TLS. Never printed with its password. */
  url: string;
  /** Put before every key and the event channel (default `pw2fa:relay:`); relays that share codes share it. */
  prefix?: string;
  /** Default lifetime of a pushed code (10 minutes). */
  codeTtlMs?: number;
  /** How long a record stays in history before Redis deletes it (24 hours; at least its code TTL). */
  retentionMs?: number;
  /** Oldest records are dropped beyond this many, so a flood of pushes cannot fill Redis (10 000). */
  maxCodes?: number;
  /** Longest wait to connect, and for each command's answer, in ms (5000). */
  connectTimeoutMs?: number;
  /**
   * A run waiting in this process (`deadline: null`) is listed with a lease this long, renewed every third
   * of it, so the entry disappears if this relay dies without clearing it (30 000 ms).
   */
  leaseMs?: number;
  /** Told when the connection to Redis is lost and when it is back (for the relay's log; no secrets). */
  onStatus?: (status: 'lost' | 'restored', message: string) => void;
}

const HOUR_MS = 60 * 60_000;

type Settings = Required<Omit<RedisRelayStoreOptions, 'onStatus'>>;

/**
 * Codes and waiting runs in Redis, so several relays behind one URL (or on several CI machines) share them.
 * `take` is one Lua script — matching and consuming are atomic across every relay — and pushes reach
 * waiters on other relays through Redis pub/sub.
 *
 * Failure model: when Redis is unreachable, `connect` rejects within `connectTimeoutMs`, and later every
 * operation fails at once with `PW2FA_REDIS_UNAVAILABLE` (nothing is queued) until the connection is back;
 * the store reconnects by itself and then wakes its waiters to look again. A command cut off mid-flight is
 * never re-sent, so a code is never handed out twice; at worst one consumed in that instant is lost. Codes
 * live only in Redis: **if Redis restarts without persistence (RDB/AOF), every pushed code is lost**, and
 * waiters keep waiting for a new push (their own timeout still applies). Instances should share a clock
 * (NTP): times are taken on the relay that handles the request.
 *
 * @example
 * const store = await RedisRelayStore.connect({ url: process.env.REDIS_URL! });
 * const relay = await RelayServer.start({ apiKey, store, closeStore: true });
 */
export class RedisRelayStore implements RelayStore {
  /** The Redis URL without credentials, safe to print. */
  readonly url: string;
  readonly #secretUrl: string;
  readonly #main: Redis;
  readonly #sub: Redis;
  readonly #keys: records.RelayKeys;
  readonly #ttlMs: number;
  readonly #retentionMs: number;
  readonly #maxCodes: number;
  readonly #events: RedisEvents;
  readonly #waiting: RedisWaitingRuns;
  #closed = false;

  private constructor(main: Redis, sub: Redis, events: RedisEvents, options: Settings) {
    this.#main = main;
    this.#sub = sub;
    this.#events = events;
    this.#secretUrl = options.url;
    this.url = redactRedisUrl(options.url);
    this.#keys = records.relayKeys(options.prefix);
    this.#ttlMs = options.codeTtlMs;
    this.#retentionMs = options.retentionMs;
    this.#maxCodes = options.maxCodes;
    this.#waiting = new RedisWaitingRuns({
      keys: this.#keys,
      leaseMs: options.leaseMs,
      run: (script, keys, args) => this.#run(script, keys, args),
      announcement: events.encode({ type: 'waiting' }),
      changed: () => events.emit({ type: 'waiting' }),
    });
  }

  /** Connects (two connections: commands and events); rejects with `PW2FA_REDIS_UNAVAILABLE` in bounded time. */
  static async connect(options: RedisRelayStoreOptions): Promise<RedisRelayStore> {
    const settings: Settings = {
      url: options.url,
      prefix: options.prefix ?? 'pw2fa:relay:',
      codeTtlMs: positive(options.codeTtlMs ?? DEFAULT_CODE_TTL_MS, 'codeTtlMs'),
      retentionMs: positive(options.retentionMs ?? 24 * HOUR_MS, 'retentionMs'),
      maxCodes: Math.ceil(positive(options.maxCodes ?? 10_000, 'maxCodes', '')),
      connectTimeoutMs: positive(options.connectTimeoutMs ?? 5000, 'connectTimeoutMs'),
      leaseMs: positive(options.leaseMs ?? 30_000, 'leaseMs'),
    };
    if (settings.prefix === '') {
      throw new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `prefix` to be non-empty, e.g. `pw2fa:relay:`.');
    }
    const timeoutMs = settings.connectTimeoutMs;
    const relayKeys = records.relayKeys(settings.prefix);
    const main = await openRedis(settings.url, { timeoutMs, name: 'pw2fa-relay' });
    let sub: Redis | undefined;
    try {
      sub = await connectChecked(
        main.duplicate({ connectionName: 'pw2fa-relay-events' }),
        settings.url,
        timeoutMs,
      );
      let store: RedisRelayStore | undefined;
      const events = await RedisEvents.listen({
        sub,
        main,
        channel: relayKeys.channel,
        onStatus: (status) => {
          if (store) store.#statusChanged(status, options.onStatus);
        },
      });
      store = new RedisRelayStore(main, sub, events, settings);
      return store;
    } catch (error) {
      main.disconnect();
      sub?.disconnect();
      throw error instanceof TwoFactorError ? error : redisUnavailable(settings.url, redisReason(error));
    }
  }

  async add(input: NewRelayCode): Promise<RelayCode> {
    const now = Date.now();
    const createdAt = input.at ?? now;
    const ttlMs = input.ttlMs ?? this.#ttlMs;
    const identifier = input.identifier.trim();
    const fields: Omit<RelayCode, 'id'> = {
      identifier,
      ...optional('runId', input.runId),
      ...optional('workflowId', input.workflowId),
      ...optional('taskId', input.taskId),
      ...optional('code', input.code),
      ...optional('link', input.link),
      otpType: input.code === undefined && input.link !== undefined ? 'magic_link' : 'totp',
      source: input.source,
      createdAt,
      expiresAt: createdAt + ttlMs,
    };
    const key = identifierKey(identifier);
    const hash = records.identifierHash(key);
    const keepMs = Math.ceil(Math.max(this.#retentionMs, createdAt + ttlMs - now, 1000));
    const event: RelayEvent = { type: 'code', identifier, ...optional('runId', input.runId) };
    const k = this.#keys;
    const id = await this.#run(
      ADD_CODE,
      [k.seq, k.all, k.byIdentifier(hash), k.open(hash)],
      [
        k.prefix,
        randomBytes(10).toString('hex'),
        createdAt,
        keepMs,
        this.#maxCodes,
        k.channel,
        this.#events.encode(event),
        ...records.encodeCode(fields, key, hash),
      ],
    );
    this.#events.emit(event);
    return { id: String(id), ...fields };
  }

  async history(query: HistoryQuery): Promise<RelayCode[]> {
    const key = query.identifier === undefined ? undefined : identifierKey(query.identifier);
    const index = key === undefined ? this.#keys.all : this.#keys.byIdentifier(records.identifierHash(key));
    const reply = await this.#run(
      HISTORY,
      [index],
      [this.#keys.prefix, query.limit, key ?? '', ...flag(query.runId), query.otpType ?? ''],
    );
    return (Array.isArray(reply) ? reply : []).map(records.decodeCode);
  }

  async take(query: TakeQuery): Promise<RelayCode | null> {
    if (Number.isNaN(query.since)) return null; // Nothing is at or after NaN, as in codeMatches.
    const key = identifierKey(query.identifier);
    const reply = await this.#run(
      TAKE_CODE,
      [this.#keys.open(records.identifierHash(key))],
      [
        this.#keys.prefix,
        key,
        query.since,
        query.at ?? Date.now(),
        query.want ?? '',
        ...flag(query.runId),
        query.holdMs === undefined ? '' : Math.ceil(query.holdMs),
      ],
    );
    if (reply === null) return null;
    const taken = records.decodeCode(reply);
    if (query.holdMs !== undefined) {
      // Wake this relay's waiters when the hold lapses; waiters on other relays see it on their next look.
      setTimeout(() => this.#events.emit(codeEvent(taken)), query.holdMs).unref();
    }
    return taken;
  }

  async acknowledge(code: TakenCode): Promise<boolean> {
    if (code.consumedAt === undefined) return false;
    const hash = records.identifierHash(identifierKey(code.identifier));
    const reply = await this.#run(
      ACK_CODE,
      [this.#keys.open(hash)],
      [this.#keys.prefix, code.id, String(code.consumedAt)],
    );
    return reply === 1;
  }

  /** One script: the record is re-opened only if it is still this take's, so a late call undoes nothing. */
  async release(code: TakenCode, at = Date.now()): Promise<boolean> {
    if (code.consumedAt === undefined) return false;
    const key = identifierKey(code.identifier);
    const event = codeEvent(code);
    const reply = await this.#run(
      RELEASE_CODE,
      [this.#keys.open(records.identifierHash(key))],
      [
        this.#keys.prefix,
        code.id,
        String(code.consumedAt),
        at,
        this.#keys.channel,
        this.#events.encode(event),
      ],
    );
    if (reply !== 1) return false;
    this.#events.emit(event);
    return true;
  }

  async setWaiting(run: WaitingRun): Promise<void> {
    await this.#waiting.set(run);
  }

  /** After `close()` this does nothing: the entry then lapses at its deadline or lease. */
  async clearWaiting(id: string): Promise<void> {
    if (!this.#closed) await this.#waiting.clear(id);
  }

  async waiting(at = Date.now()): Promise<WaitingRun[]> {
    return this.#waiting.list(at);
  }

  /** Listeners hear about changes made through any relay sharing the prefix. */
  async subscribe(listener: RelayListener): Promise<() => void> {
    if (this.#closed) throw redisUnavailable(this.#secretUrl, 'the store was closed');
    return this.#events.add(listener);
  }

  /**
   * Removes the runs this store holds open in-process, then quits both connections. Runs with a deadline
   * stay listed until it passes: their clients' next long-poll may reach another relay sharing the Redis.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#waiting.close();
    this.#closed = true;
    this.#events.close();
    await Promise.allSettled([this.#main, this.#sub].map((client) => quit(client, 1000)));
  }

  #statusChanged(status: 'lost' | 'restored', report: RedisRelayStoreOptions['onStatus']): void {
    if (status === 'lost') {
      report?.('lost', redisUnavailable(this.#secretUrl, 'connection lost; reconnecting').message);
      return;
    }
    report?.(
      'restored',
      `Redis at ${this.url} answers again; waits resume. Codes pushed before a restart without persistence are lost.`,
    );
    // Pushes published while the connection was down never arrive: every waiter here looks again, and this
    // relay's runs are listed again (a restarted Redis has none).
    this.#waiting.restore();
    for (const run of this.#waiting.held) {
      this.#events.emit({ type: 'code', identifier: run.identifier, ...optional('runId', run.runId) });
    }
    this.#events.emit({ type: 'waiting' });
  }

  async #run(
    script: RedisScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    if (this.#closed) throw redisUnavailable(this.#secretUrl, 'the store was closed');
    try {
      return await runScript(this.#main, script, keys, args);
    } catch (error) {
      throw error instanceof TwoFactorError ? error : redisUnavailable(this.#secretUrl, redisReason(error));
    }
  }
}

function codeEvent(code: TakenCode): RelayEvent {
  return { type: 'code', identifier: code.identifier, ...optional('runId', code.runId) };
}

/** A presence flag and the value, as the scripts take optional strings (`''` is a value, not absence). */
function flag(value: string | undefined): [string, string] {
  return value === undefined ? ['0', ''] : ['1', value];
}

async function quit(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') {
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ]);
  }
  client.disconnect();
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function positive(value: number, name: string, unit = ' of ms'): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', `Expected \`${name}\` to be a positive number${unit}.`);
  }
  return value;
}
