import { throwIfAborted } from './abort.js';
import {
  groupsAreRegular,
  isBase32Candidate,
  type LetterCase,
  resolveConfusions,
} from './base32-candidate.js';
import { readKeyLine } from './key-line.js';
import { findKeyLines } from './key-lines.js';
import { findKeySpans, findLabels, isProse, type KeySpan } from './key-text.js';
import { type OcrLine, type OcrWord, PSM, readLines, unionBox } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, darkShare, preprocess } from './preprocess.js';
import { type GrayImage, type ImageInput, loadRaster } from './raster.js';
import { scanQr } from './zxing.js';

/** A key read from an image, with how sure the reader is. */
export interface OcrCandidate {
  /** Normalised base32 (upper case, no spaces). Never log it. */
  secret: string;
  /** 0–1: tesseract's confidence, scaled down when re-reads disagree or the groups are uneven. */
  confidence: number;
  /** From an "Issuer:" / "Account:" line near the key, else ''. */
  issuer: string;
  account: string;
}

/** Options for {@link ocrSecret} and {@link ocrSecretCandidates}. */
export interface OcrOptions {
  /** Checked between OCR passes. */
  signal?: AbortSignal;
  /** How many printed-key lines to re-read at most (default 2). */
  maxLines?: number;
}

/**
 * Reads the printed key ("Can't scan? Enter this key: JBSW Y3DP …") from a screenshot. The key's line
 * is found from its glyph groups (or, failing that, by reading the page), then re-read three ways with
 * tesseract restricted to base32 and its look-alikes; the readings are aligned and voted per character,
 * checked against the glyph count, O/0, I/1/l, B/8 resolved, and the look-alikes the English model
 * gets wrong in random strings (q/g, i/l, c/e, 4/A/D, 5/S, J/I …) settled by glyph shape or a
 * single-character read. Only readings of a length a key can have are kept. Returns every distinct
 * candidate, best first, so a caller that can check a generated code against the site may try them in
 * turn. Runs offline; the shared worker starts on first use (see {@link terminateOcr}).
 *
 * @example
 * const [best] = await ocrSecretCandidates(await page.screenshot());
 * if (best && best.confidence > 0.8) vault.add('site', accountFromSecret(best.secret));
 */
export async function ocrSecretCandidates(
  image: ImageInput | GrayImage,
  opts: OcrOptions = {},
): Promise<OcrCandidate[]> {
  const raster = isRaster(image) ? image : await loadRaster(image);
  const page = await forOcr(raster);
  throwIfAborted(opts.signal, 'Reading the printed key');
  const quick = await quickPass(page, opts.signal);
  if (quick) return quick;
  // Layout pass at a size where both 1× and 2× screenshots read well and quickly.
  const layoutScale = page.width > 2000 ? 0.5 : page.width < 700 ? 2 : 1;
  const layout = layoutScale === 1 ? page : await preprocess(page, { scale: layoutScale });
  const lines = await withOcrWorker((w) => readLines(w, layout, { psm: PSM.auto }));
  const texts = lines.map((l) => l.text);
  const labels = findLabels(texts);
  const spans = findKeySpans(texts, { lenient: true }).slice(0, opts.maxLines ?? 2);

  const votes: Reading[] = [];
  for (const span of spans) {
    throwIfAborted(opts.signal, 'Reading the printed key');
    const first = spanReading(span, lines);
    if (first) votes.push({ ...first, confidence: first.confidence * 0.8 });
    const texts: string[] = [];
    let confidence = 1;
    for (const words of spanLines(span, lines)) {
      const box = scaleBox(unionBox(words.map((w) => w.box)), 1 / layoutScale);
      const limits = neighbours(words, lines, layoutScale);
      const read = await readKeyLine(page, box, letterCase(words.map((w) => w.text).join('')), limits);
      if (!read) break;
      texts.push(read.text);
      confidence = Math.min(confidence, read.confidence);
      if (span.lines === 1)
        votes.push(...read.alternatives.map((a) => ({ ...a, confidence: a.confidence * 0.7 })));
    }
    if (texts.length === span.lines) votes.push({ text: texts.join(' '), confidence, primary: true });
  }
  return rank(votes).map((c) => ({ ...c, ...labels }));
}

/**
 * The best {@link ocrSecretCandidates} result, or `null` when no readable key is in the image.
 *
 * @example
 * const found = await ocrSecret(await readFile('setup.png'));
 * found?.confidence // 0.93
 */
export async function ocrSecret(
  image: ImageInput,
  opts: OcrOptions = {},
): Promise<{ secret: string; confidence: number } | null> {
  const [best] = await ocrSecretCandidates(image, opts);
  return best ? { secret: best.secret, confidence: best.confidence } : null;
}

/**
 * The fast path: lines that look like a key from their glyph groups alone are read directly, skipping
 * the OCR of the whole page (two thirds of the time on a 1280×800 screenshot). Only a reading that is a
 * well-formed key (even groups with digits, as prose never is) and read with confidence is accepted;
 * anything else falls through to the full pass. Issuer and account come from the lines just above.
 */
async function quickPass(page: GrayImage, signal?: AbortSignal): Promise<OcrCandidate[] | null> {
  for (const line of findKeyLines(page)
    .filter((l) => l.whole)
    .slice(0, 2)) {
    throwIfAborted(signal, 'Reading the printed key');
    const read = await readKeyLine(page, line.box, line.letterCase);
    if (!read || read.confidence < 0.6 || !isBase32Candidate(read.text)) continue;
    // The reading must have as many characters as the line has glyphs.
    if (read.text.replace(/ /g, '').length !== line.groups.reduce((a, b) => a + b, 0)) continue;
    const span = findKeySpans([read.text])[0];
    if (!span || span.score < 0.7 || span.text !== read.text) continue;
    const votes: Reading[] = [
      { text: read.text, confidence: read.confidence, primary: true },
      ...read.alternatives.map((a) => ({ ...a, confidence: a.confidence * 0.7 })),
    ];
    const labels = await labelsAbove(page, line.box);
    return rank(votes).map((c) => ({ ...c, ...labels }));
  }
  return null;
}

/** "Issuer:" and "Account:" lines printed in the few lines above the key. */
async function labelsAbove(page: GrayImage, key: Box): Promise<{ issuer: string; account: string }> {
  const top = Math.max(0, key.top - key.height * 5);
  if (key.top - top < key.height) return { issuer: '', account: '' };
  const crop = { left: 0, top, width: page.width, height: key.top - top };
  const lines = await withOcrWorker(async (w) =>
    readLines(w, await preprocess(page, { crop }), { psm: PSM.block }),
  );
  return findLabels(lines.map((l) => l.text));
}

function isRaster(image: ImageInput | GrayImage): image is GrayImage {
  return typeof image === 'object' && 'data' in image && 'width' in image && 'height' in image;
}

/** Dark text on light, with QR codes painted out (their modules read as noise and cost time). */
async function forOcr(raster: GrayImage): Promise<GrayImage> {
  const data = new Uint8Array(raster.data);
  if (darkShare(raster) > 0.5) for (let i = 0; i < data.length; i++) data[i] = 255 - (data[i] ?? 0);
  const image = { data, width: raster.width, height: raster.height };
  for (const symbol of await scanQr(raster, { tryDownscale: true })) {
    const xs = [
      symbol.position.topLeft.x,
      symbol.position.topRight.x,
      symbol.position.bottomRight.x,
      symbol.position.bottomLeft.x,
    ];
    const ys = [
      symbol.position.topLeft.y,
      symbol.position.topRight.y,
      symbol.position.bottomRight.y,
      symbol.position.bottomLeft.y,
    ];
    fill(image, {
      left: Math.min(...xs),
      top: Math.min(...ys),
      width: Math.max(...xs) - Math.min(...xs),
      height: Math.max(...ys) - Math.min(...ys),
    });
  }
  return image;
}

function fill(image: GrayImage & { data: Uint8Array }, box: Box): void {
  const x0 = Math.max(0, Math.floor(box.left) - 2);
  const y0 = Math.max(0, Math.floor(box.top) - 2);
  const x1 = Math.min(image.width, Math.ceil(box.left + box.width) + 2);
  const y1 = Math.min(image.height, Math.ceil(box.top + box.height) + 2);
  for (let y = y0; y < y1; y++) image.data.fill(255, y * image.width + x0, y * image.width + x1);
}

interface Reading {
  /** What was read, groups kept (for the regular-groups check). */
  text: string;
  confidence: number;
  /** The per-character vote over all re-reads, as opposed to one re-read or the layout pass. */
  primary?: boolean;
}

/** The words of a span as the layout pass read them. */
function spanReading(span: KeySpan, lines: OcrLine[]): Reading | null {
  const words = spanWords(span, lines);
  if (words.length === 0) return null;
  const confidence = words.reduce((n, w) => n + w.confidence, 0) / words.length / 100;
  return { text: words.map((w) => w.text).join(' '), confidence };
}

function spanWords(span: KeySpan, lines: OcrLine[]) {
  return spanLines(span, lines).flat();
}

/** The span's words line by line (a wrapped key has two). */
function spanLines(span: KeySpan, lines: OcrLine[]) {
  // To the end of the line (keys end their line), and back to the label: a misread first or last group
  // (`VJ5]`) may have cut the span short.
  const words = lines[span.line]?.words ?? [];
  let start = span.start;
  while (start > 0 && !isProse(words[start - 1]?.text ?? ':')) start--;
  const first = words.slice(start);
  const rest = span.lines > 1 ? [lines[span.line + 1]?.words ?? []] : [];
  return [first, ...rest].filter((words) => words.length > 0);
}

/** Right edge of the word before the key and left edge of the word after it, on the key's line. */
function neighbours(
  words: OcrWord[],
  lines: OcrLine[],
  layoutScale: number,
): { left?: number; right?: number } {
  const line = lines.find((l) => l.words.includes(words[0] as OcrWord));
  if (!line) return {};
  const first = line.words.indexOf(words[0] as OcrWord);
  const last = line.words.indexOf(words[words.length - 1] as OcrWord);
  const before = line.words[first - 1];
  const after = line.words[last + 1];
  const limits: { left?: number; right?: number } = {};
  if (before) limits.left = (before.box.left + before.box.width) / layoutScale;
  if (after) limits.right = after.box.left / layoutScale;
  return limits;
}

/** Upper, lower or mixed case, from what the layout pass read (it gets case right even when it errs). */
function letterCase(text: string): LetterCase {
  const upper = text.replace(/[^A-Z]/g, '').length;
  const lower = text.replace(/[^a-z]/g, '').length;
  if (upper >= 2 * lower) return 'upper';
  if (lower >= 2 * upper) return 'lower';
  return 'mixed';
}

function scaleBox(box: Box, f: number): Box {
  return { left: box.left * f, top: box.top * f, width: box.width * f, height: box.height * f };
}

/**
 * Combines readings into distinct candidates. The per-character vote counts double; a key several
 * readings agree on ranks above one only a single reading produced; uneven groups (`JBSW Y3DDP`) mean a
 * character was gained or lost and cost confidence.
 */
function rank(readings: Reading[]): Omit<OcrCandidate, 'issuer' | 'account'>[] {
  const byKey = new Map<string, { weight: number; confidence: number; regular: boolean; primary: boolean }>();
  for (const r of readings) {
    const key = resolveConfusions(r.text);
    if (!isBase32Candidate(key)) continue;
    const entry = byKey.get(key) ?? { weight: 0, confidence: 0, regular: true, primary: false };
    entry.weight += 1;
    entry.confidence = Math.max(entry.confidence, r.confidence);
    entry.regular &&= groupsAreRegular(r.text);
    entry.primary ||= r.primary === true;
    byKey.set(key, entry);
  }
  // The vote already weighed every re-read, so it outranks any one of them; the rest are fall-backs
  // for a caller that can check a generated code against the site.
  return [...byKey.entries()]
    .map(([secret, e]) => ({
      secret,
      primary: e.primary,
      confidence: round(
        e.confidence * (e.regular ? 1 : 0.7) * (e.primary ? 1 : 0.5 + 0.1 * Math.min(3, e.weight - 1)),
      ),
    }))
    .sort((a, b) => Number(b.primary) - Number(a.primary) || b.confidence - a.confidence)
    .map(({ secret, confidence }) => ({ secret, confidence }));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
