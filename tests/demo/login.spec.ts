// Logging into the bundled demo site past four kinds of 2FA prompt, with nothing site-specific but the
// user name and password form. Run it with `npm run demo`.

import { SmtpInbox } from 'playwright-2fa';
import { expect, test } from 'playwright-2fa/test';
import { DEMO_ACCOUNTS, type VariantName } from '../site/accounts.js';
import { type DemoSite, startDemoSite } from '../site/server.js';

let site: DemoSite;
let inbox: SmtpInbox;
test.beforeAll(async () => {
  inbox = await SmtpInbox.start();
  site = await startDemoSite({ port: 0, smtp: { host: inbox.host, port: inbox.port } });
});
test.afterAll(async () => {
  await site?.close();
  await inbox?.close();
});

async function signIn(page: import('@playwright/test').Page, variant: VariantName, username?: string) {
  await page.goto(`${site.url}/login/${variant}`);
  await page.locator('#username').fill(username ?? DEMO_ACCOUNTS[variant].username);
  await page.locator('#password').fill(DEMO_ACCOUNTS[variant].password);
  await page.locator('form button[type=submit]').click();
}

const APP_VARIANTS: Array<[VariantName, string]> = [
  ['totp', 'a single authenticator-code field'],
  ['input-otp', 'the input-otp React widget'],
  ['de', 'a German prompt'],
];

for (const [variant, what] of APP_VARIANTS) {
  test.describe(() => {
    test.use({ twoFactorAccount: variant });
    test(`signs in past ${what}`, async ({ page, twoFactor }) => {
      await signIn(page, variant);
      const result = await twoFactor.handle();
      await expect(page.getByTestId('signed-in')).toBeVisible();
      console.log(
        `  → ${result.kind} prompt answered from ${result.channel}, typed and submitted in ${result.filledInMs} ms`,
      );
    });
  });
}

test('signs in with a code sent by e-mail', async ({ page, twoFactor }) => {
  const address = DEMO_ACCOUNTS.email.username.replace('@', '+demo@');
  await signIn(page, 'email', address);
  const result = await twoFactor.handle({ identifier: address, sources: [inbox] });
  await expect(page.getByTestId('signed-in')).toBeVisible();
  console.log(`  → ${result.kind} prompt answered from ${result.channel} in ${result.filledInMs} ms`);
});
