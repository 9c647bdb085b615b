// Printed-key OCR (issue: enrollment from images): ocrSecret from the built package vs plain tesseract.js
// — the same engine and local English model, run on the whole image with its defaults (no base32
// whitelist, no line finding, no shape reading) and the longest base32-looking run taken from its text.
// That is what a user would write without this module, so its time and exactness are the baseline.
// Warm = the shared worker already running; cold = a fresh process: import, worker start, model load,
// font templates and the first 1280×800 page.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions, ocrSecret, terminateOcr } from '../dist/src/index.js';
import { browserKeyCases } from '../tests/image-corpus/browser-keys.js';
import { wideKeyCases } from '../tests/image-corpus/key-corpus.js';
import { syntheticKeyCases } from '../tests/image-corpus/key-images.js';
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

if (process.argv[2] === '--cold') {
  // Child process: time the first read of one page screenshot, from import to answer.
  const image = readFileSync(process.argv[4] as string);
  const started = performance.now();
  if (process.argv[3] === 'ours') {
    const lib = await import('../dist/src/index.js');
    await lib.ocrSecret(image);
    await lib.terminateOcr();
  } else {
    const worker = await baselineWorker();
    keyFromText((await worker.recognize(image)).data.text);
    await worker.terminate();
  }
  process.stdout.write(String(performance.now() - started));
  process.exit(0);
}

interface Case {
  image: Buffer;
  secret: string;
}

/**
 * Set-up pages as a browser draws them: three sites' layouts, 1× and 2×, light and dark, no QR code.
 * And printed keys as Chromium draws them, from seeds no test or tuning run has used.
 */
async function pageCases(): Promise<{ one: Case[]; two: Case[]; drawn: Case[] }> {
  const random = seeded(8);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const drawn = [
    ...(await browserKeyCases(browser, { seed: 7, count: 48 })),
    ...(await browserKeyCases(browser, { seed: 8, count: 48 })),
  ];
  const one: Case[] = [];
  const two: Case[] = [];
  for (const style of ['github', 'google', 'microsoft'] as const) {
    for (const dark of [false, true]) {
      for (const scale of [1, 2] as const) {
        const account = randomAccount(random);
        const context = await browser.newContext({
          viewport: { width: 1280, height: 800 },
          deviceScaleFactor: scale,
        });
        const page = await context.newPage();
        const keyCase = random() < 0.5 ? 'lower' : 'upper';
        await page.setContent(await setupPageHtml({ qr: [], key: account.secret, style, dark, keyCase }));
        (scale === 1 ? one : two).push({ image: await page.screenshot(), secret: account.secret });
        await context.close();
      }
    }
  }
  await browser.close();
  return { one, two, drawn };
}

function cold(which: 'ours' | 'baseline', file: string): number {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--cold', which, file],
      {
        encoding: 'utf8',
      },
    );
    samples.push(Number(run.stdout));
  }
  return percentile(samples, 50);
}

/** Every case read `rounds` times: times of all reads, exactness of the first. */
async function run(read: (image: Buffer) => Promise<string | null>, cases: Case[], rounds = 1) {
  const times: number[] = [];
  let exact = 0;
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const started = performance.now();
      const secret = await read(c.image);
      times.push(performance.now() - started);
      if (round === 0 && secret === c.secret) exact++;
    }
  }
  return {
    median: percentile(times, 50),
    p95: percentile(times, 95),
    exact: (100 * exact) / cases.length,
  };
}

const pages = await pageCases();
const keys = [...(await syntheticKeyCases(5, 36)), ...(await wideKeyCases({ seed: 21, count: 64 }))];
const dir = mkdtempSync(join(tmpdir(), 'pw2fa-bench-ocr-'));
const coldFile = join(dir, 'page.png');
writeFileSync(coldFile, (pages.one[0] as Case).image);

const ours = (image: Buffer) => ocrSecret(image).then((found) => found?.secret ?? null);
await ours((pages.one[0] as Case).image); // warm up: worker, model, font templates
const oursOne = await run(ours, pages.one, 3);
const oursTwo = await run(ours, pages.two, 2);
const oursKeys = await run(ours, keys);
const oursDrawn = await run(ours, pages.drawn);
await terminateOcr();

const worker = await baselineWorker();
const baseline = async (image: Buffer) => keyFromText((await worker.recognize(image)).data.text);
await baseline((pages.one[0] as Case).image);
const baseOne = await run(baseline, pages.one, 3);
const baseTwo = await run(baseline, pages.two, 2);
const baseKeys = await run(baseline, keys);
const baseDrawn = await run(baseline, pages.drawn);
await worker.terminate();

const coldOurs = cold('ours', coldFile);
const coldBase = cold('baseline', coldFile);
rmSync(dir, { recursive: true, force: true });

const allPages = pages.one.length + pages.two.length;
writeBenchResult('ocr', {
  'first OCR, fresh process (cold)': metric(coldOurs, coldBase, 'ms'),
  'warm per 1280×800 page, median': metric(oursOne.median, baseOne.median, 'ms'),
  'warm per 1280×800 page, p95': metric(oursOne.p95, baseOne.p95, 'ms'),
  'warm per 2560×1600 page, median': metric(oursTwo.median, baseTwo.median, 'ms'),
  'warm per key image, median': metric(oursKeys.median, baseKeys.median, 'ms'),
  [`keys exact (${keys.length} images)`]: metric(oursKeys.exact, baseKeys.exact, '%'),
  [`browser-drawn keys exact (${pages.drawn.length} images)`]: metric(oursDrawn.exact, baseDrawn.exact, '%'),
  [`pages exact (${allPages} screenshots)`]: metric(
    (oursOne.exact * pages.one.length + oursTwo.exact * pages.two.length) / allPages,
    (baseOne.exact * pages.one.length + baseTwo.exact * pages.two.length) / allPages,
    '%',
  ),
});
