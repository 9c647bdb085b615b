import { expect, test } from '@playwright/test';
import { ocrSecret } from '../../../src/image/ocr.js';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import { browserKeyCases } from '../../image-corpus/browser-keys.js';

test.afterAll(() => terminateOcr());

test('reads at least 93 % of 48 printed keys as Chromium draws them: nine families 12–20 px, 1× and 2×, dark, JPEG, labels on the key line', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // Chromium's own text rendering (hinting, subpixel positions, ligatures) rather than librsvg's.
  const cases = await browserKeyCases(browser, { seed: 3, count: 48 });
  const misses: string[] = [];
  for (const c of cases) {
    const found = await ocrSecret(c.image);
    if (found?.secret !== c.secret) misses.push(c.name); // names only: never print a secret
  }
  const exact = (cases.length - misses.length) / cases.length;
  console.log(
    `OCR of browser-drawn keys: ${(exact * 100).toFixed(1)} % exact; misses: ${misses.join('; ') || 'none'}`,
  );
  expect(exact).toBeGreaterThanOrEqual(0.93);
});
