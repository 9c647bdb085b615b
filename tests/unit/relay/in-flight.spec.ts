import { randomUUID } from 'node:crypto';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { test as base } from '@playwright/test';
import { RelayClient } from '../../../src/relay/client.js';
import { MemoryRelayStore } from '../../../src/relay/memory-store.js';
import { RedisRelayStore } from '../../../src/relay/redis-store.js';
import { RelayServer } from '../../../src/relay/server.js';
import type { RelayCode, RelayStore, TakeQuery } from '../../../src/relay/store.js';
import { type RedisServer, startRedis } from '../../support/redis.js';
import { expect, KEY } from './helpers.js';

const ME = 'me@example.com';

/**
 * A store whose `take` runs `afterTake` once it has taken a code and before it hands it over: the worst
 * moment for the waiter's connection to drop (the code is consumed, nothing is written yet).
 */
function withHook(inner: RelayStore, afterTake: (code: RelayCode) => Promise<void>): RelayStore {
  return new Proxy(inner, {
    get(target, name, receiver) {
      if (name === 'take') {
        return async (query: TakeQuery) => {
          const code = await target.take(query);
          if (code) await afterTake(code);
          return code;
        };
      }
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A long-poll with node:http on its own socket, so the test can kill exactly this client. */
function rawWait(url: string, ack = false): { req: ClientRequest; closed: Promise<void> } {
  const query = new URLSearchParams({
    totp_identifier: ME,
    since: String(Date.now() - 60_000),
    timeout: '10000',
    ...(ack ? { ack: '1' } : {}),
  });
  const req = httpRequest(`${url}/v1/wait?${query}`, { headers: { 'x-api-key': KEY }, agent: false });
  const closed = new Promise<void>((resolve) => req.once('close', () => resolve()));
  req.on('error', () => {});
  req.end();
  return { req, closed };
}

let redis: RedisServer | undefined;
const test = base.extend<{ stores: Array<[string, () => Promise<RelayStore>]> }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  stores: async ({}, use) => {
    redis ??= await startRedis();
    const url = redis.url;
    await use([
      ['memory', async () => new MemoryRelayStore()],
      ['redis', () => RedisRelayStore.connect({ url, prefix: `t${randomUUID()}:` })],
    ]);
  },
});
test.afterAll(async () => {
  await redis?.stop();
});

test.describe('no code lost in flight', () => {
  test('a code taken for a waiter killed before the answer was written goes back to the queue', async ({
    stores,
  }) => {
    for (const [name, make] of stores) {
      let kill: (() => Promise<void>) | undefined;
      const store = withHook(await make(), async () => {
        await kill?.();
      });
      const server = await RelayServer.start({ apiKey: KEY, store, closeStore: true });
      try {
        for (let round = 0; round < 10; round++) {
          const victim = rawWait(server.url);
          await expect.poll(async () => (await store.waiting()).length, { message: name }).toBe(1);
          kill = async () => {
            kill = undefined;
            victim.req.destroy();
            await victim.closed;
            // Let the relay see the connection close before the take returns.
            await new Promise((resolve) => setTimeout(resolve, 50));
          };
          const pushed = await new RelayClient({ url: server.url, apiKey: KEY }).push({
            identifier: ME,
            content: `code ${100000 + round}`,
          });
          // The next waiter receives the very code the killed one was handed.
          const next = await new RelayClient({ url: server.url, apiKey: KEY }).waitForCode({
            identifier: ME,
            since: Date.now() - 60_000,
            signal: AbortSignal.timeout(10_000),
            kind: 'sms',
          });
          expect(next, `${name} round ${round}`).toMatchObject({ id: pushed.id, code: pushed.code });
        }
      } finally {
        await server.close();
      }
    }
  });

  test('waiters killed at any moment, before or after the answer, lose no code and get none twice', async ({
    stores,
  }) => {
    test.setTimeout(120_000);
    for (const [name, make] of stores) {
      const store = await make();
      const server = await RelayServer.start({ apiKey: KEY, store, ackTimeoutMs: 300 });
      const pusher = new RelayClient({ url: server.url, apiKey: KEY });
      const pushes = 100;
      const kept: string[] = [];
      const outcomes = { killedWaiting: 0, diedBeforeAck: 0, refusedAck: 0 };
      let pushing = true;
      try {
        // 8 waiters that keep starting long-polls and killing them after 0–1000 ms, while codes arrive;
        // every third one that does receive a code dies before acknowledging it.
        const waiters = Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; pushing; i++) {
            const got = await killedWait(server.url, (w * 37 + i * 53) % 1000);
            if (!got) outcomes.killedWaiting++;
            else if (i % 3 === 0) outcomes.diedBeforeAck++;
            else if (await acknowledge(server.url, got)) kept.push(got.totp_code_id);
            else outcomes.refusedAck++;
          }
        });
        const ids: string[] = [];
        for (let i = 0; i < pushes; i++) {
          ids.push((await pusher.push({ identifier: ME, content: `code ${200000 + i}` })).id);
          await new Promise((resolve) => setTimeout(resolve, i % 3));
        }
        pushing = false;
        await Promise.all(waiters);
        // Closing the relay ends the long-polls of killed waiters it had not noticed yet; the holds of
        // those that died with a code lapse after 300 ms, and every code is back for the next waiter.
        await server.close();
        await new Promise((resolve) => setTimeout(resolve, 400));
        const left: string[] = [];
        for (;;) {
          const code = await store.take({ identifier: ME, since: 0 });
          if (!code) break;
          left.push(code.id);
        }
        console.log(
          `${name}: ${pushes} pushes, ${kept.length} acknowledged, ${left.length} back in the queue; ` +
            `killed while waiting ${outcomes.killedWaiting}, died before acknowledging ${outcomes.diedBeforeAck}, ` +
            `acknowledgement refused (hold lapsed) ${outcomes.refusedAck}`,
        );
        expect(new Set(kept).size, name).toBe(kept.length);
        expect([...kept, ...left].sort(), name).toEqual([...ids].sort());
        // Both worst moments happened (how often depends on the machine's load).
        expect(outcomes.killedWaiting, name).toBeGreaterThan(0);
        expect(outcomes.diedBeforeAck, name).toBeGreaterThan(0);
      } finally {
        await server.close();
        await store.close();
      }
    }
  });

  test('a held code is final once acknowledged, handed out again when not, and a late ack is refused', async ({
    stores,
  }) => {
    for (const [name, make] of stores) {
      const server = await RelayServer.start({
        apiKey: KEY,
        store: await make(),
        closeStore: true,
        ackTimeoutMs: 200,
      });
      try {
        const pusher = new RelayClient({ url: server.url, apiKey: KEY });
        await pusher.push({ identifier: ME, content: 'code 111111' });
        const first = await killedWait(server.url, 10_000);
        expect(first?.ack_by, name).toEqual(expect.any(String));
        // Not acknowledged: after the hold the next waiter gets the same code, and the first may not keep it.
        const second = await killedWait(server.url, 10_000);
        expect(second?.totp_code_id, name).toBe(first?.totp_code_id);
        expect(await acknowledge(server.url, second), name).toBe(true);
        expect(await acknowledge(server.url, first), name).toBe(false);
        // Acknowledged: nobody gets it again, even after the hold.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await killedWait(server.url, 500), name).toBeNull();
        // RelayClient acknowledges by itself.
        await pusher.push({ identifier: ME, content: 'code 222222' });
        const got = await pusher.waitForCode({
          identifier: ME,
          since: Date.now() - 60_000,
          signal: AbortSignal.timeout(10_000),
          kind: 'sms',
        });
        expect(got.code, name).toBe('222222');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await killedWait(server.url, 500), name).toBeNull();
      } finally {
        await server.close();
      }
    }
  });
});

interface WireTake {
  totp_code_id: string;
  totp_identifier: string;
  consumed_at: string;
  ack_by?: string;
}

async function acknowledge(url: string, take: WireTake | null): Promise<boolean> {
  if (!take) return false;
  const response = await fetch(`${url}/v1/wait/ack`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    body: JSON.stringify(take),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

/** A long-poll (`ack=1`) killed after `afterMs` unless it was answered first; resolves what it received. */
async function killedWait(url: string, afterMs: number): Promise<WireTake | null> {
  const { req, closed } = rawWait(url, true);
  let answering = false;
  const body = new Promise<WireTake | null>((resolve) => {
    req.once('response', (res) => {
      answering = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('close', () => {
        const ok = res.complete && res.statusCode === 200;
        resolve(ok ? (JSON.parse(text) as WireTake) : null);
      });
    });
    void closed.then(() => {
      if (!answering) resolve(null);
    });
  });
  const timer = setTimeout(() => req.destroy(), afterMs);
  const got = await body;
  clearTimeout(timer);
  req.destroy();
  return got;
}
