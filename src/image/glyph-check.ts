import {
  canonical,
  groupsAreRegular,
  type LetterCase,
  plausibleKeyLength,
  WHITELIST,
} from './base32-candidate.js';
import { baseline, dotted, qOrG, settleByShape } from './glyph-shape.js';
import { type Glyph, groupStarts, matchGlyphs } from './glyphs.js';
import { PSM, readLines } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, otsu, preprocess } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { align } from './vote.js';

/**
 * Pairs the English LSTM confuses in random strings (it prefers the letter or digit that makes a word):
 * for these, a second opinion comes from tesseract's single-character mode, which has no context to be
 * biased by and gets each of them right on DejaVu and Liberation faces at 14–24 px.
 */
const CONFUSABLE: Record<LetterCase, string[]> = {
  upper: ['4AD', '5S', 'JI3', '6BG', '2Z', '7T'],
  // Lower case: single-character mode mixes up `j`/`i`/`l` itself, so those stay with the vote.
  lower: ['4ad', '5sb', '6bge', '2z', '7t', 'qg'],
  mixed: ['4AaDd', '5Ss', '6bG', '2Zz', '7Tt'],
};

function confusable(a: string, b: string, letterCase: LetterCase): boolean {
  return a !== b && CONFUSABLE[letterCase].some((group) => group.includes(a) && group.includes(b));
}

/** Reads one glyph with tesseract's single-character mode; '' when it sees nothing sure. */
async function readGlyph(
  image: GrayImage,
  glyph: Box,
  band: { top: number; bottom: number },
  letterCase: LetterCase,
) {
  const crop = {
    left: glyph.left - 2,
    top: band.top - 2,
    width: glyph.width + 4,
    height: band.bottom - band.top + 4,
  };
  const lines = await withOcrWorker(async (w) =>
    readLines(w, await preprocess(image, { crop, pad: 10 }), {
      psm: PSM.char,
      whitelist: WHITELIST[letterCase].replace(' ', ''),
    }),
  );
  const text = canonical(
    lines
      .map((l) => l.text)
      .join('')
      .trim(),
    letterCase,
  );
  return { text, confidence: Math.min(100, ...lines.map((l) => l.confidence)) };
}

function band(glyphs: readonly Box[]): { top: number; bottom: number } {
  return {
    top: Math.min(...glyphs.map((g) => g.top)),
    bottom: Math.max(...glyphs.map((g) => g.top + g.height)),
  };
}

/**
 * When the vote's length differs from the glyph count (the LSTM doubled or dropped a character in most
 * re-reads), trust the count: read each glyph on its own, align the vote to that, and keep the vote's
 * characters where the two line up, the glyph reading where the vote has nothing.
 *
 * @example
 * await fitToGlyphs(line, readGlyphs(line, otsu(line)), 'YU4 6FMX XB26 OOWH', 'upper') // 'YU4J 6FMX XB26 OOWH'
 */
export async function fitToGlyphs(image: GrayImage, glyphs: Glyph[], text: string, letterCase: LetterCase) {
  const length = text.replace(/ /g, '').length;
  if (
    glyphs.length === length ||
    !plausibleKeyLength(glyphs.length) ||
    Math.abs(glyphs.length - length) > 3
  ) {
    return text;
  }
  // Touching glyphs make the count an estimate: it only overrules a length no key can have, or a clean
  // count overrules uneven groups (`YU4 6FMX`: a character went missing).
  const even = !text.includes(' ') || groupsAreRegular(text);
  if (plausibleKeyLength(length) && (even || glyphs.some((g) => g.touching))) return text;
  const lineBand = band(glyphs);
  const single: string[] = [];
  for (const g of glyphs)
    single.push((await readGlyph(image, g, lineBand, letterCase)).text.slice(0, 1) || '?');
  const fitted = [...single];
  for (const [i, ch] of align(single, [...text.replace(/ /g, '')])) {
    if (i >= 0 && !ch.inserted && ch.value) fitted[i] = ch.value;
  }
  if (fitted.includes('?')) return text;
  const starts = groupStarts(glyphs);
  return fitted.map((ch, i) => (starts.has(i) ? ` ${ch}` : ch)).join('');
}

/**
 * Checks each character the LSTM is known to get wrong against its glyph: shape rules for `i`/`l`,
 * `q`/`g`, `c`/`e` and `4`, single-character OCR for the other digit/letter pairs. Needs glyphs and
 * characters to line up one to one; returns `text` unchanged otherwise.
 *
 * @example
 * await arbitrate(line, readGlyphs(line, otsu(line)), 'chit ysh4', 'lower') // 'chlt ysh4'
 */
export async function arbitrate(
  image: GrayImage,
  all: Glyph[],
  text: string,
  letterCase: LetterCase,
): Promise<string> {
  const chars = [...text.replace(/ /g, '')];
  const level = otsu(image);
  const glyphs = matchGlyphs(all, text);
  if (!glyphs) return text;
  const lineBand = band(all);
  const base = baseline(glyphs.map((g, i) => ({ text: chars[i] ?? '', box: g })));
  const fixed = [...chars];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const g = glyphs[i];
    if (!g) continue;
    if (letterCase === 'lower' && (ch === 'i' || ch === 'l')) {
      fixed[i] = dotted(image, g, level) ? 'i' : 'l';
      continue;
    }
    if (letterCase === 'lower' && base !== null && 'gqa'.includes(ch)) {
      fixed[i] = qOrG(image, { text: ch, box: g }, base, level);
      if (fixed[i] !== 'a') continue;
    }
    const shaped = settleByShape(image, g, level, ch);
    fixed[i] = shaped;
    // Shape settles `c`/`e` and finds every `4`; a `4` with ink at its bottom left is some letter, which
    // the single-character read below names.
    if (shaped !== ch || 'ADadce'.includes(ch)) continue;
    if (!CONFUSABLE[letterCase].some((group) => group.includes(ch))) continue;
    const read = await readGlyph(image, g, lineBand, letterCase);
    if (read.text.length === 1 && read.confidence >= 70 && confusable(ch, read.text, letterCase))
      fixed[i] = read.text;
  }
  // Put the group spaces back where they were.
  let k = 0;
  return [...text].map((c) => (c === ' ' ? ' ' : (fixed[k++] ?? c))).join('');
}
