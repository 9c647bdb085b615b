import { getEventListeners } from 'node:events';
import { test as base } from '@playwright/test';
import { awaitCode } from '../../../src/relay/await-code.js';
import { RelayClient } from '../../../src/relay/client.js';
import { MemoryRelayStore } from '../../../src/relay/memory-store.js';
import { RelayServer } from '../../../src/relay/server.js';
import { expect, get, test as handlerTest, KEY, waitingFor } from './helpers.js';

const ME = 'me@example.com';
const MINUTE = 60_000;

const test = base.extend<{ server: RelayServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  server: async ({}, use) => {
    const server = await RelayServer.start({ apiKey: KEY });
    await use(server);
    await server.close();
  },
});

/** Timers alive in this process (Node's own count), to show a wait leaves none behind. */
const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

test.describe('no listener or timer left behind', () => {
  test('300 empty long-polls on one long-lived signal leave no abort listener on it', async ({ server }) => {
    const client = new RelayClient({ url: server.url, apiKey: KEY, longPollMs: 1 });
    const signal = new AbortController().signal;
    let polls = 0;
    let most = 0;
    const counted = new Promise<void>((resolve) => {
      void server.store.subscribe((event) => {
        if (event.type !== 'waiting') return;
        most = Math.max(most, getEventListeners(signal, 'abort').length);
        if (++polls >= 600) resolve(); // listed + cleared: two events per poll
      });
    });
    const got = client.waitForCode({ identifier: ME, since: Date.now(), signal, kind: 'sms' });
    await counted;
    expect(most).toBeLessThanOrEqual(1);
    await client.push({ identifier: ME, content: '271828' });
    expect((await got).code).toBe('271828');
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  test('retries after failures and an abort leave no listener and no timer', async () => {
    const before = timers();
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed');
    };
    const client = new RelayClient({ url: 'http://127.0.0.1:9', apiKey: KEY, fetch: failing });
    const controller = new AbortController();
    const waiting = client.waitForCode({
      identifier: ME,
      since: Date.now(),
      signal: controller.signal,
      kind: 'sms',
    });
    await expect.poll(() => calls).toBeGreaterThanOrEqual(3); // 250 + 500 ms of back-off
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'PW2FA_ABORTED' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test('500 in-process waits on one signal, timed out or answered, leave nothing on it', async () => {
    const store = new MemoryRelayStore();
    const signal = new AbortController().signal;
    const before = timers();
    for (let i = 0; i < 500; i++) {
      if (i % 50 === 0) await store.add({ identifier: ME, code: String(100000 + i), source: 'test' });
      await awaitCode(store, { identifier: ME, since: 0, kind: 'sms', timeoutMs: 1, signal });
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(timers()).toBeLessThanOrEqual(before);
    await store.close();
  });
});

test.describe("the waiter's `since` on the relay's clock", () => {
  for (const skewMinutes of [-10, 10]) {
    test(`a client whose clock is ${skewMinutes} minutes off gets the fresh code and not the old one`, async ({
      server,
    }) => {
      const skewed = () => Date.now() + skewMinutes * MINUTE;
      const client = new RelayClient({ url: server.url, apiKey: KEY });
      // Pushed 30 s before the prompt (relay clock): an old code this login must not receive.
      await server.store.add({ identifier: ME, code: '111111', source: 'test', at: Date.now() - 30_000 });
      const realFetch = globalThis.fetch;
      // The client sends `now` from its own (skewed) clock; `Date.now` is patched only while it builds the query.
      const skewedClient = new RelayClient({
        url: server.url,
        apiKey: KEY,
        fetch: (input, init) => {
          const url = new URL(String(input));
          if (url.pathname === '/v1/wait') url.searchParams.set('now', String(skewed()));
          return realFetch(url, init);
        },
      });
      const got = skewedClient.waitForCode({
        identifier: ME,
        since: skewed() - 1000, // the prompt was seen a second ago, by the client's clock
        signal: AbortSignal.timeout(10_000),
        kind: 'sms',
      });
      await waitingFor(server, ME);
      await client.push({ identifier: ME, content: 'Your code is 222222' });
      expect((await got).code).toBe('222222');
      expect(
        (await server.store.history({ identifier: ME, limit: 5 })).find((c) => c.code === '111111')
          ?.consumedAt,
      ).toBe(undefined);
    });
  }
});

handlerTest.describe('wait query bounds', () => {
  handlerTest('a `since` or `now` far in the future or past is a 400 naming the field', async ({ relay }) => {
    const now = Date.now();
    const cases: Array<[Record<string, string>, string]> = [
      [{ since: String(now + 2 * 24 * 60 * MINUTE) }, 'since'],
      [{ since: '99999999999999999999999' }, 'since'],
      [{ since: '+275760-09-13T00:00:00.000Z' }, 'since'],
      [{ since: '0' }, 'since'],
      [{ since: new Date(now - 2 * 24 * 60 * MINUTE).toISOString() }, 'since'],
      [{ since: String(now), now: String(now + 3 * 24 * 60 * MINUTE) }, 'now'],
      [{ since: String(now), now: 'yesterday' }, 'now'],
    ];
    for (const [query, field] of cases) {
      const params = new URLSearchParams({ totp_identifier: ME, timeout: '0', ...query });
      const response = await get(relay, `/v1/wait?${params}`);
      expect(response.status, JSON.stringify(query)).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    }
    // Nothing was listed as waiting, so the listing stays sound for everyone.
    const waiting = await get(relay, '/v1/waiting');
    expect(waiting.status).toBe(200);
    expect(await waiting.json()).toEqual({ waiting: [] });
  });

  handlerTest(
    'GET /v1/waiting answers even when a stored run carries an impossible time',
    async ({ relay }) => {
      // As an older relay sharing the Redis store could have left it.
      await relay.store.setWaiting({ id: 'w', identifier: ME, kind: 'sms', since: 1e300, deadline: null });
      const response = await get(relay, '/v1/waiting');
      expect(response.status).toBe(200);
      expect((await response.json()).waiting).toHaveLength(1);
    },
  );
});
