import type { Redis } from 'ioredis';
import { TwoFactorError } from '../errors.js';

/**
 * Connecting to Redis with errors a person can act on: the URL is named (password removed), a server that
 * is down fails in bounded time instead of queueing commands forever, and a restart mid-run reconnects.
 */

export interface RedisConnectOptions {
  /** Longest wait for the first connection, ms (default 5000). */
  connectTimeoutMs?: number;
}

/**
 * The URL as it may be printed: without user name or password.
 *
 * @example
 * redactRedisUrl('redis://:hunter2@cache.internal:6379/0') // 'redis://cache.internal:6379/0'
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

/**
 * The error for a Redis that cannot be reached, naming the URL without its credentials.
 *
 * @example
 * throw redisUnavailable(url, 'connection refused');
 */
export function redisUnavailable(url: string, reason: string, cause?: unknown): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_REDIS_UNAVAILABLE',
    `Redis at ${redactRedisUrl(url)} is unreachable (${reason}). Start it, fix REDIS_URL, or unset it to coordinate on this machine only.`,
    cause === undefined ? undefined : { cause },
  );
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // ioredis messages may echo the command's arguments; keep only the first line, minus anything URL-like.
  return (message.split('\n')[0] ?? 'unknown error').replace(/redis:\/\/\S+/g, 'redis://…').slice(0, 200);
}

/**
 * Opens a connection and checks it with PING. Commands issued while Redis is down fail at once (no
 * offline queue) with `PW2FA_REDIS_UNAVAILABLE`; the client keeps reconnecting in the background.
 *
 * @example
 * const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 */
export async function connectRedis(url: string, opts: RedisConnectOptions = {}): Promise<Redis> {
  let RedisClass: typeof import('ioredis').Redis;
  try {
    ({ Redis: RedisClass } = await import('ioredis'));
  } catch (error) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'Redis needs the `ioredis` package: npm install ioredis.', {
      cause: error,
    });
  }
  const timeout = opts.connectTimeoutMs ?? 5000;
  let client: Redis;
  try {
    client = new RedisClass(url, {
      lazyConnect: true,
      connectTimeout: timeout,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Back off up to 1 s between reconnects; never give up while the process wants Redis.
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
  } catch (error) {
    throw redisUnavailable(url, reasonOf(error), error);
  }
  // Without a listener ioredis prints every reconnect failure; callers see failures on their commands.
  client.on('error', () => undefined);
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout),
      ),
    ]);
  } catch (error) {
    client.disconnect();
    throw redisUnavailable(url, reasonOf(error), error);
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
    throw redisUnavailable(url, reasonOf(error), error);
  }
}
