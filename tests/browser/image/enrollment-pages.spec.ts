import { type Browser, expect, test } from '@playwright/test';
import type { TwoFactorError } from '../../../src/errors.js';
import { readEnrollment } from '../../../src/image/enrollment.js';
import { ocrSecret } from '../../../src/image/ocr.js';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import { readQr } from '../../../src/image/qr.js';
import { formatMigration } from '../../../src/otp/migration.js';
import { type SetupPage, setupPageHtml } from '../../image-corpus/pages.js';
import { randomAccount, seeded, siteUri } from '../../image-corpus/secrets.js';

test.describe.configure({ mode: 'serial' });
test.afterAll(() => terminateOcr());

const STYLES = ['github', 'google', 'microsoft'] as const;

async function screenshotOf(browser: Browser, setup: SetupPage, scale: 1 | 2): Promise<Buffer> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: scale,
  });
  const page = await context.newPage();
  await page.setContent(await setupPageHtml(setup));
  const shot = await page.screenshot({ fullPage: true });
  await context.close();
  return shot;
}

test('reads the QR code of set-up pages at 1× and 2×, light and dark, down to 90 px', async ({ browser }) => {
  const random = seeded(11);
  const misses: string[] = [];
  let total = 0;
  for (const style of STYLES) {
    for (const scale of [1, 2] as const) {
      for (const [dark, qrSize] of [
        [false, 180],
        [true, 180],
        [false, 90],
      ] as const) {
        const uri = siteUri(randomAccount(random));
        const qr = style === 'google' ? ['https://support.google.com/accounts', uri] : [uri];
        const texts = await readQr(
          await screenshotOf(browser, { qr, key: null, style, dark, qrSize }, scale),
        );
        total++;
        if (!texts.includes(uri)) misses.push(`${style} ${scale}x ${dark ? 'dark' : 'light'} ${qrSize}px`);
      }
    }
  }
  console.log(`QR on set-up pages: ${total - misses.length}/${total}`);
  expect(misses).toEqual([]);
});

test('reads the accounts from the page, from the QR image locator, and from an export', async ({ page }) => {
  const account = randomAccount(seeded(12));
  await page.setContent(
    await setupPageHtml({ qr: [siteUri(account)], key: account.secret, style: 'github' }),
  );
  expect(await readEnrollment(page)).toEqual([account]);
  expect(await readEnrollment(page.getByRole('img', { name: 'QR code 1' }))).toEqual([account]);

  const accounts = [randomAccount(seeded(13)), randomAccount(seeded(14))];
  await page.setContent(
    await setupPageHtml({ qr: [formatMigration(accounts)], key: null, style: 'google', qrSize: 260 }),
  );
  expect(await readEnrollment(page)).toEqual(accounts);
});

test('reads a printed key from the page text, with the issuer and account it shows', async ({ page }) => {
  const account = randomAccount(seeded(15));
  const labels = { issuer: account.issuer, account: account.account };
  await page.setContent(await setupPageHtml({ qr: [], key: account.secret, style: 'microsoft', labels }));
  expect(await readEnrollment(page)).toEqual([account]);
});

test('reads a printed key drawn on a canvas by OCR', async ({ page }) => {
  await page.setContent(`<p>Can't scan? Enter this key:</p><canvas width="420" height="40"></canvas>
    <script>const c = document.querySelector('canvas').getContext('2d');
      c.font = '20px "DejaVu Sans Mono"'; c.fillText('JBSW Y3DP EHPK 3PXP', 4, 28);</script>`);
  const [account] = await readEnrollment(page);
  expect(account?.secret).toBe('JBSWY3DPEHPK3PXP');
});

test('OCRs printed keys in set-up page screenshots', async ({ browser }) => {
  test.setTimeout(120_000);
  const random = seeded(16);
  const misses: string[] = [];
  let total = 0;
  for (const style of STYLES) {
    for (const scale of [1, 2] as const) {
      for (const [dark, keyCase] of [
        [false, 'upper'],
        [true, 'lower'],
      ] as const) {
        const account = randomAccount(random);
        const setup: SetupPage = {
          qr: ['https://example.com/help'],
          key: account.secret,
          style,
          dark,
          keyCase,
        };
        const found = await ocrSecret(await screenshotOf(browser, setup, scale));
        total++;
        if (found?.secret !== account.secret)
          misses.push(`${style} ${scale}x ${dark ? 'dark' : 'light'} ${keyCase}`);
      }
    }
  }
  console.log(
    `OCR on set-up pages: ${total - misses.length}/${total}; misses: ${misses.join('; ') || 'none'}`,
  );
  expect(misses.length).toBeLessThanOrEqual(1);
});

test('says what the page showed when it offers no otpauth code and no key', async ({ page }) => {
  await page.setContent(
    await setupPageHtml({ qr: ['https://example.com/app?ref=setup'], key: null, style: 'github' }),
  );
  const error = (await readEnrollment(page).catch((e: unknown) => e)) as TwoFactorError;
  expect(error.code).toBe('PW2FA_NO_QR');
  expect(error.message).toContain('found 1 QR code, a normal URL (https://example.com/…) and no printed key');
});
