import { randomBytes } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { ImapMailbox, type ImapMailboxOptions } from '../../../src/channels/imap-mailbox.js';
import type { CodeRequest } from '../../../src/channels/source.js';
import { TwoFactorAbortError, TwoFactorError } from '../../../src/errors.js';
import { type DovecotServer, startDovecot } from '../../support/dovecot.js';

const test = base.extend<
  { open: (options?: Partial<ImapMailboxOptions>) => ImapMailbox; to: string },
  { dovecot: DovecotServer }
>({
  dovecot: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const dovecot = await startDovecot();
      await use(dovecot);
      await dovecot.stop();
    },
    { scope: 'worker' },
  ],
  open: async ({ dovecot }, use) => {
    const opened: ImapMailbox[] = [];
    await use((options = {}) => {
      const mailbox = new ImapMailbox({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.pass },
        ...options,
      });
      opened.push(mailbox);
      return mailbox;
    });
    await Promise.all(opened.map((mailbox) => mailbox.close()));
  },
  // The worker's mailbox is shared by its tests: each test has its own recipient.
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  to: async ({}, use) => {
    await use(`qa+${randomBytes(4).toString('hex')}@example.test`);
  },
});

// Dovecot is installed by `npm test`'s set-up step (scripts/setup.mjs); without it these tests fail loudly.

function mail(o: { to: string; body: string; from?: string; subject?: string }): string {
  return [
    `From: ${o.from ?? 'GitHub <noreply@github.com>'}`,
    `To: ${o.to}`,
    `Subject: ${o.subject ?? '[GitHub] Please verify your device'}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomBytes(8).toString('hex')}@example.test>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

function request(overrides: Partial<CodeRequest> = {}): CodeRequest {
  return { kind: 'email', since: Date.now(), signal: new AbortController().signal, ...overrides };
}

test('IDLE wakes the wait: a code appended after the wait started arrives within 2 s', async ({
  dovecot,
  open,
  to,
}) => {
  const mailbox = open();
  const waiting = mailbox.waitForCode(request({ identifier: to }));
  // The first scan found nothing and the connection now IDLEs: only an EXISTS push can wake it.
  await expect.poll(() => mailbox.idling).toBe(true);
  const appended = Date.now();
  await dovecot.append(mail({ to, body: 'Verification code: 482913' }));
  const received = await waiting;
  const elapsed = Date.now() - appended;
  test.info().annotations.push({ type: 'idle wake-up', description: `${elapsed} ms after APPEND` });
  expect(elapsed).toBeLessThan(5_000); // IDLE woke it: nothing polls, so without the push it would time out
  expect(received).toEqual({ code: '482913', source: `imap:${to}`, receivedAt: expect.any(Number) });
});

test('ignores a message that arrived before the prompt', async ({ dovecot, open, to }) => {
  const mailbox = open();
  const oldUid = await dovecot.append(mail({ to, body: 'Verification code: 111111' }), {
    date: new Date(Date.now() - 10 * 60_000),
  });
  const waiting = mailbox.waitForCode(request({ identifier: to }));
  await expect.poll(() => mailbox.idling).toBe(true);
  await dovecot.append(mail({ to, body: 'Verification code: 222222' }));
  expect((await waiting).code).toBe('222222');
  expect(await dovecot.flags(oldUid)).not.toContain('\\Seen');
});

test('takes only messages from the expected sender and subject', async ({ dovecot, open, to }) => {
  const mailbox = open({ from: 'github.com', subject: /verify your device/i });
  const since = Date.now();
  await dovecot.append(
    mail({ to, from: 'GitHub <noreply@github.com.evil.test>', body: 'Verification code: 300001' }),
  );
  await dovecot.append(mail({ to, subject: 'Newsletter', body: 'Verification code: 300004' }));
  await dovecot.append(mail({ to, from: 'Other <a@other.test>', body: 'Verification code: 300002' }));
  await dovecot.append(mail({ to, body: 'Verification code: 300003' }));
  expect((await mailbox.waitForCode(request({ identifier: to, since }))).code).toBe('300003');
});

test('ignores a message for another recipient', async ({ dovecot, open, to }) => {
  const mailbox = open();
  const since = Date.now();
  await dovecot.append(mail({ to: 'someone-else@example.test', body: 'Verification code: 400001' }));
  await dovecot.append(mail({ to: `Q A <${to.toUpperCase()}>`, body: 'Verification code: 400002' }));
  expect((await mailbox.waitForCode(request({ identifier: to, since }))).code).toBe('400002');
});

test('marks the used message seen and never returns it again', async ({ dovecot, open, to }) => {
  const mailbox = open();
  const since = Date.now();
  const uid = await dovecot.append(mail({ to, body: 'Verification code: 500001' }));
  expect((await mailbox.waitForCode(request({ identifier: to, since }))).code).toBe('500001');
  expect(await dovecot.flags(uid)).toContain('\\Seen');
  const again = mailbox.waitForCode(request({ identifier: to, since }));
  await expect.poll(() => mailbox.idling).toBe(true);
  await dovecot.append(mail({ to, body: 'Verification code: 500002' }));
  expect((await again).code).toBe('500002');
});

test('with markSeen off, leaves flags alone but still uses each message once', async ({
  dovecot,
  open,
  to,
}) => {
  const mailbox = open({ markSeen: false });
  const since = Date.now();
  const uid = await dovecot.append(mail({ to, body: 'Verification code: 600001' }));
  await dovecot.append(mail({ to, body: 'Your new verification code: 600002' }));
  const first = await mailbox.waitForCode(request({ identifier: to, since }));
  const second = await mailbox.waitForCode(request({ identifier: to, since }));
  expect([first.code, second.code].sort()).toEqual(['600001', '600002']);
  expect(await dovecot.flags(uid)).not.toContain('\\Seen');
});

test('returns the magic link for a magic-link prompt', async ({ dovecot, open, to }) => {
  const mailbox = open();
  const since = Date.now();
  await dovecot.append(
    mail({
      to,
      body: 'Follow this link to sign in:\r\nhttps://app.example.test/auth/magic?token=Zx81kLmPq2Rt7Yz0\r\n',
    }),
  );
  const received = await mailbox.waitForCode(request({ identifier: to, since, kind: 'magic-link' }));
  expect(received.link).toBe('https://app.example.test/auth/magic?token=Zx81kLmPq2Rt7Yz0');
});

test('rejects with TwoFactorAbortError when the wait is aborted', async ({ open, to }) => {
  const mailbox = open();
  const controller = new AbortController();
  const waiting = mailbox.waitForCode(request({ identifier: to, signal: controller.signal }));
  await expect.poll(() => mailbox.idling).toBe(true);
  controller.abort();
  const error = await waiting.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorAbortError);
  expect((error as Error).message).toMatch(
    /^Stopped waiting for a code on IMAP 127\.0\.0\.1:\d+ \(INBOX\): the wait was aborted\.$/,
  );
});

test('a wrong password fails clearly, without the password in the message', async ({ dovecot, open, to }) => {
  const mailbox = open({ auth: { user: dovecot.user, pass: 'wrong-password-123' } });
  const error = await mailbox.waitForCode(request({ identifier: to })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_CHANNEL_FAILED');
  expect((error as Error).message).toBe(
    `Could not open IMAP 127.0.0.1:${dovecot.port} (INBOX) as test: the server refused the user name or password. Check host, port, TLS and credentials.`,
  );
  expect((error as Error).message).not.toContain('wrong-password-123');
});

test('a dropped connection rejects the wait with a clear error', async () => {
  const dovecot = await startDovecot();
  const mailbox = new ImapMailbox({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.pass },
  });
  try {
    const waiting = mailbox.waitForCode(request({ identifier: 'qa@example.test' }));
    await expect.poll(() => mailbox.idling).toBe(true);
    const stopping = dovecot.stop();
    const error = await waiting.catch((e: unknown) => e);
    await stopping;
    expect(error).toBeInstanceOf(TwoFactorError);
    expect((error as TwoFactorError).code).toBe('PW2FA_CHANNEL_FAILED');
    expect((error as Error).message).toMatch(
      /^Lost the connection to IMAP 127\.0\.0\.1:\d+ \(INBOX\) while waiting for a code.*the next wait reconnects\.$/,
    );
  } finally {
    await mailbox.close();
    await dovecot.stop();
  }
});
