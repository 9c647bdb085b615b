// Cockpit (Debian's web console, nobody here wrote it) with pam_google_authenticator in its PAM stack: after
// the password, Cockpit's login page relays PAM's "Verification code:" prompt into a masked input; a wrong
// code fails the whole PAM conversation and Cockpit starts the login again ("Authentication failed", user
// name and password boxes back). The test types user name and password like any user's test; the code is
// `twoFactor.handle()`, with no Cockpit-specific 2FA code.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import { bytesToBase32 } from '../../../src/otp/base32.js';
import { generateCode } from '../../../src/otp/generate.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { type CockpitServer, startCockpit } from '../../support/cockpit.js';
import { test as appTest, expect } from './app-test.js';
import { captureIfFailed } from './capture.js';

const test = appTest.extend<object, { cockpit: CockpitServer }>({
  cockpit: [
    async ({ appVault }, use) => {
      const started = Date.now();
      const cockpit = await startCockpit();
      console.log(`cockpit started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      // What the admin saved when setting up the authenticator: the secret, as an otpauth:// URI.
      await appVault.vault.add('cockpit', cockpit.otpauth);
      await appVault.vault.add(
        'cockpit-wrong',
        `otpauth://totp/Cockpit:${cockpit.user}?secret=${bytesToBase32(randomBytes(20))}`,
      );
      await use(cockpit);
      await cockpit.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

test.use({ twoFactorAccount: 'cockpit' });
test.afterEach(({ page }, testInfo) => captureIfFailed(page, testInfo, 'cockpit'));

/** Six digits that none of the windows PAM accepts right now (±1) would produce: a person's typo. */
function notACurrentCode(cockpit: CockpitServer): string {
  const account = parseOtpauth(cockpit.otpauth);
  const valid = [-30_000, 0, 30_000].map((skew) => generateCode(account, { at: Date.now() + skew }).code);
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.includes(code)) ?? '444444';
}

async function signIn(page: Page, cockpit: CockpitServer): Promise<void> {
  await page.goto(`${cockpit.url}/`);
  await page.getByLabel('User name').fill(cockpit.user);
  await page.getByLabel('Password', { exact: true }).fill(cockpit.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Cockpit's shell, which only a signed-in session gets: "Overview - user@host" and the Session menu. */
async function expectSignedIn(page: Page, cockpit: CockpitServer): Promise<void> {
  // The shell fills the user into the title once its session channel is up: slow on a busy machine.
  await expect(page).toHaveTitle(new RegExp(`^Overview - ${cockpit.user}@`), { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Session' })).toBeVisible();
}

test('signs in through the PAM verification-code prompt with twoFactor.handle()', async ({
  page,
  cockpit,
  twoFactor,
}) => {
  await signIn(page, cockpit);
  await expect(page.getByText('Verification code:')).toBeVisible();
  const result = await twoFactor.handle();
  expect(result).toMatchObject({ channel: 'vault:cockpit', verified: true, attempts: 1 });
  await expectSignedIn(page, cockpit);
});

test('a wrong secret ends in PW2FA_CODE_REJECTED quoting the page at once, not a 30 s wait for a prompt', async ({
  page,
  cockpit,
  twoFactor,
}) => {
  await signIn(page, cockpit);
  const started = Date.now();
  const error = await twoFactor.handle({ account: 'cockpit-wrong' }).catch((e: unknown) => e);
  const seconds = (Date.now() - started) / 1000;
  const verdict = error instanceof TwoFactorError ? error.code : `returned ${JSON.stringify(error)}`;
  console.log(`cockpit wrong secret: ${verdict} after ${seconds.toFixed(1)} s`);
  // Cockpit started the login again: the password boxes are back, and no session was opened.
  await expect(page.getByText('Authentication failed')).toBeVisible();
  await expect(page.getByLabel('User name')).toBeVisible();
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_CODE_REJECTED');
  expect((error as TwoFactorError).message).toContain('Authentication failed');
  // The restarted login has no code box to retry in; the verdict is on the page as soon as it shows.
  expect(seconds).toBeLessThan(15);
});

test('after a rejected login, signing in again with the right secret is judged accepted', async ({
  page,
  cockpit,
  twoFactor,
}) => {
  await signIn(page, cockpit);
  await page.getByLabel('Verification code:').fill(notACurrentCode(cockpit));
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Authentication failed')).toBeVisible();
  await signIn(page, cockpit);
  const result = await twoFactor.handle();
  expect(result).toMatchObject({ channel: 'vault:cockpit', verified: true });
  await expectSignedIn(page, cockpit);
});
