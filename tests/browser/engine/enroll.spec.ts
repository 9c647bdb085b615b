import { expect, type Page, test } from '@playwright/test';
import type { TwoFactorError } from '../../../src/errors.js';
import type { EnrollmentReading } from '../../../src/image/enrollment.js';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import type { OtpAccount } from '../../../src/otp/account.js';
import { accountFromSecret } from '../../../src/otp/uri.js';
import { enrollAuthenticator } from '../../../src/playwright/enroll.js';
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

/** The set-up page's key as the demo site prints it (its own text, not OCR). */
async function printedKey(page: Page): Promise<string> {
  return (await page.getByTestId('setup-key').innerText()).replace(/\s/g, '');
}

/** Confirmation codes the page posted to the demo site. */
function countConfirmations(page: Page): () => number {
  let posts = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/setup/authenticator')) posts++;
  });
  return () => posts;
}

/** A secret one character off the real one: what a misread key looks like. */
function misread(secret: string, at: number): OtpAccount {
  const swapped = secret[at] === 'A' ? 'B' : 'A';
  return accountFromSecret(`${secret.slice(0, at)}${swapped}${secret.slice(at + 1)}`);
}

const ocrReading = (accounts: OtpAccount[]): EnrollmentReading => ({
  accounts: accounts.slice(0, 1),
  source: 'ocr',
  alternatives: accounts.slice(1),
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

test('tries the next OCR readings when the site rejects a code, and keeps only the accepted one', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'enroll', `n${testInfo.testId}`);
  const secret = await printedKey(page);
  const confirmations = countConfirmations(page);
  const readings = ocrReading([misread(secret, 3), misread(secret, 9), accountFromSecret(secret)]);
  const account = await enrollAuthenticator(page, vault, { label: 'third-reading' }, async () => readings);
  expect(account.secret).toBe(secret);
  expect(confirmations()).toBe(3); // the site re-rendered its page with an error twice in between
  expect((await vault.get('third-reading')).secret).toBe(secret);
  expect((await vault.list()).find((e) => e.label === 'third-reading')?.recoveryCodesLeft).toBe(10);
});

test('gives up after maxCandidates readings, says how many were tried, and keeps nothing', async ({
  page,
}, testInfo) => {
  await signInWithPassword(page, site.url, 'enroll', `g${testInfo.testId}`);
  const secret = await printedKey(page);
  const confirmations = countConfirmations(page);
  const wrong = [misread(secret, 1), misread(secret, 2), misread(secret, 3), misread(secret, 4)];
  const error = (await enrollAuthenticator(
    page,
    vault,
    { label: 'never-accepted', maxCandidates: 2 },
    async () => ocrReading(wrong),
  ).catch((e: unknown) => e)) as TwoFactorError;
  expect(error.code).toBe('PW2FA_CODE_REJECTED');
  expect(error.message).toBe(
    'The site did not accept a code made from any of 2 readings of the printed key (of 2 candidates) (it said: ' +
      '"That code didn\'t work. Check the time on your phone and try again."). Nothing new was kept under ' +
      '"never-accepted". The key was read by OCR; make the QR code visible (or zoom the page so the key ' +
      'prints larger), then try again.',
  );
  expect(error.message).not.toContain(secret.slice(0, 8));
  expect(confirmations()).toBe(2);
  expect(await vault.has('never-accepted')).toBe(false);
});

test('puts an existing entry back when no reading is accepted', async ({ page }, testInfo) => {
  const before = accountFromSecret('JBSWY3DPEHPK3PXP', { issuer: 'Old' });
  await vault.add('kept', before);
  await vault.addRecoveryCodes('kept', ['aaaaa-11111', 'bbbbb-22222']);
  await signInWithPassword(page, site.url, 'enroll', `k${testInfo.testId}`);
  const secret = await printedKey(page);
  await expect(
    enrollAuthenticator(page, vault, { label: 'kept' }, async () => ocrReading([misread(secret, 0)])),
  ).rejects.toMatchObject({ code: 'PW2FA_CODE_REJECTED' });
  expect(await vault.get('kept')).toEqual(before);
  expect((await vault.list()).find((e) => e.label === 'kept')?.recoveryCodesLeft).toBe(2);
});

test('tries a QR-read key once: a rejected exact key is not second-guessed', async ({ page }, testInfo) => {
  await signInWithPassword(page, site.url, 'enroll', `q${testInfo.testId}`);
  const secret = await printedKey(page);
  const confirmations = countConfirmations(page);
  const reading: EnrollmentReading = {
    accounts: [misread(secret, 5)],
    source: 'qr',
    alternatives: [accountFromSecret(secret)],
  };
  await expect(enrollAuthenticator(page, vault, { label: 'qr-once' }, async () => reading)).rejects.toThrow(
    /^The site did not accept a code made from the key read from its QR code \(it said: /,
  );
  expect(confirmations()).toBe(1);
});

test('refuses a page that is not an authenticator set-up page', async ({ page }) => {
  await page.goto(site.url);
  await expect(new TwoFactor(page, { vault }).enroll({ label: 'x' })).rejects.toMatchObject({
    code: 'PW2FA_NO_QR',
  });
  expect(await vault.has('x')).toBe(false);
});
