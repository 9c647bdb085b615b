import { request as httpRequest } from 'node:http';
import { test as base } from '@playwright/test';
import { RelaySource } from '../../../src/channels/relay-source.js';
import { TwoFactorAbortError } from '../../../src/errors.js';
import { RelayClient, RelayRejectedError } from '../../../src/relay/client.js';
import { RelayServer } from '../../../src/relay/server.js';
import { expect, KEY, waitingFor } from './helpers.js';

const ME = 'me@example.com';

const test = base.extend<{ server: RelayServer; client: RelayClient }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  server: async ({}, use) => {
    const server = await RelayServer.start({ apiKey: KEY });
    await use(server);
    await server.close();
  },
  client: async ({ server }, use) => {
    await use(new RelayClient({ url: server.url, apiKey: KEY }));
  },
});

/** Sends `size` bytes of body with node:http, reporting the status (or the error) the relay answered. */
function sendLarge(url: string, size: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}/v1/credentials/totp`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json', 'content-length': size },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? 'error'));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

test.describe('RelayServer on a real port', () => {
  test('listens on 127.0.0.1 by default and serves the API over HTTP', async ({ server, client }) => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });

    const pushed = await client.push({ identifier: ME, content: 'Your code is 314159', source: 'test' });
    expect(pushed).toMatchObject({ identifier: ME, code: '314159', source: 'test', otpType: 'totp' });
    expect(await client.history({ identifier: ME })).toEqual([pushed]);
  });

  test('delivers a push to a waiting client within milliseconds', async ({ server, client }) => {
    const pusher = new RelayClient({ url: server.url, apiKey: KEY });
    const since = Date.now();
    const got = client.waitForCode({
      identifier: ME,
      since,
      signal: AbortSignal.timeout(10_000),
      kind: 'sms',
      runId: 'r1',
    });
    await expect.poll(async () => (await client.waiting()).length).toBe(1);
    expect((await client.waiting())[0]).toMatchObject({ identifier: ME, runId: 'r1', kind: 'sms', since });
    const started = performance.now();
    await pusher.push({ identifier: ME, content: '161803', runId: 'r1' });
    expect((await got).code).toBe('161803');
    expect(performance.now() - started).toBeLessThan(2_000); // the long-poll answered the push, not its timeout
  });

  test('RelaySource over HTTP answers a prompt', async ({ server }) => {
    const source = new RelaySource({ url: server.url, apiKey: KEY, identifier: ME });
    const got = source.waitForCode({ kind: 'code', since: Date.now(), signal: AbortSignal.timeout(10_000) });
    await waitingFor(server, ME);
    await new RelayClient({ url: server.url, apiKey: KEY }).push({ identifier: ME, content: 'code: 577215' });
    expect(await got).toMatchObject({ code: '577215', source: 'relay:api' });
  });

  test('keeps long-polling across empty polls', async ({ server }) => {
    const client = new RelayClient({ url: server.url, apiKey: KEY, longPollMs: 50 });
    const got = client.waitForCode({
      identifier: ME,
      since: Date.now() - 60_000,
      signal: AbortSignal.timeout(10_000),
      kind: 'sms',
    });
    // Let a few empty long-polls go by, watched through the store's events rather than a sleep.
    let polls = 0;
    await new Promise<void>((resolve) => {
      void server.store.subscribe((event) => {
        if (event.type === 'waiting' && ++polls >= 6) resolve();
      });
    });
    await client.push({ identifier: ME, content: '112358' });
    expect((await got).code).toBe('112358');
  });

  test('a wrong key fails at once with a clear error', async ({ server }) => {
    const client = new RelayClient({ url: server.url, apiKey: 'wrong' });
    const error = await client.push({ identifier: ME, content: '123456' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayRejectedError);
    expect(error).toMatchObject({
      code: 'PW2FA_RELAY_REJECTED',
      status: 401,
      message: `The relay at ${server.url} answered 401 (unauthorized: Missing or wrong API key. Send the relay key as \`x-api-key: <key>\` or \`Authorization: Bearer <key>\`.)`,
    });
    await expect(
      client.waitForCode({
        identifier: ME,
        since: Date.now() - 60_000,
        signal: AbortSignal.timeout(10_000),
        kind: 'sms',
      }),
    ).rejects.toMatchObject({ status: 401 });
  });

  test('an unreachable relay ends in an abort that carries the network failure', async ({ server }) => {
    const url = server.url;
    await server.close();
    const client = new RelayClient({ url, apiKey: KEY });
    const error = await client
      .waitForCode({
        identifier: ME,
        since: Date.now() - 60_000,
        signal: AbortSignal.timeout(600),
        kind: 'sms',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorAbortError);
    expect((error as Error).cause).toMatchObject({ code: 'PW2FA_RELAY_UNREACHABLE' });
  });

  test('survives a 10 MB body, malformed JSON and a wrong key, and keeps serving', async ({
    server,
    client,
  }) => {
    expect(await sendLarge(server.url, 10 * 1024 * 1024)).toBe(413);
    const bad = await fetch(`${server.url}/v1/credentials/totp`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: '{"totp_identifier":',
    });
    expect(bad.status).toBe(400);
    const big = await fetch(`${server.url}/v1/credentials/totp`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    const wrong = await fetch(`${server.url}/v1/credentials/totp`, { headers: { 'x-api-key': 'nope' } });
    expect(wrong.status).toBe(401);
    expect((await client.push({ identifier: ME, content: '123456' })).code).toBe('123456');
  });

  test('close() ends open long-polls and event streams promptly', async ({ server }) => {
    const events = await fetch(`${server.url}/v1/events`, { headers: { 'x-api-key': KEY } });
    const poll = fetch(`${server.url}/v1/wait?totp_identifier=${ME}&timeout=60000`, {
      headers: { 'x-api-key': KEY },
    });
    await waitingFor(server, ME);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await poll).status).toBe(204);
    await events.text();
  });
});
