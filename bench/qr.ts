// QR decoding (issue: enrollment from images): readQr on 1280×800 set-up page screenshots at 1× and 2×
// vs jsQR (sharp decode + jsQR, the decoder most Node projects reach for), and recall on the synthetic
// corpus from tests/image-corpus plus a harder random one, each decoder measured in the same run.
import jsQRModule from 'jsqr';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { chromiumLaunchOptions, readQr } from '../dist/src/index.js';
import { setupPageHtml } from '../tests/image-corpus/pages.js';
import { PNG_KINDS } from '../tests/image-corpus/png-kinds.js';
import { stressQrCases, syntheticQrCases } from '../tests/image-corpus/qr-images.js';
import { HELD_OUT_URIS, REAL_URIS } from '../tests/image-corpus/real-uris.js';
import { randomAccount, seeded, siteUri } from '../tests/image-corpus/secrets.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

// jsqr is CommonJS with a `default` property; NodeNext types see the module object.
const jsQR = jsQRModule.default;

const RUNS = 30;

async function jsqr(image: Buffer): Promise<string | null> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  return jsQR(pixels, info.width, info.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: wasm compile, sharp thread pool
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

const uri = siteUri(randomAccount(seeded(1)));
const browser = await chromium.launch(chromiumLaunchOptions());
const shots: Record<1 | 2, Buffer> = { 1: Buffer.alloc(0), 2: Buffer.alloc(0) };
for (const scale of [1, 2] as const) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: scale,
  });
  const page = await context.newPage();
  await page.setContent(await setupPageHtml({ qr: [uri], key: null, style: 'github' }));
  shots[scale] = await page.screenshot();
  await context.close();
}
await browser.close();
for (const scale of [1, 2] as const) {
  if (!(await readQr(shots[scale])).includes(uri) || (await jsqr(shots[scale])) !== uri) {
    throw new Error(`bench page at ${scale}× is not readable by both decoders`);
  }
}

async function recall(cases: { image: Buffer; expected: string[] }[]) {
  let ours = 0;
  let baseline = 0;
  let total = 0;
  for (const c of cases) {
    const texts = await readQr(c.image);
    const j = await jsqr(c.image);
    for (const expected of c.expected) {
      total++;
      if (texts.includes(expected)) ours++;
      if (j === expected) baseline++;
    }
  }
  return { ours: (100 * ours) / total, baseline: (100 * baseline) / total };
}

const corpus = await recall(await syntheticQrCases(1));
const hard = await recall(await stressQrCases(99, 120));
// Real otpauth URIs in every PNG kind (transparent with dark or light ink, grey + alpha, 16-bit, palette).
const kinds = await recall(
  await Promise.all(
    [...REAL_URIS, ...HELD_OUT_URIS].flatMap(({ uri }) =>
      PNG_KINDS.map(async (kind) => ({ image: await kind.draw(uri, 4), expected: [uri] })),
    ),
  ),
);

writeBenchResult('qr', {
  'decode 1280×800 page 1× median': metric(
    await median(() => readQr(shots[1])),
    await median(() => jsqr(shots[1])),
    'ms',
  ),
  'decode 1280×800 page 2× median': metric(
    await median(() => readQr(shots[2])),
    await median(() => jsqr(shots[2])),
    'ms',
  ),
  'recall synthetic corpus': metric(corpus.ours, corpus.baseline, '%'),
  'recall hard corpus (66–155 px, JPEG, blur)': metric(hard.ours, hard.baseline, '%'),
  'recall PNG kinds (transparent, palette, 16-bit, grey + alpha)': metric(kinds.ours, kinds.baseline, '%'),
});
