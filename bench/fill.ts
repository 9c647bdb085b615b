// Fill speed and memory (issue 5): prompt visible → code typed and submitted, by playwright-2fa (detect,
// type with real key events, submit) vs a hand-written script that knows the selectors; and the Node
// process's RSS after a login with the library vs with the hand-written script (OCR not loaded).
import { spawnSync } from 'node:child_process';
import { chromium, type Page } from 'playwright-core';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const CODE = '492039';
const PROMPT = `<h1>Two-factor authentication</h1><p>Enter the code from your authenticator app.</p>
<form id="f"><input id="otp" name="otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
<button id="verify" type="submit">Verify</button></form>`;

/** Inserts the prompt and returns page-clock ms from insertion to the form's submit event. */
async function measure(page: Page, answer: () => Promise<unknown>): Promise<number> {
  await page.setContent('<main></main>');
  const answered = answer();
  await page.evaluate((html) => {
    const w = window as unknown as { inserted: number; submitted: Promise<number> };
    w.submitted = new Promise((resolve) => {
      document.addEventListener('submit', (e) => {
        e.preventDefault();
        resolve(performance.now());
      });
    });
    w.inserted = performance.now();
    document.querySelector('main')?.insertAdjacentHTML('beforeend', html);
  }, PROMPT);
  await answered;
  return page.evaluate(async () => {
    const w = window as unknown as { inserted: number; submitted: Promise<number> };
    return (await w.submitted) - w.inserted;
  });
}

// Loaded only where used, so the hand-written child's memory does not include the library.
const lib = () => import('../dist/src/index.js');

async function library(page: Page): Promise<void> {
  const { submitCode, typeCode, waitForPrompt } = await lib();
  const prompt = await waitForPrompt(page, { timeout: 10_000 });
  await submitCode(prompt, await typeCode(prompt, CODE));
}

async function handWritten(page: Page): Promise<void> {
  await page.locator('#otp').fill(CODE);
  await page.locator('#verify').click();
}

async function child(kind: string): Promise<void> {
  // browser.ts imports only playwright-core, so the baseline child stays library-free.
  const { chromiumLaunchOptions } = await import('../dist/src/playwright/browser.js');
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage();
  for (let i = 0; i < 5; i++)
    await measure(page, () => (kind === 'library' ? library(page) : handWritten(page)));
  globalThis.gc?.();
  process.stdout.write(String(process.memoryUsage().rss));
  await browser.close();
}

if (process.argv[2]) {
  await child(process.argv[2]);
} else {
  const browser = await chromium.launch((await lib()).chromiumLaunchOptions());
  const page = await browser.newPage();
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) {
    ours.push(await measure(page, () => library(page)));
    baseline.push(await measure(page, () => handWritten(page)));
  }
  await browser.close();
  const rss = (kind: string) =>
    Number(
      spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, kind], {
        encoding: 'utf8',
      }).stdout,
    );
  const mb = (bytes: number) => bytes / 1024 / 1024;
  writeBenchResult('fill', {
    prompt_to_submitted_p50_ms: metric(percentile(ours, 50), percentile(baseline, 50), 'ms'),
    prompt_to_submitted_p95_ms: metric(percentile(ours, 95), percentile(baseline, 95), 'ms'),
    node_rss_after_login_mb: metric(mb(rss('library')), mb(rss('hand-written')), 'MB'),
  });
}
