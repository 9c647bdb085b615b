import { expect, test } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import type { VariantName } from '../../site/accounts.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword } from '../../support/demo.js';

const VARIANTS: Array<[VariantName, string]> = [
  ['totp', 'totp'],
  ['split', 'totp'],
  ['input-otp', 'totp'],
  ['react-otp-input', 'totp'],
  ['iframe', 'code'],
  ['shadow', 'totp'],
  ['delayed', 'totp'],
  ['spa', 'totp'],
  ['sha256', 'totp'],
  ['hotp', 'totp'],
  ['de', 'totp'],
  ['autosubmit', 'totp'],
  ['paste-only', 'totp'],
];

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vault: Vault;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, dispose } = await demoVault([...VARIANTS.map(([v]) => v), 'retry', 'no-reuse', 'recovery']));
});
test.afterAll(async () => {
  await site.close();
  dispose();
});

for (const [variant, kind] of VARIANTS) {
  test(`signs in past the ${variant} prompt`, async ({ page }, testInfo) => {
    await signInWithPassword(page, site.url, variant, `h${testInfo.testId}`);
    const events: TwoFactorEvent[] = [];
    const result = await new TwoFactor(page, {
      vault,
      account: variant,
      onEvent: (e) => events.push(e),
    }).handle();
    expect(result).toMatchObject({ channel: `vault:${variant}`, verified: true, attempts: 1 });
    if (kind !== 'code') expect(result.kind).toBe(kind);
    await expect(page.getByTestId('signed-in')).toBeVisible();
    expect(JSON.stringify(events)).not.toMatch(/\d{6}/); // events never carry the code
  });
}

test('retries once in the next window when the site rejects a correct code', async ({ page }, testInfo) => {
  await signInWithPassword(page, site.url, 'retry', `h${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  const result = await new TwoFactor(page, {
    vault,
    account: 'retry',
    onEvent: (e) => events.push(e),
  }).handle();
  expect(result.attempts).toBe(2);
  expect(events.filter((e) => e.type === 'rejected')).toHaveLength(1);
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('uses a stored recovery code when the account has no authenticator at hand', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'recovery', `h${testInfo.testId}`);
  await page.getByRole('link', { name: /recovery code/i }).click();
  const before = (await vault.list()).find((e) => e.label === 'recovery')?.recoveryCodesLeft ?? 0;
  const result = await new TwoFactor(page, { vault, account: 'recovery' }).handle();
  expect(result.kind).toBe('recovery');
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect((await vault.list()).find((e) => e.label === 'recovery')?.recoveryCodesLeft).toBe(before - 1);
});

test('fails with the page’s error text, never the code, when every code is rejected', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'totp', `h${testInfo.testId}`);
  // A secret the site does not know: both attempts are rejected.
  await vault.add('wrong', 'otpauth://totp/Demo:x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  const error = await new TwoFactor(page, { vault, account: 'wrong' }).handle().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_CODE_REJECTED');
  expect((error as Error).message).toBe(
    'The site rejected the authenticator code from vault:wrong twice: "That code didn\'t work. Try again.". ' +
      'Check that the stored secret is the current one (re-enroll after a reset) and that this machine’s clock is right.',
  );
  expect((error as Error).message).not.toMatch(/\d{6}/);
});

test('names what it looked for when no prompt appears', async ({ page }) => {
  await page.goto(site.url);
  const error = await new TwoFactor(page, { vault, account: 'totp', promptTimeout: 500 })
    .handle()
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'PW2FA_NO_PROMPT' });
  expect((error as Error).message).toMatch(/^No 2FA prompt appeared within 500 ms\. Looked for a code field/);
});

test('an unknown vault label is a typed error listing the known ones', async ({ page }, testInfo) => {
  await signInWithPassword(page, site.url, 'totp', `h${testInfo.testId}`);
  const error = await new TwoFactor(page, { vault, account: 'nope' }).handle().catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'PW2FA_UNKNOWN_ACCOUNT' });
});
