import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import jsQRModule from 'jsqr';
import sharp from 'sharp';
import type { TwoFactorError } from '../../../src/errors.js';
import { readQr } from '../../../src/image/qr.js';
import { fiftyMegapixels, pngHeaderOnly, randomBytes, truncated } from '../../image-corpus/bad-inputs.js';
import {
  canvas,
  drawQr,
  type QrCase,
  stressQrCases,
  syntheticQrCases,
} from '../../image-corpus/qr-images.js';
import { randomAccount, seeded, siteUri } from '../../image-corpus/secrets.js';

// jsqr is CommonJS with a `default` property; NodeNext types see the module object.
const jsQR = jsQRModule.default;

let corpus: QrCase[];
test.beforeAll(async () => {
  corpus = await syntheticQrCases(1);
});

async function jsqrReads(image: Buffer): Promise<string | null> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  return jsQR(pixels, info.width, info.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

test('reads every code of the synthetic corpus (sizes from 90 px, dark, faint, JPEG, rotated, logos)', async () => {
  const misses: string[] = [];
  let expected = 0;
  let baseline = 0;
  for (const c of corpus) {
    const texts = await readQr(c.image);
    for (const uri of c.expected) {
      expected++;
      if (!texts.includes(uri)) misses.push(c.name);
    }
    for (const other of c.others ?? []) if (!texts.includes(other)) misses.push(`${c.name} (other code)`);
    const j = await jsqrReads(c.image);
    if (j && c.expected.includes(j)) baseline++;
  }
  const recall = (expected - misses.length) / expected;
  console.log(
    `QR recall ${(recall * 100).toFixed(1)} % of ${expected} codes (jsQR: ${((baseline / expected) * 100).toFixed(1)} %)`,
  );
  expect(misses).toEqual([]);
});

test('reads nearly every code of a harder random corpus (66–155 px, JPEG 30–60, blur, faint)', async () => {
  const cases = await stressQrCases(99, 80);
  let read = 0;
  let baseline = 0;
  for (const c of cases) {
    if ((await readQr(c.image)).includes(c.expected[0] as string)) read++;
    if ((await jsqrReads(c.image)) === c.expected[0]) baseline++;
  }
  console.log(`hard corpus: ${read}/${cases.length} (jsQR: ${baseline}/${cases.length})`);
  expect(read / cases.length).toBeGreaterThanOrEqual(0.95);
});

test('returns every code on the page, the normal URLs too', async () => {
  const c = corpus.find((x) => x.name === 'three codes, one otpauth') as QrCase;
  const texts = await readQr(c.image);
  expect([...texts].sort()).toEqual([...c.expected, ...(c.others ?? [])].sort());
});

test('reads a Google Authenticator export split over two codes', async () => {
  const c = corpus.find((x) => x.name === 'google export, two batches') as QrCase;
  expect(await readQr(c.image)).toEqual(expect.arrayContaining(c.expected));
});

test('reads an image from a file path and from a data URL', async () => {
  const c = corpus[0] as QrCase;
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-qr-'));
  const file = join(dir, 'code.png');
  writeFileSync(file, c.image);
  expect(await readQr(file)).toEqual(c.expected);
  expect(await readQr(`data:image/png;base64,${c.image.toString('base64')}`)).toEqual(c.expected);
});

test('returns no texts for an image without a code', async () => {
  const blank = await (await canvas(800, 500, [])).png().toBuffer();
  expect(await readQr(blank)).toEqual([]);
});

test.describe('bad input', () => {
  const cases: [string, () => Promise<Buffer | string>, string][] = [
    [
      'a truncated PNG',
      async () => truncated((corpus[0] as QrCase).image),
      'Expected a PNG or JPEG image, but the PNG data is damaged or truncated. Take the screenshot again, or pass the original file.',
    ],
    [
      'random bytes',
      async () => randomBytes(),
      'Expected a PNG or JPEG image, but the 4096-byte input is not in any image format sharp knows. Pass a PNG or JPEG screenshot (e.g. from page.screenshot()).',
    ],
    [
      'an empty buffer',
      async () => Buffer.alloc(0),
      'Expected a PNG or JPEG image, but the input is empty. Pass a PNG or JPEG screenshot (e.g. from page.screenshot()).',
    ],
    [
      'HTML',
      async () => Buffer.from('<!doctype html><p>Scan me</p>'),
      'Expected a PNG or JPEG image, but the input looks like HTML or XML text. Pass a PNG or JPEG screenshot (e.g. from page.screenshot()).',
    ],
    [
      'a missing file',
      async () => '/nonexistent/qr.png',
      'Expected a PNG or JPEG image, but the file "/nonexistent/qr.png" could not be read. Check the path (relative paths start at the current directory).',
    ],
    [
      'a 400-megapixel header',
      async () => pngHeaderOnly(20_000, 20_000),
      'Expected a PNG or JPEG image, but it is 20000×20000 (400.0 MP), over the 200.0 MP limit. Crop or downscale it to the area around the QR code.',
    ],
  ];
  for (const [title, input, message] of cases) {
    test(`rejects ${title} with PW2FA_BAD_IMAGE`, async () => {
      const error = (await readQr(await input()).catch((e: unknown) => e)) as TwoFactorError;
      expect(error.code).toBe('PW2FA_BAD_IMAGE');
      expect(error.message).toBe(message);
    });
  }

  test('reads a 50-megapixel photo in bounded time and memory', async () => {
    const uri = siteUri(randomAccount(seeded(50)));
    const image = await fiftyMegapixels(await drawQr(uri, { px: 600, margin: 4 }));
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    expect(await readQr(image)).toEqual([uri]);
    const grewMb = (process.memoryUsage().rss - rss) / 1e6;
    console.log(`50 MP: ${Date.now() - started} ms, RSS +${grewMb.toFixed(0)} MB`);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(grewMb).toBeLessThan(600);
  });
});
