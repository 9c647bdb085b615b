import { expect, test } from '@playwright/test';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword } from '../../support/demo.js';

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vault: Vault;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, dispose } = await demoVault([]));
});
test.afterAll(async () => {
  await site.close();
  dispose();
  await terminateOcr();
});

test('enrolls from the set-up page, keeps the recovery codes, and signs in with the new secret later', async ({
  page,
}, testInfo) => {
  const tag = `e${testInfo.testId}`;
  await signInWithPassword(page, site.url, 'enroll', tag);
  await expect(page).toHaveURL(/\/setup\/authenticator/);
  const twoFactor = new TwoFactor(page, { vault });
  const account = await twoFactor.enroll({ label: 'enrolled' });
  expect(account).toMatchObject({ type: 'totp', digits: 6 });
  const entry = (await vault.list()).find((e) => e.label === 'enrolled');
  expect(entry?.recoveryCodesLeft).toBe(10);

  await page.goto(`${site.url}/logout`);
  await signInWithPassword(page, site.url, 'enroll', tag);
  await twoFactor.handle({ account: 'enrolled' });
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('refuses a page that is not an authenticator set-up page', async ({ page }) => {
  await page.goto(site.url);
  await expect(new TwoFactor(page, { vault }).enroll({ label: 'x' })).rejects.toMatchObject({
    code: 'PW2FA_NO_QR',
  });
  expect(await vault.has('x')).toBe(false);
});
