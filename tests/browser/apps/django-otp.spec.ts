// The Django admin behind django-otp's OTPAdminSite (Debian packages, nobody here wrote them): its login
// page asks for user name, password and "OTP Token" in one form. The test types user name and password
// like any user's test; the token and the submit are `twoFactor.handle()`, with no Django-specific 2FA code.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import { bytesToBase32 } from '../../../src/otp/base32.js';
import { type DjangoOtpServer, startDjangoOtp } from '../../support/django-otp.js';
import { test as appTest, expect } from './app-test.js';
import { captureIfFailed } from './capture.js';

const test = appTest.extend<object, { django: DjangoOtpServer }>({
  django: [
    async ({ appVault }, use) => {
      const started = Date.now();
      const django = await startDjangoOtp();
      console.log(`django started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await appVault.vault.add('django', django.otpauth);
      await appVault.vault.add(
        'django-wrong',
        `otpauth://totp/Django:admin?secret=${bytesToBase32(randomBytes(20))}`,
      );
      await use(django);
      await django.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

test.use({ twoFactorAccount: 'django' });
test.afterEach(({ page }, testInfo) => captureIfFailed(page, testInfo, 'django-otp'));

async function typePassword(page: Page, django: DjangoOtpServer): Promise<void> {
  await page.goto(`${django.url}/admin/`);
  await page.getByLabel('Username').fill(django.login);
  await page.getByLabel('Password').fill(django.password);
}

test('signs in where the code box shares its form with the password, with twoFactor.handle()', async ({
  page,
  django,
  twoFactor,
}) => {
  await typePassword(page, django);
  const posted: URLSearchParams[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posted.push(new URLSearchParams(request.postData() ?? ''));
  });
  const result = await twoFactor.handle();
  expect(result).toMatchObject({ channel: 'vault:django', verified: true, attempts: 1 });
  // The code went into the token box and the password box kept the password (compared, never printed).
  expect(posted).toHaveLength(1);
  expect(posted[0]?.get('password') === django.password, 'password box unchanged').toBe(true);
  expect(/^\d{6}$/.test(posted[0]?.get('otp_token') ?? ''), 'six digits in the token box').toBe(true);
  // The admin index, which only a verified staff session sees.
  await expect(page.getByRole('heading', { name: 'Site administration' })).toBeVisible();
  await expect(page.locator('#user-tools')).toContainText('Welcome,');
});

test('a wrong secret ends in PW2FA_CODE_REJECTED quoting the page, within about one TOTP window', async ({
  page,
  django,
  twoFactor,
}) => {
  await typePassword(page, django);
  const started = Date.now();
  const error = await twoFactor.handle({ account: 'django-wrong' }).catch((e: unknown) => e);
  const seconds = (Date.now() - started) / 1000;
  const verdict = error instanceof TwoFactorError ? error.code : `returned ${JSON.stringify(error)}`;
  console.log(`django-otp wrong secret: ${verdict} after ${seconds.toFixed(1)} s`);
  await expect(page.getByRole('heading', { name: 'Site administration' })).toHaveCount(0);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_CODE_REJECTED');
  expect((error as TwoFactorError).message).toContain(
    'Invalid token. Please make sure you have entered it correctly.',
  );
  expect(seconds).toBeLessThan(45);
});
