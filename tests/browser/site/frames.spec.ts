import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, totpCode, WRONG_CODE, wrongCode } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

test('iframe: the prompt lives in a cross-origin frame and signs the parent in', async ({ page }) => {
  const account = DEMO_ACCOUNTS.iframe;
  expect(new URL(site.altUrl).origin).not.toBe(new URL(site.url).origin);
  await submitPassword(page, site.url, 'iframe');
  await expect(page.locator('input[name="code"]')).toHaveCount(0);
  const frame = page.frameLocator('iframe[data-2fa-frame]');
  await frame.locator('input[name="code"]').fill(wrongCode(totpCode(account.otpauth)));
  await frame.getByRole('button', { name: 'Verify' }).click();
  await expect(frame.getByRole('alert')).toHaveText(WRONG_CODE);
  const child = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(child?.url().startsWith(`${site.altUrl}/frame/prompt`)).toBe(true);
  await frame.locator('input[name="code"]').fill(totpCode(account.otpauth));
  await frame.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(`${site.url}/home`);
  await expectSignedIn(page, account.username);
});

test('shadow: the prompt inside an open shadow root signs in', async ({ page }) => {
  const account = DEMO_ACCOUNTS.shadow;
  await submitPassword(page, site.url, 'shadow');
  const inShadow = await page
    .locator('demo-otp-prompt')
    .evaluate((host) => host.shadowRoot?.querySelector('input[autocomplete="one-time-code"]') !== null);
  expect(inShadow).toBe(true);
  // Playwright's CSS engine pierces open shadow roots.
  await page.locator('demo-otp-prompt input[name="code"]').fill(wrongCode(totpCode(account.otpauth)));
  await page.locator('demo-otp-prompt button').click();
  await expect(page.locator('demo-otp-prompt').getByRole('alert')).toHaveText(WRONG_CODE);
  await page.locator('demo-otp-prompt input[name="code"]').fill(totpCode(account.otpauth));
  await page.locator('demo-otp-prompt button').click();
  await expectSignedIn(page, account.username);
});

test('delayed: the prompt appears about 1.5 s after load', async ({ page }) => {
  const account = DEMO_ACCOUNTS.delayed;
  // Recorded in the page on its own clock, so a slow test runner cannot miss the placeholder or the delay.
  await page.addInitScript(() => {
    const seen = window as unknown as { placeholderAt?: number; fieldAt?: number };
    new MutationObserver(() => {
      if (seen.placeholderAt === undefined && document.body?.textContent?.includes('Checking your device…'))
        seen.placeholderAt = performance.now();
      if (seen.fieldAt === undefined && document.querySelector('input[name="code"]'))
        seen.fieldAt = performance.now();
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await submitPassword(page, site.url, 'delayed');
  const field = page.locator('input[name="code"]');
  await expect(field).toBeVisible({ timeout: 10_000 });
  const { placeholderAt, fieldAt } = await page.evaluate(() => {
    const seen = window as unknown as { placeholderAt?: number; fieldAt?: number };
    return { placeholderAt: seen.placeholderAt, fieldAt: seen.fieldAt };
  });
  expect(placeholderAt).toEqual(expect.any(Number));
  expect((fieldAt ?? 0) - (placeholderAt ?? 0)).toBeGreaterThan(1_000);
  await field.fill(totpCode(account.otpauth));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('spa: login, 2FA and home swap with pushState and no page load', async ({ page }) => {
  const account = DEMO_ACCOUNTS.spa;
  await page.goto(`${site.url}/login/spa`);
  await page.evaluate(() => {
    (window as unknown as { spaMarker: number }).spaMarker = 42;
  });
  await page.locator('#username').fill(account.username);
  await page.locator('#password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${site.url}/login/spa/verify`);
  const field = page.locator('input[autocomplete="one-time-code"]');
  await field.fill(wrongCode(totpCode(account.otpauth)));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toHaveText(WRONG_CODE);
  await field.fill(totpCode(account.otpauth));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(`${site.url}/home`);
  await expectSignedIn(page, account.username);
  expect(await page.evaluate(() => (window as unknown as { spaMarker?: number }).spaMarker)).toBe(42);
  // The server agrees: a real load of /home shows the same user.
  await page.reload();
  await expectSignedIn(page, account.username);
});
