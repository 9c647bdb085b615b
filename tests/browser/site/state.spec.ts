import { expect, type Page, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, hotpCode, submitPassword, totpCode, WRONG_CODE } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

async function submitCode(page: Page, code: string): Promise<void> {
  await page.locator('input[name="code"]').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

async function logOut(page: Page): Promise<void> {
  await page.goto(`${site.url}/logout`);
}

test('hotp: the counter advances, used counters fail, look-ahead is 10', async ({ page }) => {
  const account = DEMO_ACCOUNTS.hotp;
  await submitPassword(page, site.url, 'hotp');
  await submitCode(page, hotpCode(account.otpauth, 0));
  await expectSignedIn(page, account.username);
  await logOut(page);

  await submitPassword(page, site.url, 'hotp');
  await submitCode(page, hotpCode(account.otpauth, 0));
  await expect(page.getByRole('alert')).toHaveText(WRONG_CODE);
  await submitCode(page, hotpCode(account.otpauth, 1));
  await expectSignedIn(page, account.username);
  await logOut(page);

  // Next expected counter is 2: 2 + 10 is the furthest accepted, 2 + 11 is not.
  await submitPassword(page, site.url, 'hotp');
  await submitCode(page, hotpCode(account.otpauth, 13));
  await expect(page.getByRole('alert')).toHaveText(WRONG_CODE);
  await submitCode(page, hotpCode(account.otpauth, 12));
  await expectSignedIn(page, account.username);
  await logOut(page);

  await submitPassword(page, site.url, 'hotp');
  await submitCode(page, hotpCode(account.otpauth, 5));
  await expect(page.getByRole('alert')).toHaveText(WRONG_CODE);
  await submitCode(page, hotpCode(account.otpauth, 13));
  await expectSignedIn(page, account.username);
});

test('retry: the first correct code is turned away as expired, the next one works', async ({ page }) => {
  const account = DEMO_ACCOUNTS.retry;
  await submitPassword(page, site.url, 'retry');
  await submitCode(page, totpCode(account.otpauth));
  await expect(page.getByRole('alert')).toHaveText(
    'Code expired. Wait for a new code in your app and try again.',
  );
  await submitCode(page, totpCode(account.otpauth));
  await expectSignedIn(page, account.username);
});

test('no-reuse: a code from an already used window is rejected', async ({ page }) => {
  const account = DEMO_ACCOUNTS['no-reuse'];
  const code = totpCode(account.otpauth);
  await submitPassword(page, site.url, 'no-reuse');
  await submitCode(page, code);
  await expectSignedIn(page, account.username);
  await logOut(page);

  await submitPassword(page, site.url, 'no-reuse');
  await submitCode(page, code);
  await expect(page.getByRole('alert')).toHaveText(
    'That code was already used. Wait for the next code in your app and try again.',
  );
  // The next window's code is within the ±1 tolerance and has not been used.
  await submitCode(page, totpCode(account.otpauth, Date.now() + 30_000));
  await expectSignedIn(page, account.username);
});

test('recovery: a recovery code signs in once', async ({ page }) => {
  const account = DEMO_ACCOUNTS.recovery;
  const [first, second] = account.recoveryCodes;
  await submitPassword(page, site.url, 'recovery');
  await page.getByRole('link', { name: 'Use a recovery code instead' }).click();
  await expect(page).toHaveURL(`${site.url}/2fa/recovery/recovery`);
  await page.locator('input[name="recovery_code"]').fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
  await logOut(page);

  await submitPassword(page, site.url, 'recovery');
  await page.getByRole('link', { name: 'Use a recovery code instead' }).click();
  await page.locator('input[name="recovery_code"]').fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toHaveText('That recovery code is invalid or was already used.');
  await page.locator('input[name="recovery_code"]').fill(second.toUpperCase());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
  await logOut(page);

  // The authenticator app still works for the same account.
  await submitPassword(page, site.url, 'recovery');
  await submitCode(page, totpCode(account.otpauth));
  await expectSignedIn(page, account.username);
});

test('plus-addressed users of one account keep separate state', async ({ page }) => {
  const account = DEMO_ACCOUNTS.hotp;
  const username = account.username.replace('@', '+state@');
  await submitPassword(page, site.url, 'hotp', username);
  await submitCode(page, hotpCode(account.otpauth, 0));
  await expectSignedIn(page, username);
});
