import { TwoFactorError } from '../errors.js';
import { assertKeyLength } from './auth.js';
import type { RelayClientOptions } from './client.js';
import type { RelayConnectionLimits } from './connection-guard.js';
import { RedisRelayStore, type RedisRelayStoreOptions } from './redis-store.js';
import { RelayServer, type RelayServerOptions } from './server.js';

/** Port `pw2fa relay` listens on and `pw2fa push` talks to unless told otherwise. */
export const DEFAULT_RELAY_PORT = 8787;

/** Flags of `pw2fa relay`, as a CLI parser hands them over (strings or numbers). */
export interface RelayCliFlags {
  host?: string;
  port?: string | number;
  apiKey?: string;
  twilioAuthToken?: string;
  twilioIdentifier?: string;
  publicUrl?: string;
  /** Seconds a pushed code stays usable (default 600). */
  codeTtl?: string | number;
  /** Redis URL to keep codes in, shared by every relay using it; `false` (`--no-redis`) ignores the env. */
  redis?: string | false;
  /** Seconds a client may take to send the request headers (default 10). */
  headersTimeout?: string | number;
  /** Seconds a client may take to send the whole request, body included (default 20). */
  requestTimeout?: string | number;
  /** Seconds an idle keep-alive connection stays open (default 5). */
  keepAliveTimeout?: string | number;
  /** Most connections open at once from one address (default 256). */
  maxConnectionsPerAddress?: string | number;
  /** Most connections open at once in total (default 1024). */
  maxConnections?: string | number;
}

/** Flags of `pw2fa push`. */
export interface PushCliFlags {
  url?: string;
  apiKey?: string;
}

const KEY_HINT =
  'pass --api-key <key> or set PW2FA_RELAY_KEY (make one with `pw2fa relay --generate-key` or `openssl rand -hex 32`)';

/**
 * Turns `pw2fa relay` flags plus environment (`PW2FA_RELAY_KEY`, `PW2FA_RELAY_HOST`, `PW2FA_RELAY_PORT`,
 * `PW2FA_RELAY_PUBLIC_URL`, `TWILIO_AUTH_TOKEN`) into server options, with a clear error for each bad
 * value. Flags win over the environment.
 *
 * @example
 * relayServerOptions({ port: '9000' }, { PW2FA_RELAY_KEY: 'k' }) // { host: '127.0.0.1', port: 9000, apiKey: 'k' }
 */
export function relayServerOptions(
  flags: RelayCliFlags,
  env: NodeJS.ProcessEnv = process.env,
): RelayServerOptions {
  const apiKey = flags.apiKey ?? env.PW2FA_RELAY_KEY;
  if (!apiKey?.trim()) {
    throw new TwoFactorError(
      'PW2FA_RELAY_KEY_MISSING',
      `The relay will not start without an API key: ${KEY_HINT}.`,
    );
  }
  assertKeyLength(apiKey);
  const port = integer(flags.port ?? env.PW2FA_RELAY_PORT ?? DEFAULT_RELAY_PORT, '--port', 0, 65_535);
  const twilioAuthToken = flags.twilioAuthToken ?? env.TWILIO_AUTH_TOKEN;
  const publicUrl = flags.publicUrl ?? env.PW2FA_RELAY_PUBLIC_URL;
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected --public-url to be an http(s) URL, e.g. https://relay.example.com.',
    );
  }
  return {
    apiKey,
    host: flags.host ?? env.PW2FA_RELAY_HOST ?? '127.0.0.1',
    port,
    ...(twilioAuthToken ? { twilioAuthToken } : {}),
    ...(flags.twilioIdentifier ? { twilioIdentifier: flags.twilioIdentifier } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(flags.codeTtl === undefined
      ? {}
      : { codeTtlMs: integer(flags.codeTtl, '--code-ttl', 1, 86_400) * 1000 }),
    ...connectionLimits(flags),
  };
}

/** The server's timeouts (seconds on the command line) and connection caps, only those given. */
function connectionLimits(flags: RelayCliFlags): RelayConnectionLimits {
  const seconds = (value: string | number | undefined, flag: string) =>
    value === undefined ? undefined : integer(value, flag, 1, 3600) * 1000;
  const count = (value: string | number | undefined, flag: string) =>
    value === undefined ? undefined : integer(value, flag, 1, 1_000_000);
  const limits: { [K in keyof RelayConnectionLimits]: number | undefined } = {
    headersTimeoutMs: seconds(flags.headersTimeout, '--headers-timeout'),
    requestTimeoutMs: seconds(flags.requestTimeout, '--request-timeout'),
    keepAliveTimeoutMs: seconds(flags.keepAliveTimeout, '--keep-alive-timeout'),
    maxConnectionsPerAddress: count(flags.maxConnectionsPerAddress, '--max-connections-per-address'),
    maxConnections: count(flags.maxConnections, '--max-connections'),
  };
  return Object.fromEntries(
    Object.entries(limits).filter(([, value]) => value !== undefined),
  ) as RelayConnectionLimits;
}

/**
 * The Redis URL `pw2fa relay` keeps codes in: `--redis`, else `PW2FA_REDIS_URL`, else `REDIS_URL`;
 * `undefined` (codes in memory) when none is set or `--no-redis` was given.
 *
 * @example
 * relayRedisUrl({}, { REDIS_URL: 'redis://127.0.0.1:6379' }) // 'redis://127.0.0.1:6379'
 */
export function relayRedisUrl(
  flags: RelayCliFlags,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (flags.redis === false) return undefined;
  const url = flags.redis || env.PW2FA_REDIS_URL || env.REDIS_URL || undefined;
  if (url !== undefined && !/^rediss?:\/\/[^/]/.test(url)) {
    // Not echoed: a Redis URL may carry a password.
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected --redis (or REDIS_URL) to be a redis:// or rediss:// URL, e.g. redis://:password@127.0.0.1:6379/0.',
    );
  }
  return url;
}

/** What {@link startRelayFromCli} takes besides flags: an own store, and where to report problems. */
export interface RelayCliExtras extends Pick<RelayServerOptions, 'store' | 'onError'> {
  /** Told when the Redis connection is lost and back (messages name Redis without its password). */
  onRedisStatus?: RedisRelayStoreOptions['onStatus'];
}

/**
 * What `pw2fa relay` runs: validates the flags, connects to Redis when one is configured (failing within
 * 5 s with `PW2FA_REDIS_UNAVAILABLE` if it does not answer) and starts the server, which then owns the
 * store. The CLI prints `relay.url` and closes the relay on SIGINT/SIGTERM.
 *
 * @example
 * const relay = await startRelayFromCli({ port: 8787, redis: 'redis://127.0.0.1:6379' });
 * process.once('SIGINT', () => void relay.close());
 */
export async function startRelayFromCli(
  flags: RelayCliFlags,
  env: NodeJS.ProcessEnv = process.env,
  extra: RelayCliExtras = {},
): Promise<RelayServer> {
  const { onRedisStatus, ...serverExtras } = extra;
  const options = { ...relayServerOptions(flags, env), ...serverExtras };
  const url = options.store ? undefined : relayRedisUrl(flags, env);
  if (url === undefined) return RelayServer.start(options);
  const store = await RedisRelayStore.connect({
    url,
    ...(options.codeTtlMs === undefined ? {} : { codeTtlMs: options.codeTtlMs }),
    ...(onRedisStatus ? { onStatus: onRedisStatus } : {}),
  });
  return RelayServer.start({ ...options, store, closeStore: true });
}

/**
 * Client options for `pw2fa push`: `--url` or `PW2FA_RELAY_URL` (default the local relay), `--api-key` or
 * `PW2FA_RELAY_KEY`.
 *
 * @example
 * await new RelayClient(relayClientOptions(flags)).push({ identifier, content })
 */
export function relayClientOptions(
  flags: PushCliFlags,
  env: NodeJS.ProcessEnv = process.env,
): RelayClientOptions {
  const apiKey = flags.apiKey ?? env.PW2FA_RELAY_KEY;
  if (!apiKey?.trim())
    throw new TwoFactorError('PW2FA_RELAY_KEY_MISSING', `Pushing needs the relay's API key: ${KEY_HINT}.`);
  const url = flags.url ?? env.PW2FA_RELAY_URL ?? `http://127.0.0.1:${DEFAULT_RELAY_PORT}`;
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected --url to be the relay URL, e.g. http://127.0.0.1:8787.',
    );
  }
  return { url, apiKey };
}

function integer(value: string | number, flag: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected ${flag} to be a whole number from ${min} to ${max}.`,
    );
  }
  return n;
}
