import { TwoFactorError } from '../errors.js';
import type { Coordinator } from './coordinator.js';
import { LocalCoordinator } from './local-coordinator.js';
import { redactRedisUrl } from './redis-connection.js';
import { RedisCoordinator } from './redis-coordinator.js';

let shared: Promise<Coordinator> | undefined;

/** The Redis URL workers share, from `PW2FA_REDIS_URL` or `REDIS_URL`. */
export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.PW2FA_REDIS_URL || env.REDIS_URL || undefined;
}

/**
 * Opens the coordinator the environment asks for (see `defaultCoordinator`), without sharing it.
 *
 * @example
 * const coordinator = await openCoordinator({ REDIS_URL: 'redis://127.0.0.1:6379' });
 */
export async function openCoordinator(env: NodeJS.ProcessEnv = process.env): Promise<Coordinator> {
  const url = redisUrlFromEnv(env);
  if (!url) return new LocalCoordinator();
  try {
    const redis = await RedisCoordinator.connect(url);
    redis.unrefSocket();
    return redis;
  } catch (error) {
    if (env.PW2FA_REDIS_FALLBACK !== 'local' || !(error instanceof TwoFactorError)) throw error;
    process.emitWarning(
      `Redis at ${redactRedisUrl(url)} is unreachable; coordinating on this machine only (PW2FA_REDIS_FALLBACK=local).`,
      { code: 'PW2FA_REDIS_FALLBACK' },
    );
    return new LocalCoordinator();
  }
}

/**
 * The process's coordinator: Redis when `PW2FA_REDIS_URL` / `REDIS_URL` is set (so every machine of a CI
 * run shares TOTP windows), lock files in the temp directory otherwise. Opened once, on first need.
 * Redis unreachable → `PW2FA_REDIS_UNAVAILABLE`, or local-only when `PW2FA_REDIS_FALLBACK=local`.
 *
 * @example
 * const coordinator = await defaultCoordinator();
 */
export function defaultCoordinator(env: NodeJS.ProcessEnv = process.env): Promise<Coordinator> {
  shared ??= openCoordinator(env);
  return shared;
}
