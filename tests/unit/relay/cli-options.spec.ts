import {
  relayClientOptions,
  relayRedisUrl,
  relayServerOptions,
  startRelayFromCli,
} from '../../../src/relay/cli-options.js';
import { expect, test } from './helpers.js';

test.describe('relay CLI options', () => {
  test('reads flags first, then the environment, with safe defaults', () => {
    expect(relayServerOptions({}, { PW2FA_RELAY_KEY: 'env-key' })).toEqual({
      apiKey: 'env-key',
      host: '127.0.0.1',
      port: 8787,
    });
    expect(
      relayServerOptions(
        {
          apiKey: 'flag-key',
          port: '9000',
          codeTtl: '300',
          publicUrl: 'https://relay.example.com',
          twilioIdentifier: 'ops',
        },
        { PW2FA_RELAY_KEY: 'env-key', PW2FA_RELAY_HOST: '0.0.0.0', TWILIO_AUTH_TOKEN: 'tw' },
      ),
    ).toEqual({
      apiKey: 'flag-key',
      host: '0.0.0.0',
      port: 9000,
      codeTtlMs: 300_000,
      publicUrl: 'https://relay.example.com',
      twilioAuthToken: 'tw',
      twilioIdentifier: 'ops',
    });
  });

  test('refuses to start without a key, and names each bad flag', async () => {
    expect(() => relayServerOptions({}, {})).toThrow(
      'The relay will not start without an API key: pass --api-key <key> or set PW2FA_RELAY_KEY (make one with `openssl rand -hex 32`).',
    );
    await expect(startRelayFromCli({}, {})).rejects.toMatchObject({ code: 'PW2FA_RELAY_KEY_MISSING' });
    expect(() => relayServerOptions({ apiKey: 'k', port: '80a' }, {})).toThrow(
      'Expected --port to be a whole number from 0 to 65535.',
    );
    expect(() => relayServerOptions({ apiKey: 'k', codeTtl: '0' }, {})).toThrow(
      'Expected --code-ttl to be a whole number from 1 to 86400.',
    );
    expect(() => relayServerOptions({ apiKey: 'k', publicUrl: 'relay.example.com' }, {})).toThrow(
      /--public-url/,
    );
  });

  test('starts a relay that answers on the port it reports', async () => {
    const relay = await startRelayFromCli({ apiKey: 'k', port: 0 }, {});
    try {
      expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    } finally {
      await relay.close();
    }
  });

  test('builds push client options from --url / PW2FA_RELAY_URL', () => {
    expect(relayClientOptions({}, { PW2FA_RELAY_KEY: 'k' })).toEqual({
      url: 'http://127.0.0.1:8787',
      apiKey: 'k',
    });
    expect(
      relayClientOptions({ url: 'http://10.0.0.2:1' }, { PW2FA_RELAY_KEY: 'k', PW2FA_RELAY_URL: 'http://x' }),
    ).toEqual({
      url: 'http://10.0.0.2:1',
      apiKey: 'k',
    });
    expect(() => relayClientOptions({}, {})).toThrow(/needs the relay's API key/);
  });

  test('takes the Redis URL from --redis, then PW2FA_REDIS_URL, then REDIS_URL; --no-redis keeps codes in memory', () => {
    const env = { PW2FA_REDIS_URL: 'redis://pw2fa:6379', REDIS_URL: 'redis://shared:6379' };
    expect(relayRedisUrl({ redis: 'rediss://:pw@flag:6380/1' }, env)).toBe('rediss://:pw@flag:6380/1');
    expect(relayRedisUrl({}, env)).toBe('redis://pw2fa:6379');
    expect(relayRedisUrl({}, { REDIS_URL: 'redis://shared:6379' })).toBe('redis://shared:6379');
    expect(relayRedisUrl({ redis: false }, env)).toBeUndefined();
    expect(relayRedisUrl({}, {})).toBeUndefined();
  });

  test('refuses a Redis URL that is not one, without echoing it (it may hold a password)', async () => {
    const bad = 'cache.internal:6379?password=hunter2';
    expect(() => relayRedisUrl({ redis: bad }, {})).toThrow(
      'Expected --redis (or REDIS_URL) to be a redis:// or rediss:// URL, e.g. redis://:password@127.0.0.1:6379/0.',
    );
    await expect(startRelayFromCli({ apiKey: 'k', port: 0 }, { REDIS_URL: bad })).rejects.toMatchObject({
      code: 'PW2FA_BAD_OPTION',
      message: expect.not.stringContaining('hunter2'),
    });
  });
});
