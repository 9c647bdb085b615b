import {
  relayClientOptions,
  relayRedisUrl,
  relayServerOptions,
  startRelayFromCli,
} from '../../../src/relay/cli-options.js';
import { expect, test } from './helpers.js';

test.describe('relay CLI options', () => {
  test('reads flags first, then the environment, with safe defaults', () => {
    expect(relayServerOptions({}, { PW2FA_RELAY_KEY: 'env-key-0123456789' })).toEqual({
      apiKey: 'env-key-0123456789',
      host: '127.0.0.1',
      port: 8787,
    });
    expect(
      relayServerOptions(
        {
          apiKey: 'flag-key-0123456789',
          port: '9000',
          codeTtl: '300',
          publicUrl: 'https://relay.example.com',
          twilioIdentifier: 'ops',
        },
        { PW2FA_RELAY_KEY: 'env-key-0123456789', PW2FA_RELAY_HOST: '0.0.0.0', TWILIO_AUTH_TOKEN: 'tw' },
      ),
    ).toEqual({
      apiKey: 'flag-key-0123456789',
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
      'The relay will not start without an API key: pass --api-key <key> or set PW2FA_RELAY_KEY (make one with `pw2fa relay --generate-key` or `openssl rand -hex 32`).',
    );
    await expect(startRelayFromCli({}, {})).rejects.toMatchObject({ code: 'PW2FA_RELAY_KEY_MISSING' });
    expect(() => relayServerOptions({ apiKey: 'cli-test-key-0123456789', port: '80a' }, {})).toThrow(
      'Expected --port to be a whole number from 0 to 65535.',
    );
    expect(() => relayServerOptions({ apiKey: 'cli-test-key-0123456789', codeTtl: '0' }, {})).toThrow(
      'Expected --code-ttl to be a whole number from 1 to 86400.',
    );
    expect(() =>
      relayServerOptions({ apiKey: 'cli-test-key-0123456789', publicUrl: 'relay.example.com' }, {}),
    ).toThrow(/--public-url/);
  });

  test('starts a relay that answers on the port it reports', async () => {
    const relay = await startRelayFromCli({ apiKey: 'cli-test-key-0123456789', port: 0 }, {});
    try {
      expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    } finally {
      await relay.close();
    }
  });

  test('builds push client options from --url / PW2FA_RELAY_URL', () => {
    expect(relayClientOptions({}, { PW2FA_RELAY_KEY: 'cli-test-key-0123456789' })).toEqual({
      url: 'http://127.0.0.1:8787',
      apiKey: 'cli-test-key-0123456789',
    });
    expect(
      relayClientOptions(
        { url: 'http://10.0.0.2:1' },
        { PW2FA_RELAY_KEY: 'cli-test-key-0123456789', PW2FA_RELAY_URL: 'http://x' },
      ),
    ).toEqual({
      url: 'http://10.0.0.2:1',
      apiKey: 'cli-test-key-0123456789',
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
    await expect(
      startRelayFromCli({ apiKey: 'cli-test-key-0123456789', port: 0 }, { REDIS_URL: bad }),
    ).rejects.toMatchObject({
      code: 'PW2FA_BAD_OPTION',
      message: expect.not.stringContaining('hunter2'),
    });
  });
});
