// Detection speed (issue 4): detectPrompt on a typical page vs a hand-written selector lookup, and prompt
// insertion → waitForPrompt resolved vs a 1-second polling loop. Issue 14: detectPrompt vs a naive
// attribute scan of the same page (one evaluate reading every input's attributes), on the typical page
// and on a busy one; the bound is 3×. Uses the built package (npm run build).
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions, detectPrompt, waitForPrompt } from '../dist/src/index.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const RUNS = 40;
const TYPICAL_PAGE = `<header><nav>${'<a href="#">Menu item</a>'.repeat(12)}</nav><input type="search" name="q"></header>
<main><div class="auth-form"><h1>Two-factor authentication</h1>
<form><label for="app_totp">Authentication code</label>
<input id="app_totp" name="app_otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
<button type="submit">Verify</button></form>
<p>Open your two-factor authenticator (TOTP) app or browser extension to view your authentication code.</p>
<a href="#">Use a recovery code</a></div></main>
<footer>${'<p>Footer link and legal text.</p>'.repeat(20)}</footer>`;

/** A busy page: the typical prompt under a long settings form, a table of inputs and a lot of text. */
const BUSY_PAGE = `${TYPICAL_PAGE}<section><h2>Preferences</h2><form>${Array.from(
  { length: 150 },
  (_, i) => `<label>Option ${i} <input name="pref_${i}" placeholder="Value ${i}"></label>`,
).join('')}</form>${'<p>Terms and conditions, privacy, cookies and more text. '.repeat(400)}</p></section>`;

/** The naive baseline: one evaluate that reads each input's attributes and looks for code-ish words. */
function naiveAttributeScan(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    for (const input of Array.from(document.querySelectorAll('input'))) {
      const attrs = [
        input.name,
        input.id,
        input.autocomplete,
        input.placeholder,
        input.getAttribute('aria-label') ?? '',
      ]
        .join(' ')
        .toLowerCase();
      if (/otp|one-time|2fa|mfa|totp|passcode|verification|code/.test(attrs)) return true;
    }
    return false;
  });
}

/** detectPrompt and the naive scan alternately on one page, so load on the machine hits both alike. */
async function versusNaive(page: Page, html: string): Promise<{ detect: number[]; naive: number[] }> {
  await page.setContent(html);
  const detect: number[] = [];
  const naive: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    detect.push(await time(() => detectPrompt(page)));
    naive.push(await time(() => naiveAttributeScan(page)));
  }
  return { detect, naive };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function insertionLatency(page: Page, wait: () => Promise<unknown>): Promise<number> {
  await page.setContent('<main><p>Signing you in…</p></main>');
  const delay = 100 + Math.random() * 400;
  const waiting = wait();
  await new Promise((resolve) => setTimeout(resolve, delay));
  const inserted = performance.now();
  await page.evaluate((html) => {
    document.querySelector('main')?.insertAdjacentHTML('beforeend', html);
  }, TYPICAL_PAGE);
  await waiting;
  return performance.now() - inserted;
}

/** The anchors' pattern: look once a second until the prompt is there. */
async function pollEverySecond(page: Page): Promise<void> {
  for (;;) {
    if (await detectPrompt(page)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
await page.setContent(TYPICAL_PAGE);
const detect: number[] = [];
const selector: number[] = [];
for (let i = 0; i < RUNS; i++) {
  detect.push(await time(() => detectPrompt(page)));
  selector.push(await time(() => page.locator('input[autocomplete="one-time-code"]').first().waitFor()));
}
const typical = await versusNaive(page, TYPICAL_PAGE);
const busy = await versusNaive(page, BUSY_PAGE);
const wake: number[] = [];
const poll: number[] = [];
for (let i = 0; i < 12; i++) {
  wake.push(await insertionLatency(page, () => waitForPrompt(page, { timeout: 10_000 })));
  poll.push(await insertionLatency(page, () => pollEverySecond(page)));
}
await browser.close();

writeBenchResult('detect', {
  detect_prompt_median_ms: metric(percentile(detect, 50), percentile(selector, 50), 'ms'),
  detect_prompt_p95_ms: metric(percentile(detect, 95), percentile(selector, 95), 'ms'),
  detect_vs_naive_scan_typical_p50_ms: metric(
    percentile(typical.detect, 50),
    percentile(typical.naive, 50),
    'ms',
  ),
  detect_vs_naive_scan_busy_p50_ms: metric(percentile(busy.detect, 50), percentile(busy.naive, 50), 'ms'),
  insertion_to_wait_resolved_p50_ms: metric(percentile(wake, 50), percentile(poll, 50), 'ms'),
  insertion_to_wait_resolved_p95_ms: metric(percentile(wake, 95), percentile(poll, 95), 'ms'),
});
