import { expect, type Page, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, taggedUser, totpCode } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

async function enterCode(page: Page, trust: boolean): Promise<void> {
  await page.locator('input[name="code"]').fill(totpCode(DEMO_ACCOUNTS.remember.otpauth));
  if (trust) await page.getByLabel('Trust this device for 30 days').check();
  await page.getByRole('button', { name: 'Verify' }).click();
}

test('remember: a trusted browser skips the prompt next time; an untrusted one is asked again', async ({
  page,
}, testInfo) => {
  const username = taggedUser('remember', `s${testInfo.testId}`);
  await submitPassword(page, site.url, 'remember', username);
  await expect(page.getByLabel('Send me product news and offers')).not.toBeChecked();
  await enterCode(page, false);
  await expectSignedIn(page, username);

  await submitPassword(page, site.url, 'remember', username);
  await enterCode(page, true);
  await expectSignedIn(page, username);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'trusted_device');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  await submitPassword(page, site.url, 'remember', username);
  await expectSignedIn(page, username); // no prompt

  // The cookie belongs to that user: another user in the same browser is still asked.
  await submitPassword(page, site.url, 'remember', taggedUser('remember', `o${testInfo.testId}`));
  await expect(page.locator('input[name="code"]')).toBeVisible();
});
