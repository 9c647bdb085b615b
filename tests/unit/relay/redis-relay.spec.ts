import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { RelayClient, RelayRejectedError } from '../../../src/relay/client.js';
import { freePort, type RedisServer, startRedis } from '../../support/redis.js';
import { expect, KEY, test } from './helpers.js';

// `pw2fa relay` from source (no build needed), as real processes sharing one real Redis.
const CLI = join(import.meta.dirname, '..', '..', '..', 'src', 'cli', 'index.ts');

interface RelayProcess {
  child: ChildProcess;
  client: RelayClient;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

function pw2fa(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', PW2FA_RELAY_KEY: KEY, ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  return { child, output: () => output };
}

async function startRelay(args: string[], env: Record<string, string> = {}): Promise<RelayProcess> {
  const { child, output } = pw2fa(['relay', '--port', '0', ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${output()}`)));
  });
  return { child, output, client: new RelayClient({ url, apiKey: KEY, longPollMs: 20_000 }) };
}

let redis: RedisServer;
let relays: RelayProcess[] = [];
test.beforeAll(async () => {
  redis = await startRedis();
  // One relay gets Redis from the flag, the other from REDIS_URL.
  relays = await Promise.all([startRelay(['--redis', redis.url]), startRelay([], { REDIS_URL: redis.url })]);
});
test.afterAll(async () => {
  for (const relay of relays) relay.child.kill('SIGTERM');
  await redis?.stop();
});

/** Starts `count` waits on `identifier`, alternating between the relays, and resolves once all are parked. */
async function parkWaiters(
  identifier: string,
  count: number,
  expectWaiting: number,
): Promise<Promise<string>[]> {
  const since = Date.now() - 1000;
  const waits = Array.from({ length: count }, async (_, i) => {
    const { client } = relays[i % relays.length] as RelayProcess;
    const got = await client.waitForCode({
      identifier,
      since,
      signal: AbortSignal.timeout(25_000),
      kind: 'sms',
    });
    return got.code ?? '';
  });
  await expect
    .poll(async () => (await relays[0]?.client.waiting())?.length, { timeout: 10_000 })
    .toBe(expectWaiting);
  return waits;
}

/** Pushes `codes` for the identifier spelled as `spelling`, alternating relays, all at once. */
async function pushAll(spelling: string, codes: string[]): Promise<void> {
  await Promise.all(
    codes.map((code, i) =>
      relays[i % relays.length]?.client.push({ identifier: spelling, content: `Your code is ${code}` }),
    ),
  );
}

test('two relay processes on one Redis hand every code to exactly one waiter: none lost, none twice', async () => {
  const password = new URL(redis.url).password;
  for (const relay of relays) {
    expect(relay.output()).toContain(`(codes in Redis at redis://127.0.0.1:${redis.port};`);
    expect(relay.output()).not.toContain(password);
  }
  // Waiters wait on one spelling, pushers use another: routing must agree across processes.
  const groups = [
    { waitOn: 'a@example.com', pushAs: 'A@Example.com', base: 100000 },
    { waitOn: '+15550102030', pushAs: '+1 (555) 010-2030', base: 200000 },
    { waitOn: 'c@example.com', pushAs: 'c@example.com', base: 300000 },
  ];
  const waits = [];
  for (const group of groups) waits.push(await parkWaiters(group.waitOn, 8, (waits.length + 1) * 8));
  const pushed = groups.map((group) => Array.from({ length: 8 }, (_, i) => String(group.base + i)));
  await Promise.all(groups.map((group, g) => pushAll(group.pushAs, pushed[g] ?? [])));

  for (const [g, groupWaits] of waits.entries()) {
    expect((await Promise.all(groupWaits)).sort(), groups[g]?.waitOn).toEqual(pushed[g]);
  }
  const history = await relays[1]?.client.history({ limit: 200 });
  expect(history).toHaveLength(24);
  expect(history?.filter((record) => record.consumedAt === undefined)).toEqual([]);
  await expect.poll(async () => (await relays[1]?.client.waiting())?.length).toBe(0);
});

test('a relay that cannot reach Redis exits at once with one line naming it without the password', async () => {
  const port = await freePort();
  const { child, output } = pw2fa(
    ['relay', '--port', '0', '--redis', `redis://:hunter2-secret@127.0.0.1:${port}`],
    {},
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(output()).toBe(
    `pw2fa: Redis at redis://127.0.0.1:${port} is unavailable (connect ECONNREFUSED 127.0.0.1:${port}). Check that Redis is running and that --redis / REDIS_URL / PW2FA_REDIS_URL points at it.\n`,
  );
});

test('relay processes ride out a Redis restart: 503 while it is down, waits resume, no code twice', async () => {
  test.setTimeout(45_000);
  const waits = await parkWaiters('restart@example.com', 6, 6);
  let delivered = 0;
  for (const wait of waits) void wait.then(() => delivered++);
  await pushAll('restart@example.com', ['400000', '400001']);
  await expect.poll(() => delivered).toBe(2);

  await redis.kill();
  const refused = await relays[0]?.client
    .push({ identifier: 'restart@example.com', content: 'Your code is 499999' })
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(RelayRejectedError);
  expect((refused as RelayRejectedError).status).toBe(503);
  await redis.restart();
  for (const relay of relays) {
    await expect.poll(relay.output, { timeout: 10_000 }).toContain('answers again; waits resume');
    expect(relay.output()).toContain('is unavailable (connection lost; reconnecting)');
    expect(relay.output()).not.toContain(new URL(redis.url).password);
  }

  await expect.poll(async () => (await relays[1]?.client.waiting())?.length, { timeout: 10_000 }).toBe(4);
  await pushAll('restart@example.com', ['400002', '400003', '400004', '400005']);
  const codes = await Promise.all(waits);
  expect(codes.sort()).toEqual(['400000', '400001', '400002', '400003', '400004', '400005']);
});
