import type { Box } from './preprocess.js';
import type { GrayImage } from './raster.js';

/**
 * Shape checks for look-alikes the OCR model gets wrong systematically. Tesseract's English LSTM reads
 * a lower-case `q` before anything but `u` as `g` (English has no "qk"), with 99 % confidence, in most
 * sans fonts; base32 keys are random, so that bias is wrong about one time in sixteen per `q`. The two
 * differ below the baseline: `q` drops a straight stem on the right, `g` curls back to the left.
 */

/** Lower-case base32 characters that reach below the baseline. */
const DESCENDERS = new Set(['g', 'j', 'p', 'q', 'y']);

/**
 * The baseline of a line: the median bottom of its characters that do not descend.
 *
 * @example
 * baseline([{ text: 'a', box }, { text: 'q', box }]) // y of the bottom of `a`
 */
export function baseline(symbols: readonly { text: string; box: Box }[]): number | null {
  const bottoms = symbols
    .filter((s) => !DESCENDERS.has(s.text))
    .map((s) => s.box.top + s.box.height)
    .sort((a, b) => a - b);
  return bottoms.length === 0 ? null : (bottoms[Math.floor(bottoms.length / 2)] ?? null);
}

/**
 * Where the ink below the baseline starts, as a fraction of the glyph's width from its left edge;
 * `null` when the glyph does not descend far enough to tell.
 *
 * @example
 * descenderLeft(image, qBox, base, 128) // 0.55 for `q`, 0.1 for `g`
 */
export function descenderLeft(image: GrayImage, box: Box, base: number, level: number): number | null {
  const x0 = Math.max(0, Math.floor(box.left));
  const x1 = Math.min(image.width - 1, Math.ceil(box.left + box.width));
  // Skip the two rows under the baseline, where the bowl's anti-aliasing still shows.
  const y0 = Math.max(0, Math.ceil(base) + Math.max(2, Math.round(box.height * 0.08)));
  const y1 = Math.min(image.height - 1, Math.floor(box.top + box.height));
  if (y1 - y0 < 2 || x1 <= x0) return null;
  let left = Number.POSITIVE_INFINITY;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if ((image.data[y * image.width + x] ?? 255) < level) {
        left = Math.min(left, x);
        break;
      }
    }
  }
  return Number.isFinite(left) ? (left - x0) / (x1 - x0) : null;
}

/**
 * Decides between `q` and `g` from the glyph's descender. Measured over DejaVu and Liberation Sans,
 * Serif and Mono at 14–24 px: the descender starts at ≥ 0.5 of the width for `q` and ≤ 0.18 for `g`.
 * An `a` that descends is a misread `q` or `g` and is settled the same way; anything else, or a glyph
 * that does not descend, is returned unchanged.
 *
 * @example
 * qOrG(image, symbol, base, 128) // 'q' when the descender is a stem on the right
 */
export function qOrG(
  image: GrayImage,
  symbol: { text: string; box: Box },
  base: number,
  level: number,
): string {
  // `a` is how the LSTM reads some `q`s; other letters are never a q or g in disguise.
  if (symbol.text !== 'g' && symbol.text !== 'q' && symbol.text !== 'a') return symbol.text;
  const descends = symbol.box.top + symbol.box.height - base > 0.18 * symbol.box.height;
  if (!descends) return symbol.text;
  const left = descenderLeft(image, symbol.box, base, level);
  if (left === null) return symbol.text;
  return left >= 0.33 ? 'q' : 'g';
}

/**
 * Whether a glyph has a dot over it (`i`, `j`): its ink rows form two runs with a gap, the upper one
 * short. Lower-case keys print `i` and `l`, which the LSTM swaps when the swap makes a word (`chit`).
 *
 * @example
 * dotted(image, glyphBox, 128) // true for `i`, false for `l`
 */
export function dotted(image: GrayImage, box: Box, level: number): boolean {
  const runs: { start: number; end: number }[] = [];
  const x0 = Math.max(0, Math.floor(box.left));
  const x1 = Math.min(image.width - 1, Math.ceil(box.left + box.width - 1));
  for (let y = Math.max(0, Math.floor(box.top)); y < Math.min(image.height, box.top + box.height); y++) {
    let ink = false;
    for (let x = x0; x <= x1 && !ink; x++) ink = (image.data[y * image.width + x] ?? 255) < level;
    const last = runs.at(-1);
    if (ink && last && last.end === y - 1) last.end = y;
    else if (ink) runs.push({ start: y, end: y });
  }
  const [top, stem] = runs;
  return runs.length >= 2 && !!top && !!stem && top.end - top.start + 1 < 0.35 * box.height;
}

/** Share of dark pixels in a region of the box given as fractions of its width and height. */
function inkShare(
  image: GrayImage,
  box: Box,
  level: number,
  fx: [number, number],
  fy: [number, number],
): number {
  let ink = 0;
  let all = 0;
  for (let y = Math.floor(box.top + fy[0] * box.height); y < box.top + fy[1] * box.height; y++) {
    for (let x = Math.floor(box.left + fx[0] * box.width); x < box.left + fx[1] * box.width; x++) {
      all++;
      if ((image.data[y * image.width + x] ?? 255) < level) ink++;
    }
  }
  return all === 0 ? 0 : ink / all;
}

/**
 * Longest run of ink across the middle rows, as a fraction of the width: the bar of `e`. Thin serif
 * bars come out grey, so "ink" here is anything darker than halfway between the threshold and white.
 */
function middleBar(image: GrayImage, box: Box, level: number): number {
  const light = level + (255 - level) / 2;
  let best = 0;
  for (let y = Math.floor(box.top + 0.3 * box.height); y < box.top + 0.7 * box.height; y++) {
    let run = 0;
    for (let x = Math.floor(box.left); x < box.left + box.width; x++) {
      run = (image.data[y * image.width + x] ?? 255) < light ? run + 1 : 0;
      best = Math.max(best, run / box.width);
    }
  }
  return best;
}

/**
 * Settles digit/letter look-alikes the LSTM reads by context rather than shape, from the glyph's own
 * pixels. Measured on DejaVu and Liberation Sans, Serif and Mono at 14–24 px (tests/image-corpus):
 * `4` has no ink at its bottom left (0.00) where `A`, `D`, `a`, `d` have ≥ 0.38; `e` has a middle bar
 * across the whole width, `c` ≤ 0.5 (grey bar pixels counted). Returns the read character when no rule applies.
 *
 * @example
 * settleByShape(image, glyphBox, 128, 'd') // '4' when the bottom left is empty
 */
export function settleByShape(image: GrayImage, box: Box, level: number, read: string): string {
  if ('4ADad'.includes(read)) {
    const bottomLeft = inkShare(image, box, level, [0, 0.35], [0.85, 1]);
    if (bottomLeft < 0.15) return '4';
    return read;
  }
  if (read === 'c' || read === 'e') return middleBar(image, box, level) > 0.7 ? 'e' : 'c';
  return read;
}
