import { createRelayHandler } from '../../../src/relay/handler.js';
import { RELAY_PAGE_HTML } from '../../../src/relay/page.js';
import { RelayServer } from '../../../src/relay/server.js';
import { expect, get, JSON_HEADERS, KEY, push, test } from './helpers.js';

const BODY = {
  totp_identifier: 'me@example.com',
  content: 'Your verification code is 847291',
  source: 'email_forwarder',
};

test.describe('relay API: auth', () => {
  test('accepts the key as x-api-key or as Authorization: Bearer', async ({ relay }) => {
    expect((await push(relay, BODY)).status).toBe(200);
    const bearer = await push(relay, BODY, {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
    });
    expect(bearer.status).toBe(200);
    const history = await relay.request('/v1/credentials/totp', {
      headers: { authorization: `bearer ${KEY}` },
    });
    expect(await history.json()).toHaveLength(2);
  });

  test('refuses a missing or wrong key with 401 and says nothing about the key', async ({ relay }) => {
    const attempts = [
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json', 'x-api-key': 'wrong-key' },
      { 'content-type': 'application/json', 'x-api-key': `${KEY}x` },
      { 'content-type': 'application/json', authorization: `Bearer ${KEY.slice(0, -1)}` },
      { 'content-type': 'application/json', authorization: KEY },
    ];
    for (const headers of attempts) {
      const res = await push(relay, BODY, headers);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).not.toContain(KEY.slice(0, 8));
      expect(text).not.toContain('wrong-key');
      expect(text).not.toContain('847291');
      expect(JSON.parse(text)).toEqual({
        error: {
          code: 'unauthorized',
          message:
            'Missing or wrong API key. Send the relay key as `x-api-key: <key>` or `Authorization: Bearer <key>`.',
        },
      });
    }
    expect(await relay.store.history({ limit: 10 })).toEqual([]);
    for (const path of ['/v1/credentials/totp', '/v1/wait?totp_identifier=a', '/v1/waiting', '/v1/events']) {
      expect((await relay.request(path)).status, path).toBe(401);
    }
  });

  test('refuses to start without an API key', async () => {
    for (const apiKey of ['', '   ']) {
      expect(() => createRelayHandler({ apiKey })).toThrow(/needs an API key/);
      await expect(RelayServer.start({ apiKey })).rejects.toMatchObject({ code: 'PW2FA_RELAY_KEY_MISSING' });
    }
  });

  test('serves the page and the health check without a key', async ({ relay }) => {
    const health = await relay.request('/healthz');
    expect(await health.json()).toEqual({ ok: true });
    const page = await relay.request('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toBe(RELAY_PAGE_HTML);
    // No external resources: no absolute URL in any src/href, no remote fetch.
    expect(RELAY_PAGE_HTML).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(RELAY_PAGE_HTML).not.toMatch(/fetch\(['"]https?:/);
  });

  test('answers unknown paths with 404 and wrong methods with 405', async ({ relay }) => {
    const missing = await get(relay, '/v1/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'No such endpoint: GET /v1/nope.' },
    });
    const wrong = await relay.request('/v1/credentials/totp', {
      method: 'DELETE',
      headers: { 'x-api-key': KEY },
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET');
    // HEAD is not a GET here: a HEAD long-poll would consume a code nobody reads.
    const head = await relay.request('/v1/wait?totp_identifier=a', {
      method: 'HEAD',
      headers: { 'x-api-key': KEY },
    });
    expect(head.status).toBe(405);
  });
});

test.describe('relay API: bad input', () => {
  test('answers malformed JSON with 400 and stores nothing', async ({ relay }) => {
    for (const body of ['{', '{"totp_identifier": "a", ', 'not json', '']) {
      const res = await push(relay, body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'bad_json', message: 'The body is not valid JSON.' },
      });
    }
    expect(await relay.store.history({ limit: 10 })).toEqual([]);
  });

  test('answers a body that is not JSON with 415', async ({ relay }) => {
    const form = await push(relay, 'totp_identifier=a&content=123456', {
      'x-api-key': KEY,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect((await form.json()).error).toEqual({
      code: 'unsupported_media_type',
      message: 'Send the body as application/json (got "application/x-www-form-urlencoded").',
    });
    const none = await relay.request('/v1/credentials/totp', {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: new Blob([JSON.stringify(BODY)]),
    });
    expect(none.status).toBe(415);
    expect((await none.json()).error.message).toBe(
      'Send the body as application/json (got no content-type).',
    );
    const charset = await push(relay, BODY, {
      ...JSON_HEADERS,
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(charset.status).toBe(200);
  });

  test('refuses a 10 MB body with 413 without reading it all, and keeps serving', async ({ relay }) => {
    const big = JSON.stringify({ ...BODY, content: `${'x'.repeat(10 * 1024 * 1024)} 123456` });
    const declared = await push(relay, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The body is larger than 65536 bytes.' },
    });

    // Streamed without a Content-Length: the relay stops after the first 64 KiB.
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await relay.handle(
      new Request('http://relay.local/v1/credentials/totp', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(256 * 1024);

    expect((await push(relay, BODY)).status).toBe(200);
    expect(await relay.store.history({ limit: 10 })).toHaveLength(1);
  });

  test('lists every validation problem by field, without echoing values', async ({ relay }) => {
    const res = await push(relay, { content: 12345, source: 'x'.repeat(101), workflow_run_id: ['a'] });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_body');
    expect(error.issues).toEqual([
      {
        path: 'totp_identifier',
        message: 'Required: the e-mail address or phone number the code was sent to.',
      },
      { path: 'content', message: 'Expected a string: the code, or the whole SMS or e-mail it came in.' },
      { path: 'source', message: 'Too long: at most 100 characters.' },
      { path: 'workflow_run_id', message: 'Invalid input: expected string, received array' },
    ]);
    expect(error.message).toBe(
      'The request body is invalid: totp_identifier: Required: the e-mail address or phone number the code was sent to.; ' +
        'content: Expected a string: the code, or the whole SMS or e-mail it came in.; ' +
        'source: Too long: at most 100 characters.; workflow_run_id: Invalid input: expected string, received array',
    );
    expect(JSON.stringify(error)).not.toContain('12345');

    const notObject = await push(relay, [BODY]);
    expect((await notObject.json()).error.issues).toEqual([
      { path: 'body', message: 'Invalid input: expected object, received array' },
    ]);
    const blank = await push(relay, { totp_identifier: '  ', content: '' });
    expect((await blank.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([
      'totp_identifier',
      'content',
    ]);
  });

  test('answers content without a code or link with 422 and stores nothing', async ({ relay }) => {
    const res = await push(relay, {
      totp_identifier: 'me@example.com',
      content: 'Thanks for signing up! See you soon.',
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: {
        code: 'no_code',
        message:
          'No verification code or link was found in `content`; nothing was stored. Send the code itself, or the whole SMS or e-mail that contains it.',
      },
    });
    expect(await relay.store.history({ limit: 10 })).toEqual([]);
  });
});

test.describe('relay API: push', () => {
  test("answers with Skyvern's response shape", async ({ relay }) => {
    const res = await push(relay, { ...BODY, workflow_run_id: 'wr_1', task_id: 'tsk_1' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      totp_identifier: 'me@example.com',
      code: '847291',
      source: 'email_forwarder',
      workflow_run_id: 'wr_1',
      task_id: 'tsk_1',
      otp_type: 'totp',
      consumed_at: null,
    });
    expect(body.totp_code_id).toMatch(/^tc_[0-9a-f]{32}$/);
    expect(new Date(body.created_at).toISOString()).toBe(body.created_at);
    expect(Date.parse(body.expired_at) - Date.parse(body.created_at)).toBe(10 * 60_000);
    expect(body).not.toHaveProperty('content');
  });

  test('extracts the code from a whole e-mail', async ({ relay }) => {
    const email = [
      'From: Example <no-reply@example.com>',
      'To: me@example.com',
      'Subject: Your sign-in code',
      'Date: Mon, 3 Mar 2025 10:30:00 +0000',
      '',
      'Hi Ada,',
      '',
      'We received a request to sign in to your account (order #2025) from Berlin.',
      'Your verification code is: 493027',
      'It expires in 10 minutes. If this was not you, call 1-800-555-0199.',
      '',
      '© 2025 Example Inc., 1 Main Street',
    ].join('\r\n');
    const res = await push(relay, { totp_identifier: 'me@example.com', content: email });
    expect((await res.json()).code).toBe('493027');
  });

  test('stores a magic link from an e-mail as otp_type magic_link', async ({ relay }) => {
    const email =
      'Hi! Click the link below to sign in:\n\nhttps://app.example.com/auth/magic?token=abcDEF123456789xyz\n\nThis link expires in 15 minutes.';
    const res = await push(relay, { totp_identifier: 'me@example.com', content: email });
    const body = await res.json();
    expect(body).toMatchObject({ code: null, otp_type: 'magic_link' });
    expect(body.link).toBe('https://app.example.com/auth/magic?token=abcDEF123456789xyz');
  });

  test('keeps extra Skyvern fields optional and ignores unknown ones', async ({ relay }) => {
    const res = await push(relay, {
      totp_identifier: '+1 (555) 010-2030',
      content: '123456 is your code',
      source: null,
      workflow_id: '',
      organization_id: 'o_1',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: 'api', workflow_id: null, code: '123456' });
  });
});
