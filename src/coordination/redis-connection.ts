import type { Redis } from 'ioredis';
import { TwoFactorError } from '../errors.js';

/**
 * Redis connections for the relay store and the coordinator, opened so that failures are bounded and
 * printable: a server that is down fails within the timeout instead of queueing commands forever, no
 * command is silently re-sent after a reconnect (a `take` must never run twice), and every error names the
 * URL without its credentials.
 */

export interface RedisConnectionOptions {
  /** Longest wait for the connection, and for any one command's answer, in ms. */
  timeoutMs: number;
  /** Shown by `CLIENT LIST`, so an operator can tell relay connections apart. */
  name: string;
}

/**
 * The URL as it may be printed: no user name, no password, no password-like query parameters.
 *
 * @example
 * redactRedisUrl('redis://:hunter2@cache.internal:6379/0') // 'redis://cache.internal:6379/0'
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|auth|key/i.test(name)) parsed.searchParams.set(name, '…');
    }
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

/**
 * The one error thrown for a Redis that cannot be used, mid-run or at start.
 *
 * @example
 * throw redisUnavailable('redis://:pw@10.0.0.5:6379', 'connect ECONNREFUSED 10.0.0.5:6379');
 */
export function redisUnavailable(url: string, reason: string): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_REDIS_UNAVAILABLE',
    `Redis at ${redactRedisUrl(url)} is unavailable (${reason}). Check that Redis is running and that --redis / REDIS_URL / PW2FA_REDIS_URL points at it.`,
    // ioredis errors carry the command's arguments (codes among them), so only the reason is kept.
    { cause: new Error(reason) },
  );
}

/**
 * A failure's first line, without anything URL-like: safe to print.
 *
 * @example
 * redisReason(new Error('connect ECONNREFUSED 127.0.0.1:6379')) // 'connect ECONNREFUSED 127.0.0.1:6379'
 */
export function redisReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // ioredis' words for "Redis is away" name its options; say what happened instead.
  if (message.includes('enableOfflineQueue')) return 'not connected; reconnecting';
  if (message.includes('maxRetriesPerRequest')) return 'the connection dropped during the command';
  const line = (message.split('\n')[0] ?? '').replace(/rediss?:\/\/\S+/g, 'redis://…').trim();
  return line.slice(0, 200).replace(/\.$/, '') || 'unknown error';
}

/**
 * Opens one connection and checks it with PING; rejects with `PW2FA_REDIS_UNAVAILABLE` within
 * `timeoutMs`. Afterwards the client reconnects by itself (100 ms backoff growing to 1 s) and commands
 * issued while it is away fail at once.
 *
 * @example
 * const redis = await openRedis('redis://127.0.0.1:6379', { timeoutMs: 5000, name: 'pw2fa-relay' });
 */
export async function openRedis(url: string, options: RedisConnectionOptions): Promise<Redis> {
  if (!/^rediss?:\/\/[^/]/.test(url)) {
    // The value itself is not echoed: it may hold a password.
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected the Redis URL to start with redis:// or rediss://, e.g. redis://:password@127.0.0.1:6379/0.',
    );
  }
  let RedisClient: typeof Redis;
  try {
    ({ Redis: RedisClient } = await import('ioredis'));
  } catch {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'Using Redis needs `ioredis`: npm install ioredis.');
  }
  const client = new RedisClient(url, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs,
    commandTimeout: options.timeoutMs,
    // Fail fast while Redis is away instead of buffering commands in memory until it returns.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // The store re-subscribes itself, so it knows when events can be trusted again.
    autoResubscribe: false,
    connectionName: options.name,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  return connectChecked(client, url, options.timeoutMs);
}

/**
 * Connects `client` (created with `lazyConnect`) and PINGs it, within `timeoutMs`.
 *
 * @example
 * const sub = await connectChecked(redis.duplicate(), url, 5000);
 */
export async function connectChecked(client: Redis, url: string, timeoutMs: number): Promise<Redis> {
  // ioredis rejects `connect()` with a bare "Connection is closed"; the reason comes as an event.
  let reason = '';
  const remember = (error: unknown) => {
    reason = redisReason(error);
  };
  // Without a listener ioredis prints every failed reconnect; callers see failures on their commands.
  client.on('error', () => undefined);
  client.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    throw redisUnavailable(url, reason || redisReason(error));
  } finally {
    clearTimeout(timer);
    client.off('error', remember);
  }
  return client;
}

/**
 * Runs a Redis command, turning connection failures into `PW2FA_REDIS_UNAVAILABLE`.
 *
 * @example
 * const [seconds] = await redisCall(url, () => redis.time());
 */
export async function redisCall<T>(url: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    // A reply error is Redis answering (e.g. a script bug), not Redis being away.
    if (error instanceof TwoFactorError || (error instanceof Error && error.name === 'ReplyError'))
      throw error;
    throw redisUnavailable(url, redisReason(error));
  }
}
