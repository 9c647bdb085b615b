import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { awaitCode } from '../../../src/relay/await-code.js';
import { createRelayHandler } from '../../../src/relay/handler.js';
import { RedisRelayStore, type RedisRelayStoreOptions } from '../../../src/relay/redis-store.js';
import { identifierKey } from '../../../src/relay/store.js';
import { freePort, type RedisServer, startRedis } from '../../support/redis.js';
import { expect, KEY, push, test, waitingFor } from './helpers.js';
import { storeContract } from './store-contract.js';

let redis: RedisServer;
test.beforeAll(async () => {
  redis = await startRedis();
});
test.afterAll(async () => {
  await redis?.stop();
});

const opened: RedisRelayStore[] = [];
/** A store on its own key prefix, closed after the test. */
async function connect(options: Partial<RedisRelayStoreOptions> = {}): Promise<RedisRelayStore> {
  const store = await RedisRelayStore.connect({ url: redis.url, prefix: `t${randomUUID()}:`, ...options });
  opened.push(store);
  return store;
}
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

storeContract('RedisRelayStore', (options) =>
  RedisRelayStore.connect({ url: redis.url, prefix: `c${randomUUID()}:`, ...options }),
);

test.describe('RedisRelayStore across relays', () => {
  test('routes tricky identifiers between two stores exactly as identifierKey does', async () => {
    const prefix = `t${randomUUID()}:`;
    const [a, b] = [await connect({ prefix }), await connect({ prefix })];
    const pairs: [pushed: string, waited: string][] = [
      ['+1 (555) 010-2030', '+15550102030'],
      ['555.010.2030', '+15550102030'],
      [' Me@Example.COM ', 'me@example.com'],
      ['ÄRGER@Beispiel.de', 'ärger@beispiel.de'],
      ['ops:*phone', 'ops:*PHONE'],
      ['ops:*phone', 'ops:phone'],
    ];
    for (const [pushed, waited] of pairs) {
      const added = await a.add({ identifier: pushed, code: '123456', source: 't' });
      const taken = await b.take({ identifier: waited, since: 0 });
      expect(taken?.id ?? null, `${pushed} → ${waited}`).toBe(
        identifierKey(pushed) === identifierKey(waited) ? added.id : null,
      );
      await a.take({ identifier: pushed, since: 0 }); // Leave nothing for the next pair.
    }
  });

  test('a push through one store wakes a wait on another at once', async () => {
    const prefix = `t${randomUUID()}:`;
    const [a, b] = [await connect({ prefix }), await connect({ prefix })];
    const since = Date.now();
    const waited = awaitCode(b, { identifier: 'me@example.com', since, kind: 'email', timeoutMs: 10_000 });
    await waitingFor({ store: a }, 'me@example.com');
    const pushedAt = performance.now();
    await a.add({ identifier: 'me@example.com', code: '482913', source: 't' });
    expect((await waited)?.code).toBe('482913');
    expect(performance.now() - pushedAt).toBeLessThan(1000);
  });

  test('50 takers on two stores race for 10 codes: exactly 10 winners, each code once', async () => {
    const prefix = `t${randomUUID()}:`;
    const stores = [await connect({ prefix }), await connect({ prefix })];
    const pushed = Array.from({ length: 10 }, (_, i) => String(200000 + i));
    await Promise.all(
      pushed.map((code, i) => stores[i % 2]?.add({ identifier: 'race@example.com', code, source: 't' })),
    );
    const taken = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stores[i % 2]?.take({ identifier: 'race@example.com', since: 0 })),
    );
    const winners = taken.flatMap((record) => (record?.code ? [record.code] : []));
    expect(winners).toHaveLength(10);
    expect(winners.sort()).toEqual(pushed);
  });

  test('keeps every key under its prefix with a TTL, hashes identifiers and never stores the pushed text', async () => {
    const prefix = `t${randomUUID()}:`;
    const store = await connect({ prefix, codeTtlMs: 60_000, leaseMs: 5000 });
    const relay = createRelayHandler({ apiKey: KEY, store });
    const content = 'Hello Ada, your sign-in code is 482913. Reply STOP-MARKER to opt out.';
    expect((await push(relay, { totp_identifier: 'ada@example.com', content })).status).toBe(200);
    await store.setWaiting({
      id: 'w',
      identifier: 'ada@example.com',
      kind: 'email',
      since: 0,
      deadline: null,
    });
    await store.take({ identifier: 'ada@example.com', since: 0 });
    await relay.close();

    const raw = new Redis(redis.url);
    try {
      const keys = await raw.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThanOrEqual(6);
      let everything = '';
      for (const key of keys) {
        expect(key, 'identifier in a key name').not.toMatch(/@|example/);
        const ttl = await raw.pttl(key);
        expect(ttl, `TTL of ${key}`).toBeGreaterThan(0);
        expect(ttl, `TTL of ${key}`).toBeLessThanOrEqual(24 * 60 * 60_000);
        const type = await raw.type(key);
        if (type === 'hash') everything += JSON.stringify(await raw.hgetall(key));
        else if (type === 'zset') everything += (await raw.zrange(key, '0', '-1')).join();
        else everything += await raw.get(key);
      }
      expect(everything).toContain('482913');
      expect(everything).not.toContain('STOP-MARKER');
      expect(everything).not.toContain('Hello Ada');
    } finally {
      raw.disconnect();
    }
  });

  test('lists a run held open in-process under a lease that ends when its relay dies', async () => {
    const prefix = `t${randomUUID()}:`;
    const store = await connect({ prefix });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'redis-lease-child.ts')],
      {
        env: { ...process.env, REDIS_URL: redis.url, PREFIX: prefix, LEASE_MS: '600' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const raw = new Redis(redis.url);
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
        child.once('exit', (code) => reject(new Error(`lease child exited with ${code}`)));
      });
      expect(await store.waiting()).toEqual([
        { id: 'held', identifier: 'me@example.com', kind: 'sms', since: 1, deadline: null },
      ]);
      // The lease is renewed while the relay lives: its end moves on.
      const leaseEnd = () => raw.zscore(`${prefix}waiting:until`, 'held').then(Number);
      const first = await leaseEnd();
      await expect.poll(leaseEnd, { timeout: 5000 }).toBeGreaterThan(first);
    } finally {
      child.kill('SIGKILL');
      raw.disconnect();
    }
    await expect.poll(() => store.waiting(), { timeout: 5000 }).toEqual([]);
  });
});

test.describe('RedisRelayStore when Redis is away', () => {
  test('fails at start within the timeout, naming Redis without its password', async () => {
    const port = await freePort();
    const started = performance.now();
    const refused = RedisRelayStore.connect({ url: `redis://:hunter2-secret@127.0.0.1:${port}/0` });
    await expect(refused).rejects.toMatchObject({
      code: 'PW2FA_REDIS_UNAVAILABLE',
      message: `Redis at redis://127.0.0.1:${port}/0 is unavailable (connect ECONNREFUSED 127.0.0.1:${port}). Check that Redis is running and that --redis / REDIS_URL / PW2FA_REDIS_URL points at it.`,
    });
    expect(performance.now() - started).toBeLessThan(5000);

    // A server that accepts connections but never answers: bounded by connectTimeoutMs.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    try {
      const hung = performance.now();
      const error = await RedisRelayStore.connect({
        url: `redis://user:hunter2-secret@127.0.0.1:${silentPort}`,
        connectTimeoutMs: 500,
      }).catch((e: unknown) => e);
      expect(performance.now() - hung).toBeLessThan(2000);
      expect(error).toMatchObject({ code: 'PW2FA_REDIS_UNAVAILABLE' });
      expect(String((error as Error).message)).toContain(
        `Redis at redis://127.0.0.1:${silentPort} is unavailable`,
      );
      expect(JSON.stringify(error) + String(error) + String((error as Error).cause)).not.toContain('hunter2');
    } finally {
      silent.close();
    }

    const wrong = redis.url.replace(/:[^:@/]+@/, ':wrong-hunter2@');
    await expect(RedisRelayStore.connect({ url: wrong })).rejects.toThrow(
      `Redis at redis://127.0.0.1:${redis.port} is unavailable (WRONGPASS invalid username-password pair or user is disabled)`,
    );
  });

  test('fails fast while Redis restarts, recovers by itself, and never hands a code out twice', async () => {
    test.setTimeout(30_000);
    const prefix = `t${randomUUID()}:`;
    const statuses: string[] = [];
    const onStatus = (status: string, message: string) => {
      expect(message).not.toContain(new URL(redis.url).password);
      statuses.push(status);
    };
    const [a, b] = [await connect({ prefix, onStatus }), await connect({ prefix, onStatus })];
    const relay = createRelayHandler({ apiKey: KEY, store: a });
    await a.add({ identifier: 'me@example.com', code: '111111', source: 't' });
    expect((await b.take({ identifier: 'me@example.com', since: 0 }))?.code).toBe('111111');
    await a.add({ identifier: 'lost@example.com', code: '222222', source: 't' });
    const since = Date.now();
    const waited = awaitCode(b, { identifier: 'later@example.com', since, kind: 'sms', timeoutMs: 25_000 });
    await waitingFor({ store: b }, 'later@example.com');
    // Sent after the waiter's first take, so once this answers the waiter is parked, not mid-command.
    await b.history({ limit: 1 });

    await redis.kill();
    const failedAt = performance.now();
    const unavailable = { code: 'PW2FA_REDIS_UNAVAILABLE', message: expect.stringContaining('127.0.0.1') };
    await expect(a.add({ identifier: 'me@example.com', code: '333333', source: 't' })).rejects.toMatchObject(
      unavailable,
    );
    await expect(b.take({ identifier: 'me@example.com', since: 0 })).rejects.toMatchObject(unavailable);
    expect(performance.now() - failedAt).toBeLessThan(1000);
    const refused = await push(relay, { totp_identifier: 'me@example.com', content: '444444' });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      error: { code: 'store_unavailable', message: "The relay's Redis store is unavailable; retry shortly." },
    });

    await redis.restart();
    await expect.poll(() => statuses.filter((s) => s === 'restored').length, { timeout: 10_000 }).toBe(2);
    expect(statuses.filter((s) => s === 'lost')).toHaveLength(2);
    // No persistence: what was pushed before the restart is gone (documented), and never handed out.
    expect(await b.take({ identifier: 'lost@example.com', since: 0 })).toBeNull();
    // The wait parked on b through the outage resumes: a push through a reaches it.
    await waitingFor({ store: a }, 'later@example.com');
    await a.add({ identifier: 'later@example.com', code: '555555', source: 't' });
    expect((await waited)?.code).toBe('555555');
    const after = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        [a, b][i % 2]?.take({ identifier: 'later@example.com', since: 0 }),
      ),
    );
    expect(after.filter(Boolean)).toEqual([]);
    await relay.close();
  });
});
