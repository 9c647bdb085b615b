// Detection speed (issue 4): detectPrompt on a typical page vs a hand-written selector lookup, and prompt
// insertion → waitForPrompt resolved vs a 1-second polling loop. Uses the built package (npm run build).
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
  insertion_to_wait_resolved_p50_ms: metric(percentile(wake, 50), percentile(poll, 50), 'ms'),
  insertion_to_wait_resolved_p95_ms: metric(percentile(wake, 95), percentile(poll, 95), 'ms'),
});
