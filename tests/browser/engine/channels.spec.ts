import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { RelaySource } from '../../../src/channels/relay-source.js';
import { SmtpInbox } from '../../../src/channels/smtp-inbox.js';
import { TwoFactorError } from '../../../src/errors.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import { RelayServer } from '../../../src/relay/server.js';
import { DEMO_PASSWORD, demoPhoneNumber } from '../../site/accounts.js';
import { startDemoSite } from '../../site/server.js';
import { signInWithPassword, taggedUser } from '../../support/demo.js';

let inbox: SmtpInbox;
let site: Awaited<ReturnType<typeof startDemoSite>>;
test.beforeAll(async () => {
  inbox = await SmtpInbox.start();
  site = await startDemoSite({ port: 0, smtp: { host: inbox.host, port: inbox.port } });
});
test.afterAll(async () => {
  await site.close();
  await inbox.close();
});

test('signs in with a code e-mailed to the embedded SMTP inbox', async ({ page }, testInfo) => {
  const tag = `c${testInfo.testId}`;
  await signInWithPassword(page, site.url, 'email', tag);
  const events: TwoFactorEvent[] = [];
  const result = await new TwoFactor(page, {
    sources: [inbox],
    identifier: taggedUser('email', tag),
    onEvent: (e) => events.push(e),
  }).handle();
  expect(result).toMatchObject({
    kind: 'email',
    channel: `smtp:${inbox.host}:${inbox.port}`,
    verified: true,
  });
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect(events.map((e) => e.type)).toEqual(['prompt', 'waiting', 'code', 'filled', 'verified']);
});

test('follows an e-mailed magic link in the same browser context', async ({ page }, testInfo) => {
  const tag = `c${testInfo.testId}`;
  await signInWithPassword(page, site.url, 'magic-link', tag);
  const result = await new TwoFactor(page, {
    sources: [inbox],
    identifier: taggedUser('magic-link', tag),
  }).handle();
  expect(result.kind).toBe('magic-link');
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('reports a magic link that was already used as its own error', async ({ page, context }, testInfo) => {
  const tag = `c${testInfo.testId}`;
  const identifier = taggedUser('magic-link', tag);
  await signInWithPassword(page, site.url, 'magic-link', tag);
  // Another reader (a mail scanner) opens the link first.
  const scanner = await inbox.waitForCode({
    identifier,
    since: 0,
    signal: AbortSignal.timeout(10_000),
    kind: 'magic-link',
  });
  await (await context.newPage()).goto(scanner.link ?? '');
  // The site sends a fresh mail on resend; here we hand the same, burnt link to the engine.
  const burnt = { name: 'replay', accepts: () => true, waitForCode: async () => scanner };
  const error = await new TwoFactor(page, { sources: [burnt] }).handle().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_LINK_USED');
  expect((error as Error).message).toMatch(
    /^The sign-in link from 127\.0\.0\.1:\d+ was already used or has expired/,
  );
});

test('gives up after the timeout naming the channel and the address', async ({ page }, testInfo) => {
  const tag = `c${testInfo.testId}`;
  await signInWithPassword(page, site.url, 'email', tag);
  const error = await new TwoFactor(page, {
    sources: [inbox],
    identifier: 'nobody@example.test',
    timeout: 1_000,
  })
    .handle()
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'PW2FA_TIMEOUT' });
  expect((error as Error).message).toMatch(
    /^No e-mail with a code arrived on smtp:127\.0\.0\.1:\d+ for nobody@example\.test within 1 s\. Check that the site sent it to the address or number this source watches, or raise `timeout`\.$/,
  );
});

test('signs in with a texted code that a forwarder pushed to the relay', async ({ page }, testInfo) => {
  const relay = await RelayServer.start({ apiKey: 'sms-forwarder-key' });
  const sms = await startDemoSite({ port: 0, smsForwarder: { url: relay.url, apiKey: 'sms-forwarder-key' } });
  try {
    const tag = `c${testInfo.testId}`;
    await page.goto(`${sms.url}/login/sms`);
    await page.locator('#username').fill(taggedUser('sms', tag));
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    const source = new RelaySource({ url: relay.url, apiKey: 'sms-forwarder-key' });
    const result = await new TwoFactor(page, {
      sources: [source],
      identifier: demoPhoneNumber(taggedUser('sms', tag)),
    }).handle();
    expect(result).toMatchObject({ kind: 'sms', channel: 'relay', verified: true });
    await expect(page.getByTestId('signed-in')).toBeVisible();
  } finally {
    await sms.close();
    await relay.close();
  }
});

test('tells a webhook that a run waits for a code, with metadata only', async ({ page }, testInfo) => {
  const received: Array<{ body: string; signature: string | undefined }> = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-pw2fa-signature'] as string | undefined });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  try {
    const tag = `c${testInfo.testId}`;
    await signInWithPassword(page, site.url, 'email', tag);
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    await new TwoFactor(page, {
      sources: [inbox],
      identifier: taggedUser('email', tag),
      notify: { url, secret: 'hook-secret', runId: 'run-7' },
    }).handle();
    expect(received).toHaveLength(1);
    const event = JSON.parse(received[0]?.body ?? '{}');
    expect(event).toMatchObject({
      event: 'code_required',
      identifier: taggedUser('email', tag),
      run_id: 'run-7',
      channel: `smtp:${inbox.host}:${inbox.port}`,
      kind: 'email',
    });
    expect(received[0]?.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(received[0]?.body).not.toMatch(/\b\d{6}\b/); // never the code
  } finally {
    await new Promise((resolve) => hook.close(resolve));
  }
});
