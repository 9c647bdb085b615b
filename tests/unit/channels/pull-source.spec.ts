import { createHmac } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { z } from 'zod';
import { backoffDelay, retryAfterMs } from '../../../src/channels/backoff.js';
import { PullSource, type PullSourceOptions } from '../../../src/channels/pull-source.js';
import type { CodeRequest } from '../../../src/channels/source.js';
import { TwoFactorAbortError, TwoFactorError } from '../../../src/errors.js';
import { type Endpoint, type Reply, startEndpoint } from './endpoint.js';

const SECRET = 'pull-secret-7f3a';
/** The body contract, checked the way a receiver would. */
const PullBody = z.strictObject({ identifier: z.string().nullable(), run_id: z.string().nullable() });

const test = base.extend<{
  serve: (replies: Reply[] | ((i: number) => Reply), secret?: string | null) => Promise<Endpoint>;
}>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  serve: async ({}, use) => {
    const started: Endpoint[] = [];
    await use(async (replies, secret = SECRET) => {
      const endpoint = await startEndpoint(secret, (_, i) =>
        typeof replies === 'function'
          ? replies(i)
          : (replies[Math.min(i, replies.length - 1)] ?? { status: 500 }),
      );
      started.push(endpoint);
      return endpoint;
    });
    await Promise.all(started.map((endpoint) => endpoint.close()));
  },
});

function source(endpoint: Endpoint, options: Partial<PullSourceOptions> = {}): PullSource {
  return new PullSource({
    url: endpoint.url,
    secret: SECRET,
    minIntervalMs: 10,
    maxIntervalMs: 40,
    ...options,
  });
}

function request(overrides: Partial<CodeRequest> = {}): CodeRequest {
  return { kind: 'sms', since: Date.now(), signal: AbortSignal.timeout(5_000), ...overrides };
}

const json = (value: unknown): Reply => ({ status: 200, body: JSON.stringify(value) });

test('POSTs { identifier, run_id } signed over the exact body bytes and returns the code', async ({
  serve,
}) => {
  const endpoint = await serve([json({ verification_code: '482913' })]);
  const received = await source(endpoint, { runId: 'ci-42' }).waitForCode(
    request({ identifier: '+15551234567' }),
  );
  expect(received).toEqual({
    code: '482913',
    source: expect.stringMatching(/^pull:127\.0\.0\.1:\d+$/),
    receivedAt: expect.any(Number),
  });
  const [sent] = endpoint.requests;
  expect(sent?.method).toBe('POST');
  expect(sent?.body).toBe('{"identifier":"+15551234567","run_id":"ci-42"}');
  expect(PullBody.safeParse(JSON.parse(sent?.body ?? '')).success).toBe(true);
  const expected = createHmac('sha256', SECRET)
    .update(sent?.body ?? '')
    .digest('hex');
  expect(sent?.headers['x-pw2fa-signature']).toBe(expected);
  expect(sent?.headers['x-skyvern-signature']).toBe(expected);
  expect(sent?.headers['content-type']).toBe('application/json');
});

test('sends null for an unknown identifier and run id, and the default identifier when set', async ({
  serve,
}) => {
  const endpoint = await serve([json({ verification_code: '111111' })]);
  await source(endpoint).waitForCode(request());
  await source(endpoint, { identifier: 'qa@example.test' }).waitForCode(request());
  expect(endpoint.requests.map((r) => r.body)).toEqual([
    '{"identifier":null,"run_id":null}',
    '{"identifier":"qa@example.test","run_id":null}',
  ]);
});

test('keeps polling through no-code, empty, malformed and 5xx answers until the code arrives', async ({
  serve,
}) => {
  const endpoint = await serve([
    json({ verification_code: null }),
    { status: 200, body: '' },
    { status: 200, body: '<html>oops</html>' },
    json({ code: '999999' }),
    json({ verification_code: 482913 }),
    { status: 503 },
    { status: 204 },
    json({ verification_code: '  550012 ' }),
  ]);
  expect((await source(endpoint).waitForCode(request())).code).toBe('550012');
  expect(endpoint.requests).toHaveLength(8);
});

test('returns a magic link and ignores one that is not http(s)', async ({ serve }) => {
  const endpoint = await serve([
    json({ magic_link: 'javascript:alert(1)' }),
    json({ magic_link: 'https://app.example.test/magic?token=Zx81kLmPq2' }),
  ]);
  const received = await source(endpoint).waitForCode(request({ kind: 'magic-link' }));
  expect(received.link).toBe('https://app.example.test/magic?token=Zx81kLmPq2');
  expect(endpoint.requests).toHaveLength(2);
});

test('extracts the code from a forwarded SMS and drops the group separator', async ({ serve }) => {
  const endpoint = await serve([json({ verification_code: "Acme: your code is 482913. Don't share it." })]);
  expect((await source(endpoint).waitForCode(request())).code).toBe('482913');
  const grouped = await serve([json({ verification_code: '123-456' })]);
  expect((await source(grouped).waitForCode(request())).code).toBe('123456');
});

test('skips the code the site already rejected', async ({ serve }) => {
  const endpoint = await serve([
    json({ verification_code: '700700' }),
    json({ verification_code: '800800' }),
  ]);
  const rejected = { code: '700700', source: 'pull', receivedAt: 0 };
  expect((await source(endpoint).waitForCode(request({ rejected }))).code).toBe('800800');
});

test('stops at once on a wrong signature (401) with a clear message', async ({ serve }) => {
  const endpoint = await serve([json({ verification_code: '482913' })], 'the-endpoint-has-another-key');
  const error = await source(endpoint)
    .waitForCode(request())
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_CHANNEL_FAILED');
  expect((error as Error).message).toBe(
    `The pull URL ${endpoint.url.split('?')[0]} answered HTTP 401: it did not accept the signature. ` +
      'Check that `secret` is the key the endpoint verifies x-pw2fa-signature (or x-skyvern-signature) with.',
  );
  expect((error as Error).message).not.toContain(SECRET);
  expect((error as Error).message).not.toContain('token=');
  expect(endpoint.requests).toHaveLength(1);
});

test('stops at once on 404 and on a redirect, but retries 429 after Retry-After', async ({ serve }) => {
  const missing = await serve([{ status: 404 }]);
  await expect(source(missing).waitForCode(request())).rejects.toThrow(
    /answered HTTP 404: fix the URL or the endpoint/,
  );
  const moved = await serve([{ status: 302, headers: { location: 'https://elsewhere.test/' } }]);
  await expect(source(moved).waitForCode(request())).rejects.toThrow(/answered HTTP 302: it redirects/);
  const limited = await serve([
    { status: 429, headers: { 'retry-after': '1' } },
    json({ verification_code: '121212' }),
  ]);
  expect((await source(limited).waitForCode(request())).code).toBe('121212');
  const [first, second] = limited.requests;
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
});

test('retries network errors and, on abort, rejects with the last answer', async ({ serve }) => {
  const endpoint = await serve([]);
  await endpoint.close();
  const error = await source(endpoint)
    .waitForCode(request({ signal: AbortSignal.timeout(300) }))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorAbortError);
  expect((error as Error).message).toMatch(
    /^Stopped polling http:\/\/127\.0\.0\.1:\d+\/2fa\/code for a code: the wait was aborted\. Last answer: request failed \(.+\)\.$/,
  );
});

test('on abort while the endpoint has no code, says what it answered last', async ({ serve }) => {
  const endpoint = await serve([json({ verification_code: null })]);
  const error = await source(endpoint)
    .waitForCode(request({ signal: AbortSignal.timeout(200) }))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorAbortError);
  expect((error as Error).message).toMatch(/Last answer: HTTP 200, no code yet\.$/);
  expect(endpoint.requests.length).toBeGreaterThan(2);
});

test('leaves no timer or listener behind after an abort', async ({ serve }) => {
  const endpoint = await serve([json({ verification_code: null })]);
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  const controller = new AbortController();
  const waiting = source(endpoint, { minIntervalMs: 50 }).waitForCode(request({ signal: controller.signal }));
  await expect.poll(() => endpoint.requests.length).toBeGreaterThan(1);
  controller.abort();
  await expect(waiting).rejects.toBeInstanceOf(TwoFactorAbortError);
  await new Promise((resolve) => setImmediate(resolve));
  expect(timers()).toBe(before);
});

test('treats a response over 64 KB as no code yet', async ({ serve }) => {
  const endpoint = await serve([
    json({ verification_code: '1'.repeat(10), padding: 'x'.repeat(70_000) }),
    json({ verification_code: '343434' }),
  ]);
  expect((await source(endpoint).waitForCode(request())).code).toBe('343434');
});

test('refuses a bad url or an empty secret up front', () => {
  expect(() => new PullSource({ url: 'not a url', secret: 'x' })).toThrow(
    'Expected `url` to be an absolute http(s) URL.',
  );
  expect(() => new PullSource({ url: 'ftp://x.test/', secret: 'x' })).toThrow(
    'Expected `url` to be http or https, got ftp:.',
  );
  expect(() => new PullSource({ url: 'https://x.test/', secret: '' })).toThrow(
    'Expected `secret` to be a non-empty string',
  );
});

test('accepts totp, sms, email, code and magic-link by default, or the kinds given', () => {
  const pull = new PullSource({ url: 'https://x.test/', secret: 'k' });
  expect(['totp', 'sms', 'email', 'code', 'magic-link'].every((k) => pull.accepts(k as never))).toBe(true);
  expect(pull.accepts('recovery')).toBe(false);
  expect(new PullSource({ url: 'https://x.test/', secret: 'k', accepts: ['sms'] }).accepts('email')).toBe(
    false,
  );
});

test('backs off exponentially with jitter between the minimum and the cap', () => {
  const low = () => 0;
  const high = () => 0.999;
  expect(backoffDelay(0, { minMs: 1000, maxMs: 10_000, random: low })).toBe(1000);
  expect(backoffDelay(3, { minMs: 1000, maxMs: 10_000, random: low })).toBe(4000);
  expect(backoffDelay(3, { minMs: 1000, maxMs: 10_000, random: high })).toBe(7996);
  expect(backoffDelay(50, { minMs: 1000, maxMs: 10_000, random: high })).toBe(9995);
  expect(retryAfterMs('3')).toBe(3000);
  expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
  expect(retryAfterMs('soon')).toBeNull();
});
