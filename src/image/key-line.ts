import {
  canonical,
  groupsAreRegular,
  type LetterCase,
  plausibleKeyLength,
  resolveConfusions,
  trimStrays,
  WHITELIST,
} from './base32-candidate.js';
import { fillShortGroups } from './fill-groups.js';
import { arbitrate, fitToGlyphs } from './glyph-check.js';
import { type GlyphReading, readByTemplates } from './glyph-reader.js';
import { baseline, qOrG } from './glyph-shape.js';
import { readGlyphs } from './glyphs.js';
import { PSM, readLines } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, otsu, type Preprocess, preprocess } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { reconcile } from './reconcile.js';
import { type Reading, voteReadings } from './vote.js';

/** What {@link readKeyLine} made of a printed key. */
export interface KeyLineReading {
  /** The key as read, groups separated by single spaces (not yet confusion-resolved). */
  text: string;
  /** 0–1: how strongly the re-reads agreed, times tesseract's confidence. */
  confidence: number;
  /** Other readings (each re-read, or the closest look-alike swaps), for callers that can try several. */
  alternatives: { text: string; confidence: number }[];
}

/** Every line is read at this word-box height first: tesseract's LSTM reads 30–40 px text best. */
const HEIGHT = 36;
/**
 * Re-read recipes for lines the first reading does not settle: word-box heights and filters. Each errs
 * on different characters, so a vote per character position beats any one of them.
 */
const REREADS: { height: number; recipe: Preprocess }[] = [
  { height: 30, recipe: {} },
  { height: 36, recipe: { threshold: 'otsu' } },
];
/** White margin around a line for tesseract (it misses characters touching the edge). */
const PAD = 12;
/**
 * The first reading is kept without re-reads when the glyphs match one installed family this well and
 * no glyph matches its character worse than {@link FAST_WEAKEST}: measured on tests/image-corpus, the
 * re-reads then never changed the answer.
 */
const FAST_FONT = 0.88;
const FAST_WEAKEST = 0.7;
/** A shape reading overrules a first reading one character longer or shorter only when this sure. */
const SLIP_FONT = 0.93;
const SLIP_WEAKEST = 0.85;
/** A family fitting this well settles look-alikes by template instead of the older shape rules. */
const SHAPE_FONT = 0.85;

/**
 * Reads one printed key line inside `box` of `page`. One tesseract reading is settled glyph by glyph
 * against a reading by shape with the local fonts ({@link readByTemplates}, {@link reconcile}); when
 * that leaves no doubt, that is the answer (about three lines in four, in a third of the time).
 * Otherwise the line is re-read two more ways and the readings, the shape reading among them, combined
 * with a character-level vote after aligning them (so a character one re-read dropped or doubled is
 * outvoted), refitted to the glyph count, and its look-alikes settled by the fonts again (or by the
 * older shape rules when no local family fits).
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
  const crop = lineCrop(box, limits);
  const scaleFor = (height: number) => Math.min(8, Math.max(0.4, height / Math.max(1, box.height)));
  const sample = await preprocess(page, { crop, scale: scaleFor(HEIGHT) });
  const level = otsu(sample);
  const glyphs = readGlyphs(sample, level);
  // The shape reader splits touching characters itself, by which cut reads best.
  const blobs = readGlyphs(sample, level, { dotsOnly: true });
  const reads: Reading[] = [];
  const first = await readVariant(padded(sample), letterCase);
  if (first) reads.push(first);
  const shape = await readByTemplates(sample, blobs, letterCase, scaleFor(HEIGHT), first?.text);
  const quick = first && shape ? settle(first, shape, letterCase) : null;
  if (quick) return withoutStrays(quick);
  for (const variant of REREADS) {
    const scale = scaleFor(variant.height);
    const image = await preprocess(page, { ...variant.recipe, crop, scale, pad: PAD });
    const read = await readVariant(image, letterCase);
    if (read) reads.push(read);
  }
  // The shape reading votes too, as surely as the surest re-read, when it has a key's length.
  const votes: Reading[] = [...reads];
  if (shape && plausibleKeyLength(resolveConfusions(shape.text).length))
    votes.push({
      text: shape.text,
      confidence: Math.max(...votes.map((v) => v.confidence), shape.fontScore),
    });
  if (votes.length === 0) return null;
  const voted = voteReadings(votes, glyphs.length);
  // A character the LSTM dropped from a group in most readings is put back from the shape reading.
  const filled =
    shape && shape.fontScore >= SHAPE_FONT ? fillShortGroups(voted.text, shape.text) : voted.text;
  const fitted = await fitToGlyphs(sample, glyphs, filled, letterCase);
  // The shapes settle the look-alikes when the family is known; the older shape rules otherwise.
  // Same length as the first reading: the shape reading already cut the glyphs to that count.
  const size = (text: string | undefined) => text?.replace(/ /g, '').length;
  const again =
    shape && size(fitted) === size(first?.text)
      ? shape
      : await readByTemplates(sample, blobs, letterCase, scaleFor(HEIGHT), fitted);
  const checked = again && again.fontScore >= SHAPE_FONT ? reconcile(fitted, again, letterCase) : null;
  const arbitrated = checked ? checked.text : await arbitrate(sample, glyphs, fitted, letterCase);
  const alternatives = votes.filter((v) => v.text !== voted.text);
  return withoutStrays({ text: arbitrated, confidence: voted.confidence, alternatives });
}

/** The reading and its alternatives without what the crop caught of a label ({@link trimStrays}). */
function withoutStrays(reading: KeyLineReading): KeyLineReading {
  return {
    text: trimStrays(reading.text),
    confidence: reading.confidence,
    alternatives: reading.alternatives.map((a) => ({ ...a, text: trimStrays(a.text) })),
  };
}

/** The key's box with room around it, kept clear of the words before and after it. */
function lineCrop(box: Box, limits: { left?: number; right?: number }): Box {
  const padY = Math.max(2, box.height * 0.2);
  const padX = Math.max(6, box.height * 0.8);
  const right = box.left + box.width;
  const left = Math.max(
    box.left - padX,
    limits.left === undefined ? -Infinity : (limits.left + box.left) / 2,
  );
  const end = Math.min(right + padX, limits.right === undefined ? Infinity : (limits.right + right) / 2);
  return { left, top: box.top - padY, width: end - left, height: box.height + 2 * padY };
}

/** The sample with a white margin, as tesseract gets it (cheaper than another sharp pass). */
function padded(image: GrayImage): GrayImage {
  const width = image.width + 2 * PAD;
  const data = new Uint8Array(width * (image.height + 2 * PAD)).fill(255);
  for (let y = 0; y < image.height; y++)
    data.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + PAD) * width + PAD);
  return { data, width, height: image.height + 2 * PAD };
}

/** One tesseract reading of a prepared line. */
async function readVariant(image: GrayImage, letterCase: LetterCase): Promise<Reading | null> {
  const lines = await withOcrWorker((w) =>
    readLines(w, image, { psm: PSM.line, whitelist: WHITELIST[letterCase] }),
  );
  const words = lines.flatMap((l) => l.words);
  if (words.length === 0) return null;
  // A first q/g settlement on the LSTM's own boxes; arbitrate() redoes it on exact glyph boxes.
  const level = otsu(image);
  const symbols = words.flatMap((w) => w.symbols);
  const base = baseline(symbols);
  const settle = (s: (typeof symbols)[number]) => {
    const ch = canonical(s.text, letterCase);
    return letterCase === 'lower' && base !== null ? qOrG(image, { text: ch, box: s.box }, base, level) : ch;
  };
  const text = words.map((w) => w.symbols.map(settle).join('')).join(' ');
  // Per character: tesseract scores a long unbroken word 0 even when every character is sure.
  const confidence = symbols.reduce((n, c) => n + c.confidence, 0) / Math.max(1, symbols.length) / 100;
  return { text, confidence };
}

/**
 * The first reading settled against the shape reading, when that leaves no doubt: a key's length in
 * even groups, a family that fits, and no character the two disagree on without a clear winner. Or,
 * when the LSTM gained or lost one character in a group (`7qgng`, `5llan`: it reads random strings as
 * words), the shape reading itself, if it is otherwise the same, in even groups, and sure glyph by glyph.
 */
function settle(read: Reading, shape: GlyphReading, letterCase: LetterCase): KeyLineReading | null {
  if (shape.fontScore < FAST_FONT || shape.weakest < FAST_WEAKEST) return null;
  const length = resolveConfusions(read.text).length;
  if (!plausibleKeyLength(length) || !groupsAreRegular(read.text)) return slipped(read, shape);
  const settled = reconcile(read.text, shape, letterCase, true);
  if (!settled) return slipped(read, shape);
  if (settled.conflicts > 0) return null;
  const confidence = Math.min(read.confidence, shape.fontScore);
  return { text: settled.text, confidence, alternatives: swaps(settled.text, shape, confidence) };
}

/** The shape reading, when the first reading is it with one character gained or lost. */
function slipped(read: Reading, shape: GlyphReading): KeyLineReading | null {
  const chars = shape.text.replace(/ /g, '');
  const grouped = shape.text.includes(' ') === read.text.trim().includes(' ');
  if (!grouped || !groupsAreRegular(shape.text) || !plausibleKeyLength(chars.length)) return null;
  if (shape.fontScore < SLIP_FONT || shape.weakest < SLIP_WEAKEST) return null;
  if (!oneEditApart(read.text.replace(/ /g, ''), chars)) return null;
  const confidence = Math.min(read.confidence, shape.fontScore) * 0.9;
  return { text: shape.text, confidence, alternatives: [{ text: read.text, confidence: confidence * 0.5 }] };
}

/** Whether `b` is `a` with exactly one character inserted or deleted. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) !== 1) return false;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

/** The reading with its most doubtful character swapped for the runner-up, for each close call. */
function swaps(text: string, shape: GlyphReading, confidence: number): KeyLineReading['alternatives'] {
  const chars = [...text.replace(/ /g, '')];
  return shape.doubts
    .filter((d) => d.gap < 0.1)
    .map((d) => {
      const swapped = [...chars];
      swapped[d.index] = d.alternative;
      let k = 0;
      const swappedText = [...text].map((c) => (c === ' ' ? ' ' : (swapped[k++] ?? c))).join('');
      // The closer the call, the likelier the runner-up is the right character.
      return { text: swappedText, confidence: confidence * Math.max(0.05, 0.5 - d.gap * 4) };
    });
}
