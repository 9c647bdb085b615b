import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { generateRelayKey, MIN_API_KEY_LENGTH } from '../../../src/relay/auth.js';
import { relayServerOptions } from '../../../src/relay/cli-options.js';
import { RelayServer, type RelayServerOptions } from '../../../src/relay/server.js';
import { expect, KEY } from './helpers.js';
import { type RawAnswer, rawRequest, slowRequest } from './raw-http.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'cli', 'index.js');

const test = base.extend<{ start: (options?: Partial<RelayServerOptions>) => Promise<RelayServer> }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  start: async ({}, use) => {
    const started: RelayServer[] = [];
    await use(async (options = {}) => {
      const server = await RelayServer.start({ apiKey: KEY, ...options });
      started.push(server);
      return server;
    });
    await Promise.all(started.map((server) => server.close()));
  },
});

/** The relay's error shape, `{ error: { code, message } }`, with a JSON content type. */
function expectJsonError(answer: RawAnswer, label: string): string {
  expect(answer.status, label).not.toBeNull();
  expect(answer.headers['content-type'], label).toBe('application/json; charset=utf-8');
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(typeof body.error.code, label).toBe('string');
  expect(body.error.message.length, label).toBeGreaterThan(0);
  return body.error.code;
}

const line = (start: string, headers: string[] = []) =>
  `${start}\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

test.describe('relay under hostile requests', () => {
  test('answers every malformed request line, path and method with a 4xx in its JSON error shape', async ({
    start,
  }) => {
    const server = await start();
    const cases: Array<[string, string | Buffer, number]> = [
      ['GET //', line('GET // HTTP/1.1'), 404],
      ['GET ///', line('GET /// HTTP/1.1'), 404],
      ['GET //v1/waiting', line('GET //v1/waiting HTTP/1.1'), 404],
      ['TRACE', line('TRACE / HTTP/1.1'), 405],
      ['TRACK (unknown to the parser)', line('TRACK / HTTP/1.1'), 400],
      ['CONNECT', line('CONNECT 127.0.0.1:22 HTTP/1.1'), 405],
      ['absolute-form to an unknown path', line('GET http://evil.example/nope HTTP/1.1'), 404],
      ['asterisk-form', line('OPTIONS * HTTP/1.1'), 400],
      ['bad percent encoding in the path', line('GET /%zz%E0%A4%A HTTP/1.1'), 404],
      [
        'bad percent encoding in a query value',
        line('GET /v1/wait?totp_identifier=a&since=%zz HTTP/1.1', [`x-api-key: ${KEY}`]),
        400,
      ],
      ['an unknown method', line('BREW / HTTP/1.1'), 400],
      ['a lower-case method', line('get / HTTP/1.1'), 400],
      ['an unknown HTTP version', line('GET / HTTP/9.9'), 400],
      ['a header without a colon', line('GET / HTTP/1.1', ['no colon here']), 400],
      ['binary garbage', Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), 400],
      ['huge headers', line('GET / HTTP/1.1', [`x-big: ${'a'.repeat(40_000)}`]), 431],
      [
        'a broken chunked body',
        line('POST /v1/credentials/totp HTTP/1.1', [
          `x-api-key: ${KEY}`,
          'content-type: application/json',
          'transfer-encoding: chunked',
        ]).concat('zz\r\n{}\r\n0\r\n\r\n'),
        400,
      ],
    ];
    for (const [label, bytes, status] of cases) {
      const answer = await rawRequest(server.port, bytes);
      expect(answer.status, label).toBe(status);
      expectJsonError(answer, label);
    }
    // The relay is still there, and absolute-form reaches the right route.
    expect((await rawRequest(server.port, line('GET http://evil.example/healthz HTTP/1.1'))).status).toBe(
      200,
    );
  });

  test('cuts headers and bodies that arrive too slowly within seconds, with 408', async ({ start }) => {
    const server = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    const headers = slowRequest(server.port, line('GET /healthz HTTP/1.1', ['x-pad: 1234567890']), {
      everyMs: 100,
      giveUpMs: 15_000,
    });
    const head =
      'POST /v1/credentials/totp HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n';
    const body = slowRequest(server.port, '{'.padEnd(200, ' '), {
      head: `${head}x-api-key: ${KEY}\r\ncontent-length: 200\r\n\r\n`,
      everyMs: 50,
      giveUpMs: 15_000,
    });
    for (const [label, { answer }] of [
      ['slow headers', headers],
      ['slow body', body],
    ] as const) {
      const got = await answer;
      expect(got.status, label).toBe(408);
      expect(expectJsonError(got, label)).toBe('request_timeout');
      // Generous bound (the limit is 0.5–1 s, checked every 125 ms); Node's defaults were 60 s and 300 s.
      expect(got.ms, label).toBeLessThan(5_000);
    }
  });

  test('closes idle keep-alive connections', async ({ start }) => {
    const server = await start({ keepAliveTimeoutMs: 200 });
    const { answer } = slowRequest(server.port, line('GET /healthz HTTP/1.1'), {
      everyMs: 1,
      giveUpMs: 15_000,
    });
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.ms).toBeLessThan(5_000);
  });

  test('bounds connections per client address and in total, and runs no request of a refused one', async ({
    start,
  }) => {
    const server = await start({ maxConnectionsPerAddress: 3, maxConnections: 5 });
    const open = Array.from({ length: 3 }, () =>
      slowRequest(server.port, 'GET', { everyMs: 60_000, localAddress: '127.0.0.2', giveUpMs: 15_000 }),
    );
    await expect
      .poll(() => Promise.all(open.map(({ socket }) => socket.readyState)))
      .toEqual(Array(3).fill('open'));
    const pushBody = JSON.stringify({ totp_identifier: 'me@example.com', content: '123456' });
    const refused = await rawRequest(
      server.port,
      `${line('POST /v1/credentials/totp HTTP/1.1', [
        `x-api-key: ${KEY}`,
        'content-type: application/json',
        `content-length: ${pushBody.length}`,
      ])}${pushBody}`,
      { localAddress: '127.0.0.2' },
    );
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(expectJsonError(refused, 'per address')).toBe('too_many_connections');
    // Other addresses still get in, up to the total.
    const others = ['127.0.0.3', '127.0.0.4'].map((localAddress) =>
      slowRequest(server.port, 'GET', { everyMs: 60_000, localAddress, giveUpMs: 15_000 }),
    );
    await expect
      .poll(
        async () =>
          (await rawRequest(server.port, line('GET /healthz HTTP/1.1'), { localAddress: '127.0.0.6' }))
            .status,
      )
      .toBe(429);
    for (const { socket } of [...open, ...others]) socket.destroy();
    // Closed connections free their places.
    await expect
      .poll(
        async () =>
          (await rawRequest(server.port, line('GET /healthz HTTP/1.1'), { localAddress: '127.0.0.2' }))
            .status,
      )
      .toBe(200);
    expect(await server.store.history({ limit: 10 })).toEqual([]);
  });

  test('slows down repeated wrong keys from one address with 429 and Retry-After, not other clients', async ({
    start,
  }) => {
    const server = await start({ failedKeyLimits: { burst: 3, refillMs: 60_000 } });
    const waiting = (key: string, localAddress: string) =>
      rawRequest(server.port, line('GET /v1/waiting HTTP/1.1', [`x-api-key: ${key}`]), { localAddress });
    for (let i = 0; i < 3; i++) expect((await waiting('wrong-key', '127.0.0.2')).status).toBe(401);
    const slowed = await waiting('wrong-key', '127.0.0.2');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(expectJsonError(slowed, 'slowed')).toBe('too_many_failures');
    // While slowed down, even the right key is not compared: a guess must not be confirmed.
    expect((await waiting(KEY, '127.0.0.2')).status).toBe(429);
    expect(slowed.body).not.toContain(KEY);
    // Other addresses are not affected.
    expect((await waiting(KEY, '127.0.0.3')).status).toBe(200);
    expect((await waiting('wrong-key', '127.0.0.3')).status).toBe(401);
  });

  test('refuses a short API key at start-up and prints a fresh one on request', async () => {
    const short = 'x'.repeat(MIN_API_KEY_LENGTH - 1);
    const message = `The relay's API key is too short: use at least ${MIN_API_KEY_LENGTH} characters (\`pw2fa relay --generate-key\` prints a fresh one).`;
    await expect(RelayServer.start({ apiKey: short })).rejects.toThrow(message);
    expect(() => relayServerOptions({}, { PW2FA_RELAY_KEY: short })).toThrow(message);
    const keys = new Set(Array.from({ length: 20 }, generateRelayKey));
    expect(keys.size).toBe(20);
    for (const key of keys) expect(key).toMatch(/^[\w-]{43}$/);
    const printed = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, 'relay', '--generate-key'],
        { env: { PATH: '' } },
        (_e, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^[\w-]{43}\n$/);
    const relay = await RelayServer.start({ apiKey: printed.stdout.trim() });
    await relay.close();
  });
});
