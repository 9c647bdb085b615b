import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, taggedUser } from './helpers.js';

/** A tiny SMTP receiver: every message, parsed, in arrival order. */
const inbox: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      (mail) => {
        inbox.push(mail);
        callback();
      },
      (error: Error) => callback(error),
    );
  },
});

let site: DemoSite;
test.beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  site = await startDemoSite({ port: 0, smtp: { host: '127.0.0.1', port } });
});
test.afterAll(async () => {
  await site?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function mailTo(address: string, count = 1): Promise<ParsedMail> {
  const received = () =>
    inbox.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address);
  await expect.poll(() => received().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  const mail = received()[count - 1];
  if (!mail) throw new Error(`No mail to ${address}`);
  return mail;
}

test('email: the emailed 6-digit code signs in', async ({ page }) => {
  const username = taggedUser('email', 'code');
  await submitPassword(page, site.url, 'email', username);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
  await expect(page.getByText('e***@example.test')).toBeVisible();
  const mail = await mailTo(username);
  expect(mail.subject).toBe('Your sign-in code');
  expect(mail.from?.text).toContain('no-reply@demo-site.test');
  const code = /code is: (\d{6})/.exec(mail.text ?? '')?.[1] ?? '';
  expect(mail.html).toContain(code);

  await page.locator('input[name="code"]').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toHaveText("That code didn't work. Try again.");
  await page.locator('input[name="code"]').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, username);
});

test('email: "Send a new code" replaces the previous code', async ({ page }) => {
  const username = taggedUser('email', 'resend');
  await submitPassword(page, site.url, 'email', username);
  const first = /code is: (\d{6})/.exec((await mailTo(username)).text ?? '')?.[1] ?? '';
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByRole('status')).toHaveText('We sent a new code.');
  const second = /code is: (\d{6})/.exec((await mailTo(username, 2)).text ?? '')?.[1] ?? '';
  // Two random 6-digit codes are equal once in a million: then only the second half can be checked.
  if (first !== second) {
    await page.locator('input[name="code"]').fill(first);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await page.locator('input[name="code"]').fill(second);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, username);
});

test('magic-link: the emailed link signs in once', async ({ page }) => {
  const username = taggedUser('magic-link', 'once');
  await submitPassword(page, site.url, 'magic-link', username);
  await expect(page.getByText('We sent a sign-in link to')).toBeVisible();
  const mail = await mailTo(username);
  expect(mail.subject).toBe('Your sign-in link');
  const link = /https?:\/\/\S+\/magic\/[\w-]+/.exec(mail.text ?? '')?.[0] ?? '';
  expect(link.startsWith(`${site.url}/magic/`)).toBe(true);
  expect(mail.html).toContain(link);
  await page.goto(link);
  await expect(page).toHaveURL(`${site.url}/home`);
  await expectSignedIn(page, username);
  await page.goto(link);
  await expect(page.getByRole('alert')).toHaveText('This link has expired or was already used.');
});

test('email: without SMTP the site says so instead of pretending to send', async ({ page }) => {
  const bare = await startDemoSite({ port: 0 });
  try {
    await submitPassword(page, bare.url, 'email');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email sign-in is not available');
    await expect(page.getByRole('alert')).toContainText('started without an SMTP server');
  } finally {
    await bare.close();
  }
});
