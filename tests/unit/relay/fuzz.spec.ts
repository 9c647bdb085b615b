import { test } from '@playwright/test';
import { RelayClient } from '../../../src/relay/client.js';
import { RelayServer } from '../../../src/relay/server.js';
import { runFuzz } from './fuzz-cases.js';
import { expect, KEY } from './helpers.js';
import { rawRequest, slowRequest } from './raw-http.js';

// Bounded: 2000 cases by default (PW2FA_FUZZ_COUNT to change; bench/relay-abuse.ts sends 10 000), all on
// loopback. The seed is fixed so a failure names cases that can be replayed with fuzzCase(seed, index).
const COUNT = Number(process.env.PW2FA_FUZZ_COUNT ?? 2000);
const SEED = 20;
const ME = 'me@example.com';

test('fuzzed requests, slow connections and wrong keys: no 5xx, no crash, no key echoed, valid pushes still served', async () => {
  test.setTimeout(180_000);
  const server = await RelayServer.start({
    apiKey: KEY,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 2000,
    keepAliveTimeoutMs: 500,
  });
  try {
    // 50 connections that send a byte every 200 ms, from their own address.
    const slow = Array.from({ length: 50 }, () =>
      slowRequest(server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nx-pad: ${'p'.repeat(200)}\r\n\r\n`, {
        everyMs: 200,
        localAddress: '127.0.0.9',
        giveUpMs: 60_000,
      }),
    );
    const started = performance.now();
    const report = await runFuzz({
      port: server.port,
      key: KEY,
      seed: SEED,
      count: COUNT,
      concurrency: 16,
      localAddress: '127.0.0.2',
      keyedAddress: '127.0.0.3',
    });
    const slowAnswers = await Promise.all(slow.map(({ answer }) => answer));
    console.log(
      `fuzz: ${report.sent} cases in ${Math.round(performance.now() - started)} ms; statuses ${JSON.stringify(report.statuses)}; ` +
        `slow connections cut: ${slowAnswers.filter((a) => a.status === 408).length}/${slow.length}`,
    );
    expect(report.sent).toBe(COUNT);
    expect(report.serverErrors, 'cases answered with a 5xx').toEqual([]);
    expect(report.shapeless, '4xx answers without the JSON error shape').toEqual([]);
    expect(report.echoedKey, 'answers that echo the key').toEqual([]);
    expect(report.statuses.none ?? 0, 'cases left without an answer').toBe(0);
    for (const answer of slowAnswers) expect(answer.status).toBe(408);
    // Still alive and correct for a client at another address: the health check, a push and a wait.
    expect((await rawRequest(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(200);
    const client = new RelayClient({ url: server.url, apiKey: KEY });
    await client.push({ identifier: ME, content: 'Your code is 424242' });
    const got = await client.waitForCode({
      identifier: ME,
      since: Date.now() - 60_000,
      signal: AbortSignal.timeout(10_000),
      kind: 'sms',
    });
    expect(got.code).toBe('424242');
  } finally {
    await server.close();
  }
});
