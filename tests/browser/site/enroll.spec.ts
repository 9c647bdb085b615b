import { expect, test } from '@playwright/test';
import jsQR from 'jsqr';
import { TOTP, URI } from 'otpauth';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, taggedUser, totpCode, wrongCode } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

test('enroll: the QR code and the printed key carry one fresh secret that later sign-ins ask for', async ({
  page,
}) => {
  const username = taggedUser('enroll', 'qr');
  await submitPassword(page, site.url, 'enroll', username);
  await expect(page).toHaveURL(`${site.url}/setup/authenticator`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up authenticator app');
  await expect(page.getByText("Can't scan? Enter this key:")).toBeVisible();

  const key = (await page.getByTestId('setup-key').textContent()) ?? '';
  expect(key).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const secret = key.replace(/\s/g, '');

  const qr = page.getByRole('img', { name: 'QR code to set up your authenticator app' });
  await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
  const pixels = await qr.evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context?.drawImage(img, 0, 0);
    const data = context?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    return { width: canvas.width, height: canvas.height, data: Array.from(data) };
  });
  const decoded = jsQR.default(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  const otp = URI.parse(decoded?.data ?? '');
  expect(otp).toBeInstanceOf(TOTP);
  expect(otp.secret.base32).toBe(secret);
  expect(otp.issuer).toBe('Demo Site');
  expect(otp.label).toBe(username);
  const otpauth = otp.toString();

  const field = page.getByLabel('Enter the 6-digit code from your app');
  await field.fill(wrongCode(totpCode(otpauth)));
  await page.getByRole('button', { name: 'Verify and enable' }).click();
  await expect(page.getByRole('alert')).toContainText("That code didn't work.");
  // The secret survives a failed confirmation.
  await expect(page.getByTestId('setup-key')).toHaveText(key);
  await page.getByLabel('Enter the 6-digit code from your app').fill(totpCode(otpauth));
  await page.getByRole('button', { name: 'Verify and enable' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two-factor authentication is on');
  const recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await page.getByRole('link', { name: 'Continue' }).click();
  await expectSignedIn(page, username);
  await page.goto(`${site.url}/logout`);

  await submitPassword(page, site.url, 'enroll', username);
  await expect(page).toHaveURL(`${site.url}/2fa/enroll`);
  await page.locator('input[name="code"]').fill(totpCode(otpauth));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, username);
  await page.goto(`${site.url}/logout`);

  await submitPassword(page, site.url, 'enroll', username);
  await page.getByRole('link', { name: 'Use a recovery code instead' }).click();
  await page.locator('input[name="recovery_code"]').fill(recoveryCodes[3] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, username);
});

test('enroll: every set-up session shows a different secret', async ({ page }) => {
  const keys: string[] = [];
  for (const tag of ['one', 'two']) {
    await submitPassword(page, site.url, 'enroll', taggedUser('enroll', tag));
    keys.push((await page.getByTestId('setup-key').textContent()) ?? '');
    // A reload keeps the secret of this session.
    await page.reload();
    await expect(page.getByTestId('setup-key')).toHaveText(keys.at(-1) ?? '');
    await page.goto(`${site.url}/logout`);
  }
  expect(keys[0]).not.toBe(keys[1]);
});
