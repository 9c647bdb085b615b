import { throwIfAborted } from './abort.js';
import type { LetterCase } from './base32-candidate.js';
import { saysKey } from './key-label.js';
import { readKeyLine } from './key-line.js';
import { endsLabel, findKeySpans, findLabels, isProse, type KeySpan, mayBeGroup } from './key-text.js';
import { type OcrLine, type OcrWord, PSM, readLines, unionBox } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, preprocess } from './preprocess.js';
import type { LabelledKey } from './quick-pass.js';
import { type Reading, rankReadings } from './rank-readings.js';
import type { GrayImage } from './raster.js';

/** Above this many pixels the page is shrunk for the layout pass, which bounds its time. */
const LAYOUT_PIXELS = 2_500_000;

/**
 * The slow path: reads the whole page with tesseract's layout analysis, finds runs of words that may be
 * a key (leniently: the first reading of a key is often garbled), and re-reads each such line carefully
 * ({@link readKeyLine}). For pages where no line looked like a key by shape alone.
 *
 * @example
 * const candidates = await fullPass(page, { maxLines: 2 });
 */
export async function fullPass(
  page: GrayImage,
  opts: { signal?: AbortSignal; maxLines?: number },
): Promise<LabelledKey[]> {
  // At a size where both 1× and 2× screenshots read well and quickly, and huge photos in bounded time.
  const bounded = Math.min(1, Math.sqrt(LAYOUT_PIXELS / (page.width * page.height)));
  const layoutScale = page.width < 700 ? 2 : Math.min(page.width > 2000 ? 0.5 : 1, bounded);
  const layout = layoutScale === 1 ? page : await preprocess(page, { scale: layoutScale });
  const lines = await withOcrWorker((w) => readLines(w, layout, { psm: PSM.auto }));
  const texts = lines.map((l) => l.text);
  const labels = findLabels(texts);
  const spans = findKeySpans(texts, { lenient: true }).slice(0, opts.maxLines ?? 2);

  const votes: (Reading & { labelled: boolean })[] = [];
  for (const span of spans) {
    // The span's own line and the few above it: where a set-up page puts "Setup key" or "Secret:".
    const labelled = saysKey(texts.slice(Math.max(0, span.line - 5), span.line + 1));
    throwIfAborted(opts.signal, 'Reading the printed key');
    const first = spanReading(span, lines);
    if (first) votes.push({ ...first, confidence: first.confidence * 0.8, labelled });
    const reads: string[] = [];
    let confidence = 1;
    for (const words of spanLines(span, lines)) {
      const box = scaleBox(unionBox(words.map((w) => w.box)), 1 / layoutScale);
      const limits = neighbours(words, lines, layoutScale);
      const read = await readKeyLine(page, box, letterCase(words.map((w) => w.text).join('')), limits);
      if (!read) break;
      reads.push(read.text);
      confidence = Math.min(confidence, read.confidence);
      if (span.lines === 1)
        votes.push(...read.alternatives.map((a) => ({ ...a, confidence: a.confidence * 0.7, labelled })));
    }
    if (reads.length === span.lines)
      votes.push({ text: reads.join(' '), confidence, primary: true, labelled });
  }
  // A reading counts as labelled when any span it came from was.
  const labelledKeys = new Set(
    votes.filter((v) => v.labelled).map((v) => rankReadings([v])[0]?.secret ?? ''),
  );
  return rankReadings(votes).map((c) => ({ ...c, ...labels, labelled: labelledKeys.has(c.secret) }));
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
  // Group-sized words read in Title case (`Semy` for `5cmy`) belong to the key when they run back to
  // the start of the line or to its label.
  const size = words[span.start]?.text.length ?? 0;
  let back = start;
  while (back > 0 && mayBeGroup(words[back - 1]?.text ?? ':', size)) back--;
  if (back === 0 || endsLabel(words[back - 1]?.text ?? '')) start = back;
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
