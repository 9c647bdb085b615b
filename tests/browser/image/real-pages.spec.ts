import { type Browser, expect, test } from '@playwright/test';
import { isTwoFactorError } from '../../../src/errors.js';
import { readEnrollment } from '../../../src/image/enrollment.js';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import type { OtpAccount } from '../../../src/otp/account.js';
import { REAL_PAGES, type RealPage } from '../../image-corpus/real-pages.js';

test.describe.configure({ mode: 'serial' });
test.afterAll(() => terminateOcr());

/** What reading a page gave: its key, no key (PW2FA_NO_QR), or another error code. */
type Outcome = { secret: string } | { code: string };

async function outcome(read: Promise<OtpAccount[]>): Promise<Outcome> {
  try {
    const [account] = await read;
    return { secret: account?.secret ?? '' };
  } catch (error) {
    if (isTwoFactorError(error)) return { code: error.code };
    throw error;
  }
}

async function screenshot(browser: Browser, html: string, scale: 1 | 2): Promise<Buffer> {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 700 },
    deviceScaleFactor: scale,
  });
  const page = await context.newPage();
  await page.setContent(html);
  const shot = await page.screenshot({ fullPage: true });
  await context.close();
  return shot;
}

interface Tally {
  invented: string[];
  missed: string[];
  negatives: number;
  positives: number;
}

/** Reads every page of one part from its screenshot (OCR, 1× and 2×) and from the live page (its text). */
async function readPart(browser: Browser, pages: readonly RealPage[]): Promise<Tally> {
  const tally: Tally = { invented: [], missed: [], negatives: 0, positives: 0 };
  for (const real of pages) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const live = await context.newPage();
    await live.setContent(real.html);
    const reads: [string, () => Promise<OtpAccount[]>][] = [
      ['page text', () => readEnrollment(live)],
      ['screenshot 1×', async () => readEnrollment(await screenshot(browser, real.html, 1))],
      ['screenshot 2×', async () => readEnrollment(await screenshot(browser, real.html, 2))],
    ];
    for (const [how, read] of reads) {
      const got = await outcome(read());
      if (real.key === null) {
        tally.negatives++;
        if (!('code' in got) || got.code !== 'PW2FA_NO_QR') tally.invented.push(`${real.name} (${how})`);
      } else {
        tally.positives++;
        if (!('secret' in got) || got.secret !== real.key) tally.missed.push(`${real.name} (${how})`);
      }
    }
    await context.close();
  }
  return tally;
}

test('never takes a key from real recovery-code, prompt and settings pages, and still reads labelled keys', async ({
  browser,
}) => {
  test.setTimeout(600_000);
  const results: [string, Tally][] = [];
  for (const part of ['tuning', 'held-out'] as const) {
    const tally = await readPart(
      browser,
      REAL_PAGES.filter((p) => p.part === part),
    );
    results.push([part, tally]);
    console.log(
      `real pages, ${part}: keys invented on ${tally.invented.length}/${tally.negatives} reads of pages without one` +
        `${tally.invented.length ? ` (${tally.invented.join('; ')})` : ''}; labelled keys read ` +
        `${tally.positives - tally.missed.length}/${tally.positives}` +
        `${tally.missed.length ? ` (missed: ${tally.missed.join('; ')})` : ''}`,
    );
  }
  for (const [, tally] of results) {
    expect(tally.invented).toEqual([]);
    expect(tally.missed.length / tally.positives).toBeLessThanOrEqual(0.05);
  }
});
