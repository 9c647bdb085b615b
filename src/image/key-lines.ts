import type { Box } from './preprocess.js';
import { otsu } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { type Run, textLines } from './text-lines.js';

/** A line that looks like a printed key from its shape alone. */
export interface KeyLineCandidate {
  /** The key's part of the line (a label before it is left out). */
  box: Box;
  /** Characters counted per group, e.g. [4, 4, 4, 4]. */
  groups: number[];
  /** The groups fill the whole line (no label or other text beside them): the key's extent is certain. */
  whole: boolean;
  /**
   * The groups run to the end of the line after a label ending in a colon (`Key: JBSW …`): the key's
   * extent is as certain as for a whole line.
   */
  afterLabel: boolean;
  /** Where the words before and after the key end and start, when the line has any. */
  limits: { left?: number; right?: number };
  /** Lower case when many glyphs stop at x-height (`a`, `e`, `m` …); upper-case letters and digits do not. */
  letterCase: 'upper' | 'lower';
}

/**
 * Finds lines whose glyphs fall into equal groups (`JBSW Y3DP EHPK 3PXP`: four groups of four) or form
 * one long word, without reading any text ({@link textLines}). Prose has words of every length, so this picks out printed keys in a
 * few milliseconds, and only those lines need the (slow) OCR. Best candidates first.
 *
 * @example
 * findKeyLines(page)[0]?.box // where to read the key
 */
export function findKeyLines(
  page: GrayImage,
  /** Fewest characters a line must hold: 16 for a whole key, fewer for the last line of a wrapped one. */
  minGlyphs = 16,
): KeyLineCandidate[] {
  const level = otsu(page);
  const candidates: (KeyLineCandidate & { score: number })[] = [];
  for (const { band, glyphs, words, counts } of textLines(page, { level, minGlyphs })) {
    const bandHeight = band.end - band.start + 1;
    const best = keyRun(counts, minGlyphs);
    if (!best) continue;
    const first = words[best.from] as Run;
    const last = words[best.to] as Run;
    const inKey = glyphs.filter((g) => g.start >= first.start && g.end <= last.end);
    const before = words[best.from - 1];
    const after = words[best.to + 1];
    const limits: KeyLineCandidate['limits'] = {};
    if (before) limits.left = before.end + 1;
    if (after) limits.right = after.start;
    candidates.push({
      limits,
      box: { left: first.start, top: band.start, width: last.end - first.start + 1, height: bandHeight },
      groups: counts.slice(best.from, best.to + 1),
      whole: best.from === 0 && best.to === counts.length - 1,
      afterLabel: best.from > 0 && counts[best.from - 1] === 0 && best.to === counts.length - 1,
      letterCase: lowTopShare(page, level, band, inKey) > 0.15 ? 'lower' : 'upper',
      score: best.score,
    });
  }
  return candidates.sort((a, b) => b.score - a.score).map(({ score: _, ...candidate }) => candidate);
}

/**
 * Share of glyphs whose ink starts well below the line's tallest: lower-case letters stop at x-height
 * (`a c e m n o r s u v w x z`, and `g p q y` below it), where capitals and digits reach the cap height.
 * Tops, not heights, because descenders make `p` and `y` as tall as a capital.
 */
function lowTopShare(page: GrayImage, level: number, band: Run, glyphs: Run[]): number {
  const extents = glyphs.map((g) => {
    let top = band.end;
    let bottom = band.start;
    for (let y = band.start; y <= band.end; y++) {
      for (let x = g.start; x <= g.end; x++) {
        if ((page.data[y * page.width + x] ?? 255) < level) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          break;
        }
      }
    }
    return { top, bottom };
  });
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const tops = sorted(extents.map((e) => e.top));
  const cap = tops[Math.floor(tops.length * 0.1)] ?? band.start;
  const base = sorted(extents.map((e) => e.bottom))[Math.floor(extents.length / 2)] ?? band.end;
  const height = Math.max(1, base - cap);
  return extents.filter((e) => e.top - cap > 0.2 * height).length / Math.max(1, extents.length);
}

/** The longest run of words that looks like key groups: equal counts (the last may be shorter), or one long word. */
function keyRun(counts: number[], minGlyphs: number): { from: number; to: number; score: number } | null {
  let best: { from: number; to: number; score: number } | null = null;
  for (let from = 0; from < counts.length; from++) {
    const size = counts[from] ?? 0;
    if (size >= minGlyphs && size >= 8 && size <= 128) {
      const score = 1 + size / 100;
      if (!best || score > best.score) best = { from, to: from, score };
      continue;
    }
    if (size < 3 || size > 8) continue;
    let to = from;
    while (counts[to + 1] === size) to++;
    if ((counts[to + 1] ?? 0) > 0 && (counts[to + 1] ?? 0) < size) to++; // a shorter last group
    // Kerned neighbours (`RJ`, `LT`) share columns and count as one: a first word one short still
    // belongs to the key when nothing stands before it.
    const start = from === 1 && Math.abs((counts[0] ?? 0) - size) === 1 ? 0 : from;
    const total = counts.slice(start, to + 1).reduce((a, b) => a + b, 0);
    if (to - start + 1 >= Math.min(3, Math.ceil(minGlyphs / size)) && total >= minGlyphs) {
      const score = 2 + total / 100;
      if (!best || score > best.score) best = { from: start, to, score };
    }
  }
  return best;
}
