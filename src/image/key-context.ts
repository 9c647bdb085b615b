import { PSM, readLines, unionBox } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, otsu, preprocess } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { type Run, textLines } from './text-lines.js';

/** Lines above the key that can hold its label ("Can't scan? Enter this key:", "Setup key"). */
const LINES_ABOVE = 4;

/**
 * Reads the text around a candidate key found by its shape: the few lines just above it and whatever
 * precedes it on its own line (`Secret key: JBSW …`), read as one block. The fast path skips reading
 * the page, so this is the only text it has to tell a labelled set-up key from a recovery code or any
 * other run of capitals and digits.
 *
 * @example
 * saysKey(await keyContext(page, line.box))
 */
export async function keyContext(page: GrayImage, key: Box): Promise<string[]> {
  const level = otsu(page);
  const left = Math.max(0, Math.floor(key.left - key.width * 4));
  const right = Math.min(page.width, Math.ceil(key.left + key.width * 3));
  const top = Math.max(0, Math.floor(key.top - key.height * (LINES_ABOVE * 2 + 1)));
  const above = textLines(page, {
    level,
    minGlyphs: 1,
    region: { left, top, width: right - left, height: Math.max(0, Math.floor(key.top) - top) },
  }).slice(-LINES_ABOVE);
  const boxes = above.map(lineBox);
  if (key.left - left > key.height) {
    const before = textLines(page, {
      level,
      minGlyphs: 1,
      region: { left, top: key.top, width: Math.floor(key.left - left), height: key.height },
    });
    boxes.push(...before.map(lineBox));
  }
  if (boxes.length === 0) return [];
  // One read of the block the lines make (one tesseract call, not one per line).
  const block = unionBox(boxes);
  const height = Math.min(...boxes.map((b) => b.height));
  const crop = { left: block.left - 4, top: block.top - 4, width: block.width + 8, height: block.height + 8 };
  const scale = Math.min(3, Math.max(0.5, 30 / Math.max(1, height)));
  const lines = await withOcrWorker(async (w) =>
    readLines(w, await preprocess(page, { crop, scale, pad: 10 }), { psm: PSM.block }),
  );
  return lines.map((l) => l.text);
}

function lineBox(line: { band: Run; glyphs: Run[] }): Box {
  const first = line.glyphs[0] as Run;
  const last = line.glyphs.at(-1) as Run;
  return {
    left: first.start,
    top: line.band.start,
    width: last.end - first.start + 1,
    height: line.band.end - line.band.start + 1,
  };
}
