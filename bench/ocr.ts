// Printed-key OCR (issue: enrollment from images): ocrSecret vs plain tesseract.js — the same engine and
// local English model, run on the whole image with its defaults (no base32 whitelist, no line finding,
// no re-reads or shape checks) and the longest base32-looking run taken from its text. That is what a
// user would write without this module, so its time and exactness are the baseline. Cold = a fresh
// process: import, worker start, model load and the first image.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { ocrSecret } from '../src/image/ocr.js';
import { terminateOcr } from '../src/image/ocr-worker.js';
import { chromiumLaunchOptions } from '../src/playwright/browser.js';
import { drawKey, syntheticKeyCases } from '../tests/image-corpus/key-images.js';
import { setupPageHtml } from '../tests/image-corpus/pages.js';
import { randomAccount, seeded } from '../tests/image-corpus/secrets.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const require = createRequire(import.meta.url);
const langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

/** The baseline's key extraction: the longest run of 4-character groups or one 16+ character word. */
function keyFromText(text: string): string | null {
  const runs = text.match(/\b[A-Za-z2-7]{4}(?: [A-Za-z2-7]{1,4}){3,}\b|\b[A-Za-z2-7]{16,}\b/g) ?? [];
  const best = runs.sort((a, b) => b.length - a.length)[0];
  return best ? best.replace(/\s/g, '').toUpperCase() : null;
}

async function baselineWorker() {
  const { createWorker, OEM } = await import('tesseract.js');
  return createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none' });
}

const mode = process.argv[2];
if (mode === '--cold') {
  // Child process: time the first read of one image, from import to answer.
  const image = await drawKey('JBSW Y3DP EHPK 3PXP', {
    font: 'DejaVu Sans Mono',
    size: 18,
    label: 'Setup key',
  });
  const started = performance.now();
  if (process.argv[3] === 'ours') {
    await ocrSecret(image);
    await terminateOcr();
  } else {
    const worker = await baselineWorker();
    keyFromText((await worker.recognize(image)).data.text);
    await worker.terminate();
  }
  process.stdout.write(String(performance.now() - started));
  process.exit(0);
}

function cold(which: 'ours' | 'baseline'): number {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--cold', which], {
      encoding: 'utf8',
    });
    samples.push(Number(run.stdout));
  }
  return percentile(samples, 50);
}

const keys = await syntheticKeyCases(5, 36);
const random = seeded(8);
const browser = await chromium.launch(chromiumLaunchOptions());
const pages: { image: Buffer; secret: string }[] = [];
for (const style of ['github', 'google', 'microsoft'] as const) {
  for (const scale of [1, 2] as const) {
    const account = randomAccount(random);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: scale,
    });
    const page = await context.newPage();
    await page.setContent(
      await setupPageHtml({ qr: [], key: account.secret, style, keyCase: scale === 2 ? 'lower' : 'upper' }),
    );
    pages.push({ image: await page.screenshot(), secret: account.secret });
    await context.close();
  }
}
await browser.close();

async function run(
  read: (image: Buffer) => Promise<string | null>,
  cases: { image: Buffer; secret: string }[],
) {
  const times: number[] = [];
  let exact = 0;
  for (const c of cases) {
    const started = performance.now();
    const secret = await read(c.image);
    times.push(performance.now() - started);
    if (secret === c.secret) exact++;
  }
  return { median: percentile(times, 50), exact: (100 * exact) / cases.length };
}

const ours = (image: Buffer) => ocrSecret(image).then((found) => found?.secret ?? null);
await ours(pages[0]?.image as Buffer); // warm up
const oursKeys = await run(ours, keys);
const oursPages = await run(ours, pages);
await terminateOcr();

const worker = await baselineWorker();
const baseline = async (image: Buffer) => keyFromText((await worker.recognize(image)).data.text);
await baseline(pages[0]?.image as Buffer);
const baseKeys = await run(baseline, keys);
const basePages = await run(baseline, pages);
await worker.terminate();

writeBenchResult('ocr', {
  'first OCR, fresh process (cold)': metric(cold('ours'), cold('baseline'), 'ms'),
  'warm per key image, median': metric(oursKeys.median, baseKeys.median, 'ms'),
  'warm per 1280×800 page, median': metric(oursPages.median, basePages.median, 'ms'),
  'keys exact (36 images)': metric(oursKeys.exact, baseKeys.exact, '%'),
  'keys exact (6 page screenshots)': metric(oursPages.exact, basePages.exact, '%'),
});
