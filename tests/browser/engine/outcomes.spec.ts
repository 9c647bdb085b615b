import { expect, test } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword } from '../../support/demo.js';

// A secret the demo site does not know: every code from it is wrong.
const WRONG = 'otpauth://totp/Demo:x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vault: Vault;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, dispose } = await demoVault(['bounce', 'restart', 'in-place', 'totp']));
  await vault.add('wrong', WRONG);
});
test.afterAll(async () => {
  await site.close();
  dispose();
});

async function failure(promise: Promise<unknown>): Promise<TwoFactorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwoFactorError);
  return error as TwoFactorError;
}

test('a code answered with the logged-out home page is PW2FA_LOGGED_OUT, never verified', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'bounce', `o${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  const error = await failure(
    new TwoFactor(page, { vault, account: 'bounce', onEvent: (e) => events.push(e) }).handle(),
  );
  expect(error.code).toBe('PW2FA_LOGGED_OUT');
  expect(error.message).toBe(
    'After the authenticator code from vault:bounce was submitted, the site showed a logged-out or sign-in page ' +
      'instead of signing in (it reads: "◆ Demo Site Demo Site Every kind of two-factor sign-in, for testing ' +
      'automations. Log in Sign up"). The pending login was probably dropped: a second step left open too long, ' +
      'or a session cookie the site did not keep. Start the login again from the password step; if this repeats, ' +
      'check that the test keeps the cookies set by the password step.',
  );
  expect(events.some((e) => e.type === 'verified')).toBe(false);
  expect(events.filter((e) => e.type === 'filled')).toHaveLength(1); // no retry into a page without a prompt
});

test('a wrong code that restarts the login is rejected at once, quoting the page', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'restart', `o${testInfo.testId}`);
  const started = Date.now();
  // No turn-taking: the time measured is the engine's judgement, not a wait for a window other tests spent.
  const error = await failure(new TwoFactor(page, { vault, account: 'wrong', coordinator: false }).handle());
  expect(error.code).toBe('PW2FA_CODE_REJECTED');
  expect(error.message).toBe(
    'The site rejected the authenticator code from vault:wrong and went back to the start of the login: ' +
      '"Authentication failed. Start again with your user name.". Check that the stored secret is the current ' +
      'one (re-enroll after a reset) and that this machine’s clock is right.',
  );
  // Not the 30 s prompt timeout of a retry that waits for a prompt that never comes back (generous bound).
  expect(Date.now() - started).toBeLessThan(20_000);
});

test('a right code on the restarting login signs in', async ({ page }, testInfo) => {
  await signInWithPassword(page, site.url, 'restart', `o${testInfo.testId}`);
  const result = await new TwoFactor(page, { vault, account: 'restart' }).handle();
  expect(result).toMatchObject({ verified: true, attempts: 1 });
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('a sign-in confirmed in place ("Welcome back", same URL, button still there) is accepted', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'in-place', `o${testInfo.testId}`);
  const url = page.url();
  const result = await new TwoFactor(page, { vault, account: 'in-place' }).handle();
  expect(result).toMatchObject({ kind: 'totp', verified: true, attempts: 1 });
  expect(page.url()).toBe(url);
  await expect(page.getByRole('button', { name: 'Verify' })).toBeVisible();
  await page.goto(`${site.url}/home`);
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('the same rejection banner rendered again after the retry counts as a rejection', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'in-place', `o${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  const error = await failure(
    new TwoFactor(page, { vault, account: 'wrong', onEvent: (e) => events.push(e) }).handle(),
  );
  expect(error.code).toBe('PW2FA_CODE_REJECTED');
  // Typographic apostrophe as the page shows it; "twice": the second banner was seen, not a 10 s silence.
  expect(error.message).toMatch(
    /^The site rejected the authenticator code from vault:wrong twice: "That code didn’t work\. Check your app and try again\."/,
  );
  expect(events.filter((e) => e.type === 'rejected').map((e) => 'message' in e && e.message)).toEqual([
    'That code didn’t work. Check your app and try again.',
    'That code didn’t work. Check your app and try again.',
  ]);
});
