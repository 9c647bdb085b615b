// Redmine 5 (Debian's package, a Rails app nobody here wrote) driven through its own pages: the test types
// the user name and password like any user's test would; enabling two-factor sign-in and every code after
// it is `twoFactor.enroll()` / `twoFactor.handle()` with no Redmine-specific 2FA code.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import { bytesToBase32 } from '../../../src/otp/base32.js';
import { type RedmineServer, startRedmine } from '../../support/redmine.js';
import { test as appTest, expect } from './app-test.js';
import { captureIfFailed } from './capture.js';

const test = appTest.extend<object, { redmine: RedmineServer }>({
  redmine: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring to see no dependencies
    async ({}, use) => {
      const started = Date.now();
      const redmine = await startRedmine();
      console.log(`redmine started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await use(redmine);
      await redmine.stop();
    },
    { scope: 'worker', timeout: 150_000 },
  ],
});

test.use({ twoFactorAccount: 'redmine' });
// Authenticator entries that are not the account's: what a stale secret after a reset looks like. Two
// labels, so the second test does not wait for the TOTP window the first one used.
test.beforeAll(async ({ appVault }) => {
  for (const label of ['redmine-wrong', 'redmine-stale']) {
    await appVault.vault.add(label, `otpauth://totp/Redmine:alice?secret=${bytesToBase32(randomBytes(20))}`);
  }
});
test.afterEach(({ page }, testInfo) => captureIfFailed(page, testInfo, 'redmine'));

const signedInAs = (page: Page) => page.locator('#loggedas');

const ALICE = 'alice';
/** Enrolled and signed in straight after, in one test: the window the enrollment used must not be reused. */
const BOB = 'bob';

async function signIn(page: Page, redmine: RedmineServer, login = ALICE): Promise<void> {
  await page.goto(`${redmine.url}/login`);
  await page.locator('#username').fill(login);
  await page.locator('#password').fill(redmine.password);
  await page.getByRole('button', { name: 'Login' }).click();
}

/** Signs in with the password only and opens "Enable authenticator app" from My account. */
async function openAuthenticatorSetUp(page: Page, redmine: RedmineServer, login: string): Promise<void> {
  await signIn(page, redmine, login);
  await expect(signedInAs(page)).toContainText(login);
  await page.getByRole('link', { name: 'My account' }).click();
  await page.getByRole('link', { name: 'Enable authenticator app' }).click();
  await expect(page.getByRole('button', { name: 'Activate' })).toBeVisible();
}

test('the first sign-in right after enrolling spends no try on the window the enrollment used', async ({
  page,
  redmine,
  twoFactor,
}) => {
  await openAuthenticatorSetUp(page, redmine, BOB);
  await twoFactor.enroll({ label: 'redmine-bob' });
  await expect(page.locator('#flash_notice')).toContainText('Two-factor authentication successfully enabled');
  await page.getByRole('link', { name: 'Sign out' }).click();
  await signIn(page, redmine, BOB);
  // Redmine refuses a second code from the window it last accepted (RFC 6238 §5.2) and allows three tries
  // per password entry: a rejected first try is one of the user's three gone.
  const result = await twoFactor.handle({ account: 'redmine-bob' });
  await expect(signedInAs(page)).toContainText(BOB);
  expect(result).toMatchObject({ verified: true, attempts: 1 });
});

// One user whose state each test builds on: enrolled first, then signed in with the enrolled secret. A
// failure here restarts the worker (and Redmine) only after the independent test above has run.
test.describe('alice, enrolled once', () => {
  test.describe.configure({ mode: 'serial' });

  test('enables two-factor sign-in from its set-up page with twoFactor.enroll()', async ({
    page,
    redmine,
    twoFactor,
  }) => {
    await openAuthenticatorSetUp(page, redmine, ALICE);
    const account = await twoFactor.enroll({ label: 'redmine' });
    expect(account).toMatchObject({ type: 'totp', digits: 6, period: 30 });
    await expect(page.locator('#flash_notice')).toContainText(
      'Two-factor authentication successfully enabled',
    );
    await expect(page.getByText('Currently active: Authenticator app')).toBeVisible();
  });

  test('signs in through the code page with twoFactor.handle(), and the page really is signed in', async ({
    page,
    redmine,
    twoFactor,
  }) => {
    await signIn(page, redmine);
    await expect(page.getByText('Please enter your two-factor authentication code.')).toBeVisible();
    await expect(signedInAs(page)).toHaveCount(0);

    const result = await twoFactor.handle();
    // Redmine's page names no channel ("your two-factor authentication code"): a plain code, which the
    // account's authenticator secret answers.
    expect(result).toMatchObject({ kind: 'code', channel: 'vault:redmine', verified: true });
    await expect(signedInAs(page)).toContainText(ALICE);
    await expect(page.getByLabel('Code')).toHaveCount(0);
  });

  test('a wrong secret ends in PW2FA_CODE_REJECTED quoting the page, within about one TOTP window', async ({
    page,
    redmine,
    twoFactor,
  }) => {
    await signIn(page, redmine);
    const started = Date.now();
    const error = await twoFactor.handle({ account: 'redmine-wrong' }).catch((e: unknown) => e);
    const seconds = (Date.now() - started) / 1000;
    console.log(`redmine wrong secret: ${(error as Error).name} after ${seconds.toFixed(1)} s`);
    expect(error).toBeInstanceOf(TwoFactorError);
    expect((error as TwoFactorError).code).toBe('PW2FA_CODE_REJECTED');
    expect((error as TwoFactorError).message).toContain('Code is invalid or outdated.');
    // One retry in the next window at most; a missed rejection would sit out the 30 s prompt wait instead.
    expect(seconds).toBeLessThan(45);
    await expect(signedInAs(page)).toHaveCount(0);
  });

  test('a wrong code that sends the login back to the logged-out home page fails at once, quoting it', async ({
    page,
    redmine,
    twoFactor,
  }) => {
    await signIn(page, redmine);
    // A person mistyped twice: Redmine allows three tries per password entry, then drops the half-done login
    // and redirects to its logged-out home page with "Too many tries." (app/controllers/account_controller.rb).
    for (let typo = 0; typo < 2; typo++) {
      await page.getByLabel('Code').fill('abcdef');
      await page.getByRole('button', { name: 'Login' }).click();
      await expect(page.locator('#flash_error')).toContainText('Code is invalid or outdated.');
    }
    const started = Date.now();
    const error = await twoFactor.handle({ account: 'redmine-stale' }).catch((e: unknown) => e);
    const seconds = (Date.now() - started) / 1000;
    const verdict = error instanceof TwoFactorError ? error.code : `returned ${JSON.stringify(error)}`;
    console.log(`redmine bounced home: ${verdict} after ${seconds.toFixed(1)} s`);
    await expect(page.locator('#flash_error')).toContainText('Too many tries.');
    await expect(signedInAs(page)).toHaveCount(0);
    expect(error, 'handle() must not report success on a logged-out page').toBeInstanceOf(TwoFactorError);
    expect((error as TwoFactorError).code).not.toBe('PW2FA_NO_PROMPT');
    expect((error as TwoFactorError).message).toContain('Too many tries.');
    // Nothing left to retry on this page: the verdict comes from the page, not from a 30 s wait for a prompt.
    expect(seconds).toBeLessThan(15);
  });
});
