import { expect, test } from '@playwright/test';
import { readByTemplates } from '../../../src/image/glyph-reader.js';
import { readGlyphs } from '../../../src/image/glyphs.js';
import { findKeyLines } from '../../../src/image/key-lines.js';
import { otsu, preprocess } from '../../../src/image/preprocess.js';
import { loadRaster } from '../../../src/image/raster.js';
import { labelLines } from '../../../src/image/text-lines.js';
import { drawKey } from '../../image-corpus/key-images.js';

/** Where the ink is: the key, on an image of the key alone. */
function inkBox(page: Awaited<ReturnType<typeof loadRaster>>) {
  const level = otsu(page);
  let [left, top, right, bottom] = [page.width, page.height, 0, 0];
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      if ((page.data[y * page.width + x] ?? 255) >= level) continue;
      [left, top] = [Math.min(left, x), Math.min(top, y)];
      [right, bottom] = [Math.max(right, x), Math.max(bottom, y)];
    }
  }
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

const raster = async (text: string, opts: Parameters<typeof drawKey>[1]) =>
  loadRaster(await drawKey(text, opts));

test.describe('findKeyLines', () => {
  test('finds a grouped key by its shape, with its case', async () => {
    const page = await raster('JBSW Y3DP EHPK 3PXP', {
      font: 'DejaVu Sans Mono',
      size: 18,
      label: 'Setup key',
    });
    expect(findKeyLines(page)).toMatchObject([{ groups: [4, 4, 4, 4], whole: true, letterCase: 'upper' }]);
    const lower = await raster('jbsw y3dp ehpk 3pxp', { font: 'DejaVu Sans Mono', size: 13 });
    expect(findKeyLines(lower)[0]?.letterCase).toBe('lower');
  });

  test('leaves out a label ending in a colon on the key line, even one of four letters', async () => {
    const page = await raster('JBSW Y3DP EHPK 3PXP', { font: 'DejaVu Sans Mono', size: 18, prefix: 'Key:' });
    const [line] = findKeyLines(page);
    expect(line).toMatchObject({ groups: [4, 4, 4, 4], whole: false, afterLabel: true });
  });

  test('keeps narrow monospace letters in their group (wide gaps around I and J)', async () => {
    const page = await raster('IJII JIJI IIJJ JJII', { font: 'DejaVu Sans Mono', size: 20 });
    expect(findKeyLines(page)[0]?.groups).toEqual([4, 4, 4, 4]);
  });
});

test('labelLines finds only the lines that start with a label', async () => {
  const page = await raster('Account: octocat', {
    font: 'DejaVu Sans',
    size: 16,
    label: 'Use your app to scan',
  });
  const boxes = labelLines(page, otsu(page), { left: 0, top: 0, width: page.width, height: page.height });
  expect(boxes).toHaveLength(1);
  expect(boxes[0]?.top).toBeGreaterThan(page.height / 3); // the second line, not the prose above it
});

/** What the English model reads instead of each look-alike. */
const SWAPPED: Record<string, string> = {
  ...{ S: '5', '5': 'S', Z: '2', '2': 'Z', B: '8', '6': 'G', G: '6', J: 'I', I: 'J' },
  ...{ A: '4', '4': 'A', D: '0', T: '7', '7': 'T', q: 'g', g: 'q', i: 'l', l: 'i', b: '6', c: 'e' },
};

test.describe('readByTemplates', () => {
  // The shape reader alone, no tesseract: the key's family is told from the glyphs and each glyph named.
  for (const [font, size, text] of [
    ['DejaVu Sans Mono', 14, 'S5S5 Z2Z2 B6G6 JIJI'],
    ['Liberation Sans', 16, 'A4DA TT77 5SS5 2ZZ2'],
    ['DejaVu Serif', 13, 'qggq illi 6bgb c3ec'],
    // `WW` touch and are first cut in three: the count of the reading puts them back to two.
    ['Liberation Sans Narrow', 20, 'LKTN IWWJ 5IEU 3HBZ'],
  ] as const) {
    test(`reads look-alikes in ${font} ${size}px by shape`, async () => {
      const page = await raster(text, { font, size });
      const box = inkBox(page);
      const scale = 36 / box.height;
      const crop = { left: box.left - 8, top: box.top - 3, width: box.width + 16, height: box.height + 6 };
      const sample = await preprocess(page, { crop, scale });
      const blobs = readGlyphs(sample, otsu(sample), { dotsOnly: true });
      const lower = text === text.toLowerCase();
      // A first reading with every look-alike swapped: the shapes alone must put them right.
      const misread = [...text].map((c) => SWAPPED[c] ?? c).join('');
      const read = await readByTemplates(sample, blobs, lower ? 'lower' : 'upper', scale, misread);
      // Kerning can close a group's gap (`A T`): the characters are what matters here.
      expect(read?.text.replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      expect(read?.font.startsWith(font)).toBe(true);
    });
  }
});
