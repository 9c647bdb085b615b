import { test as base, expect } from '@playwright/test';
import { createTransport } from 'nodemailer';
import { SmtpInbox } from '../../../src/channels/smtp-inbox.js';
import type { CodeRequest } from '../../../src/channels/source.js';
import { TwoFactorAbortError, TwoFactorError } from '../../../src/errors.js';

interface Mail {
  to: string;
  subject?: string;
  text?: string;
  html?: string;
}

const test = base.extend<{ inbox: SmtpInbox; send: (mail: Mail) => Promise<void> }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  inbox: async ({}, use) => {
    const inbox = await SmtpInbox.start();
    await use(inbox);
    await inbox.close();
  },
  send: async ({ inbox }, use) => {
    const transport = createTransport({ host: inbox.host, port: inbox.port, secure: false, ignoreTLS: true });
    await use(async (mail) => {
      await transport.sendMail({ from: 'Acme <no-reply@acme.test>', subject: 'Your code', ...mail });
    });
    transport.close();
  },
});

function request(overrides: Partial<CodeRequest> = {}): CodeRequest {
  return { kind: 'email', since: Date.now(), signal: new AbortController().signal, ...overrides };
}

test('starts on a free loopback port', async ({ inbox }) => {
  expect(inbox.host).toBe('127.0.0.1');
  expect(inbox.port).toBeGreaterThan(0);
  expect(inbox.name).toBe(`smtp:127.0.0.1:${inbox.port}`);
});

test('hands out the code of a mail that arrives while waiting', async ({ inbox, send }) => {
  const to = inbox.address('wait');
  const since = Date.now();
  const waiting = inbox.waitForCode(request({ identifier: to, since }));
  await send({ to, text: 'Your verification code is 482913.' });
  const received = await waiting;
  expect(received).toEqual({ code: '482913', source: `smtp:${to}`, receivedAt: expect.any(Number) });
  expect(received.receivedAt).toBeGreaterThanOrEqual(since);
});

test('hands out a mail that arrived between the prompt and the call', async ({ inbox, send }) => {
  const to = inbox.address();
  const since = Date.now();
  await send({ to, html: '<p>Your code:</p><p><b>771204</b></p>' });
  expect((await inbox.waitForCode(request({ identifier: to, since }))).code).toBe('771204');
});

test('ignores a code received before the prompt was seen', async ({ inbox, send }) => {
  const to = inbox.address('old');
  await send({ to, text: 'Your verification code is 111111.' });
  const since = Date.now() + 1;
  const waiting = inbox.waitForCode(request({ identifier: to, since }));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await send({ to, text: 'Your verification code is 222222.' });
  expect((await waiting).code).toBe('222222');
  expect(inbox.messages(to).map((m) => m.consumed)).toEqual([false, true]);
});

test('ignores a code sent to another recipient and matches the address case-insensitively', async ({
  inbox,
  send,
}) => {
  const mine = inbox.address('mine');
  const other = inbox.address('other');
  const since = Date.now();
  const waiting = inbox.waitForCode(request({ identifier: mine.toUpperCase(), since }));
  await send({ to: other, text: 'Your verification code is 333333.' });
  await send({ to: mine.replace('run', 'RUN'), text: 'Your verification code is 444444.' });
  expect((await waiting).code).toBe('444444');
  expect((await inbox.waitForCode(request({ identifier: other, since }))).code).toBe('333333');
});

test('skips a mail without a code and waits for the next one', async ({ inbox, send }) => {
  const to = inbox.address();
  const waiting = inbox.waitForCode(request({ identifier: to }));
  await send({
    to,
    subject: 'Welcome',
    html: '<h1>Welcome to Acme!</h1><p>Order 55501234 shipped on 05/01/2024.</p>',
  });
  await send({ to, text: 'Verification code: 905118' });
  expect((await waiting).code).toBe('905118');
});

test('never gives the same message to two waiters', async ({ inbox, send }) => {
  const to = inbox.address('twice');
  const since = Date.now();
  const first = inbox.waitForCode(request({ identifier: to, since }));
  const second = inbox.waitForCode(request({ identifier: to, since }));
  await send({ to, text: 'Your verification code is 500001.' });
  await send({ to, text: 'Your verification code is 500002.' });
  const codes = [(await first).code, (await second).code].sort();
  expect(codes).toEqual(['500001', '500002']);
});

test('prefers a code of the prompt length and skips the code the site rejected', async ({ inbox, send }) => {
  const to = inbox.address();
  const since = Date.now();
  await send({ to, text: 'Card PIN 4821 reminder. Your verification code is 48291375.' });
  expect((await inbox.waitForCode(request({ identifier: to, since, codeLength: 8 }))).code).toBe('48291375');
  await send({ to, text: 'Your verification code is 600600.' });
  const waiting = inbox.waitForCode(
    request({ identifier: to, since, rejected: { code: '600600', source: 'smtp', receivedAt: since } }),
  );
  await send({ to, text: 'Your new verification code is 700700.' });
  expect((await waiting).code).toBe('700700');
});

test('returns the link for a magic-link prompt', async ({ inbox, send }) => {
  const to = inbox.address('magic');
  const waiting = inbox.waitForCode(request({ identifier: to, kind: 'magic-link' }));
  await send({
    to,
    html: '<a href="https://app.test/unsubscribe">Unsubscribe</a><a href="https://app.test/auth/magic?token=Zx81kLmPq2Rt7Yz0">Sign in</a>',
  });
  expect(await waiting).toMatchObject({ link: 'https://app.test/auth/magic?token=Zx81kLmPq2Rt7Yz0' });
});

test('refuses a message over the size limit with 552 and keeps running', async ({ inbox, send }) => {
  const to = inbox.address('big');
  const big = `Your verification code is 999999.\n${'x'.repeat(76)}\n`.repeat(140_000); // ~15 MB
  const error = await send({ to, text: big }).catch((e: unknown) => e);
  expect(error).toMatchObject({ responseCode: 552 });
  expect(inbox.messages(to)).toEqual([]);
  const waiting = inbox.waitForCode(request({ identifier: to }));
  await send({ to, text: 'Your verification code is 121212.' });
  expect((await waiting).code).toBe('121212');
});

test('rejects with TwoFactorAbortError on abort and leaves later mail unused', async ({ inbox, send }) => {
  const to = inbox.address();
  const controller = new AbortController();
  const waiting = inbox.waitForCode(request({ identifier: to, signal: controller.signal }));
  controller.abort(new Error('test over'));
  const error = await waiting.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorAbortError);
  expect((error as TwoFactorError).code).toBe('PW2FA_ABORTED');
  expect((error as Error).message).toBe(
    `Stopped waiting for a code on the SMTP inbox on 127.0.0.1:${inbox.port}: the wait was aborted.`,
  );
  await send({ to, text: 'Your verification code is 565656.' });
  expect(inbox.messages(to)[0]?.consumed).toBe(false);
  const already = new AbortController();
  already.abort();
  await expect(inbox.waitForCode(request({ signal: already.signal }))).rejects.toBeInstanceOf(
    TwoFactorAbortError,
  );
});

test('shows message metadata without bodies, with digits in the subject masked', async ({ inbox, send }) => {
  const to = inbox.address('meta');
  await send({ to, subject: '482913 is your code', text: 'Your verification code is 482913.' });
  const [info] = inbox.messages(to);
  expect(info).toEqual({
    id: expect.any(String),
    from: '"Acme" <no-reply@acme.test>',
    to: [to],
    subject: '•••••• is your code',
    receivedAt: expect.any(Number),
    size: expect.any(Number),
    consumed: false,
  });
  expect(JSON.stringify(inbox.messages())).not.toContain('482913');
});

test('makes plus-addresses and refuses tags that would break them', async ({ inbox }) => {
  expect(inbox.address('Run-42')).toBe('run+run-42@pw2fa.test');
  expect(inbox.address()).toMatch(/^run\+[0-9a-f]{8}@pw2fa\.test$/);
  expect(() => inbox.address('a b@c')).toThrow('Expected the address tag to be 1–48 letters, digits');
});

test('closing rejects pending waits, is idempotent, and refuses new waits', async () => {
  const inbox = await SmtpInbox.start();
  const waiting = inbox.waitForCode(request());
  await Promise.all([inbox.close(), inbox.close()]);
  await expect(waiting).rejects.toThrow('was closed while waiting for a code');
  await expect(inbox.waitForCode(request())).rejects.toThrow('is closed');
});

test('reports a port already in use clearly', async ({ inbox }) => {
  const error = await SmtpInbox.start({ port: inbox.port }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_CHANNEL_FAILED');
  expect((error as Error).message).toMatch(
    /^Could not start the SMTP inbox on 127\.0\.0\.1:\d+: .*EADDRINUSE/,
  );
});

test('passes the prompt alphabet: a digits-only field never gets a letter code', async ({ inbox, send }) => {
  const to = inbox.address('letters');
  const since = Date.now();
  await send({ to, subject: 'Sign-In Code', text: 'Your sign-in code is listed below.\n\nKGPS-WWHK' });
  expect((await inbox.waitForCode(request({ identifier: to, since, charset: 'alphanumeric' }))).code).toBe(
    'KGPSWWHK',
  );
  const to2 = inbox.address('digits-only');
  await send({ to: to2, subject: 'Sign-In Code', text: 'Your sign-in code is listed below.\n\nQWHK-ZDMP' });
  const controller = new AbortController();
  const waiting = inbox.waitForCode(
    request({ identifier: to2, since, charset: 'numeric', signal: controller.signal }),
  );
  await expect.poll(() => inbox.messages(to2).length).toBe(1);
  controller.abort(new Error('timeout'));
  const error = (await waiting.catch((e: unknown) => e)) as Error;
  expect(error).toBeInstanceOf(TwoFactorAbortError);
  // The reason the message did not answer, and no code in it.
  expect(error.message).toContain('none of digits only');
  expect(error.message).not.toContain('QWHK');
});

test('after a rejection, offers the next plausible code of the same message', async ({ inbox, send }) => {
  const to = inbox.address('backup');
  const since = Date.now();
  await send({
    to,
    text: 'Your verification code is 482913.\n\nIf this code does not work, enter the backup code 771204.',
  });
  const first = await inbox.waitForCode(request({ identifier: to, since }));
  expect(first.code).toBe('482913');
  const retry = await inbox.waitForCode(request({ identifier: to, since, rejected: first }));
  expect(retry.code).toBe('771204');
});

test('gives no code when two codes compete with no clear winner, and says why on abort', async ({
  inbox,
  send,
}) => {
  const to = inbox.address('tie');
  const since = Date.now();
  await send({ to, subject: 'Codes', text: 'Code 482913 or code 771204' });
  const controller = new AbortController();
  const waiting = inbox.waitForCode(request({ identifier: to, since, signal: controller.signal }));
  await expect.poll(() => inbox.messages(to).length).toBe(1);
  controller.abort(new Error('timeout'));
  const error = (await waiting.catch((e: unknown) => e)) as Error;
  expect(error.message).toContain('2 candidates scored alike (6 digits; 6 digits)');
  expect(error.message).not.toMatch(/482913|771204/);
});

test('reads codes out of quoted-printable HTML, base64 text and ISO-2022-JP mail', async ({ inbox }) => {
  const transport = createTransport({ host: inbox.host, port: inbox.port, secure: false, ignoreTLS: true });
  const raw = (to: string, headers: string, body: string | Buffer) =>
    transport.sendMail({
      envelope: { from: 'no-reply@acme.test', to },
      raw: Buffer.concat([
        Buffer.from(`From: no-reply@acme.test\r\nTo: ${to}\r\nMIME-Version: 1.0\r\n${headers}\r\n\r\n`),
        typeof body === 'string' ? Buffer.from(body) : body,
      ]),
    });
  const since = Date.now();
  const qp = inbox.address('qp');
  await raw(
    qp,
    'Subject: Verify\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable',
    '<p style=3D"font-size:28px">Ihr Best=C3=A4tigungscode lautet <b>4829=\r\n13</b></p>',
  );
  const b64 = inbox.address('b64');
  await raw(
    b64,
    'Subject: Code\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64',
    Buffer.from('您的验证码为 771204，5分钟内有效。').toString('base64'),
  );
  const jis = inbox.address('jis');
  // "認証コード: 306118" in ISO-2022-JP (JIS X 0208 between ESC $ B and ESC ( B).
  await raw(
    jis,
    'Subject: =?UTF-8?B?6KqN6Ki844Kz44O844OJ?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit',
    Buffer.from("\x1b$BG'>Z%3!<%I\x1b(B: 306118\r\n", 'binary'),
  );
  transport.close();
  expect((await inbox.waitForCode(request({ identifier: qp, since }))).code).toBe('482913');
  expect((await inbox.waitForCode(request({ identifier: b64, since }))).code).toBe('771204');
  expect((await inbox.waitForCode(request({ identifier: jis, since }))).code).toBe('306118');
});
