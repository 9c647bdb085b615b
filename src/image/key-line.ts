import { canonical, type LetterCase, WHITELIST } from './base32-candidate.js';
import { arbitrate, fitToGlyphs } from './glyph-check.js';
import { baseline, qOrG } from './glyph-shape.js';
import { readGlyphs } from './glyphs.js';
import { PSM, readLines } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, otsu, type Preprocess, preprocess } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { type Reading, voteReadings } from './vote.js';

/** What {@link readKeyLine} made of a printed key. */
export interface KeyLineReading {
  /** The key as read, groups separated by single spaces (not yet confusion-resolved). */
  text: string;
  /** 0–1: how strongly the re-reads agreed, times tesseract's confidence. */
  confidence: number;
  /** Each re-read on its own, for callers that can try several. */
  alternatives: { text: string; confidence: number }[];
}

/**
 * Re-read recipes: word-box heights and filters. Each errs on different characters, so a vote per
 * character position beats any one of them (tests/image-corpus, 288 keys: one re-read ≈ 75 % exact, the
 * vote plus shape checks ≈ 95 %; a fourth recipe at 44 px changed nothing and cost 25 % more time).
 */
const VARIANTS: { height: number; recipe: Preprocess }[] = [
  { height: 36, recipe: {} },
  { height: 30, recipe: {} },
  { height: 36, recipe: { threshold: 'otsu' } },
];

/**
 * Reads one printed key line inside `box` of `page` several ways and combines them with a
 * character-level vote after aligning the readings (so a character one re-read dropped or doubled is
 * outvoted), having first settled lower-case `q`/`g` by shape in each reading.
 *
 * @example
 * const reading = await readKeyLine(page, { left: 40, top: 360, width: 380, height: 18 }, 'upper');
 */
export async function readKeyLine(
  page: GrayImage,
  box: Box,
  letterCase: LetterCase,
  /** Where the words before and after the key end and start, so the crop stays clear of them. */
  limits: { left?: number; right?: number } = {},
): Promise<KeyLineReading | null> {
  const padY = Math.max(2, box.height * 0.2);
  const padX = Math.max(6, box.height * 0.8);
  const right = box.left + box.width;
  const left = Math.max(
    box.left - padX,
    limits.left === undefined ? -Infinity : (limits.left + box.left) / 2,
  );
  const end = Math.min(right + padX, limits.right === undefined ? Infinity : (limits.right + right) / 2);
  const crop = { left, top: box.top - padY, width: end - left, height: box.height + 2 * padY };
  const reads: Reading[] = [];
  for (const variant of VARIANTS) {
    const scale = Math.min(8, Math.max(0.4, variant.height / Math.max(1, box.height)));
    const image = await preprocess(page, { ...variant.recipe, crop, scale, pad: 12 });
    const lines = await withOcrWorker((w) =>
      readLines(w, image, { psm: PSM.line, whitelist: WHITELIST[letterCase] }),
    );
    const words = lines.flatMap((l) => l.words);
    if (words.length === 0) continue;
    // A first q/g settlement on the LSTM's own boxes; arbitrate() redoes it on exact glyph boxes.
    const level = otsu(image);
    const base = baseline(words.flatMap((w) => w.symbols));
    const text = words
      .map((w) =>
        w.symbols
          .map((s) => {
            const ch = canonical(s.text, letterCase);
            return letterCase === 'lower' && base !== null
              ? qOrG(image, { text: ch, box: s.box }, base, level)
              : ch;
          })
          .join(''),
      )
      .join(' ');
    // Per character: tesseract scores a long unbroken word 0 even when every character is sure.
    const symbols = words.flatMap((w) => w.symbols);
    const confidence = symbols.reduce((n, c) => n + c.confidence, 0) / Math.max(1, symbols.length) / 100;
    reads.push({ text, confidence });
  }
  if (reads.length === 0) return null;
  const sample = await preprocess(page, {
    crop,
    scale: Math.min(8, Math.max(0.4, 36 / Math.max(1, box.height))),
  });
  const glyphs = readGlyphs(sample, otsu(sample));
  const voted = voteReadings(reads, glyphs.length);
  const fitted = await fitToGlyphs(sample, glyphs, voted.text, letterCase);
  const text = await arbitrate(sample, glyphs, fitted, letterCase);
  return { text, confidence: voted.confidence, alternatives: reads };
}
