import type { Box } from './preprocess.js';
import { otsu } from './preprocess.js';
import type { GrayImage } from './raster.js';

/** A line that looks like a printed key from its shape alone. */
export interface KeyLineCandidate {
  /** The key's part of the line (a label before it is left out). */
  box: Box;
  /** Characters counted per group, e.g. [4, 4, 4, 4]. */
  groups: number[];
  /** The groups fill the whole line (no label or other text beside them): the key's extent is certain. */
  whole: boolean;
  /** Lower case when many glyphs stop at x-height (`a`, `e`, `m` …); upper-case letters and digits do not. */
  letterCase: 'upper' | 'lower';
}

interface Run {
  start: number;
  end: number;
}

/** Runs of `true` in a boolean profile, allowing gaps up to `gap` inside a run. */
function runs(profile: boolean[], gap = 0): Run[] {
  const out: Run[] = [];
  let current: Run | null = null;
  let blank = 0;
  profile.forEach((ink, i) => {
    if (ink) {
      if (current && blank <= gap) current.end = i;
      else {
        current = { start: i, end: i };
        out.push(current);
      }
      blank = 0;
    } else blank++;
  });
  return out;
}

/**
 * Finds lines whose glyphs fall into equal groups (`JBSW Y3DP EHPK 3PXP`: four groups of four) or form
 * one long word, without reading any text: a text band's columns are split into glyphs at blank columns
 * and into words at wider gaps. Prose has words of every length, so this picks out printed keys in a
 * few milliseconds, and only those lines need the (slow) OCR. Best candidates first.
 *
 * @example
 * findKeyLines(page)[0]?.box // where to read the key
 */
export function findKeyLines(page: GrayImage): KeyLineCandidate[] {
  const level = otsu(page);
  const { width, height, data } = page;
  const rowInk = Array.from({ length: height }, (_, y) => {
    for (let x = 0; x < width; x++) if ((data[y * width + x] ?? 255) < level) return true;
    return false;
  });
  const candidates: (KeyLineCandidate & { score: number })[] = [];
  for (const band of runs(rowInk)) {
    const bandHeight = band.end - band.start + 1;
    if (bandHeight < 6 || bandHeight > 90) continue;
    const columnInk = Array.from({ length: width }, (_, x) => {
      for (let y = band.start; y <= band.end; y++) if ((data[y * width + x] ?? 255) < level) return true;
      return false;
    });
    const glyphs = runs(columnInk);
    if (glyphs.length < 16) continue;
    // Words: glyphs closer than a third of the band's height belong together.
    const words = runs(columnInk, Math.max(2, Math.round(bandHeight * 0.3)));
    const counts = words.map((w) => glyphs.filter((g) => g.start >= w.start && g.end <= w.end).length);
    const best = keyRun(counts);
    if (!best) continue;
    const first = words[best.from] as Run;
    const last = words[best.to] as Run;
    const inKey = glyphs.filter((g) => g.start >= first.start && g.end <= last.end);
    candidates.push({
      box: { left: first.start, top: band.start, width: last.end - first.start + 1, height: bandHeight },
      groups: counts.slice(best.from, best.to + 1),
      whole: best.from === 0 && best.to === counts.length - 1,
      letterCase: shortShare(page, level, band, inKey) > 0.15 ? 'lower' : 'upper',
      score: best.score,
    });
  }
  return candidates.sort((a, b) => b.score - a.score).map(({ score: _, ...candidate }) => candidate);
}

/** Share of glyphs whose ink is much shorter than the tallest glyph's. */
function shortShare(page: GrayImage, level: number, band: Run, glyphs: Run[]): number {
  const heights = glyphs.map((g) => {
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
    return bottom - top + 1;
  });
  const tallest = Math.max(1, ...heights);
  return heights.filter((h) => h < 0.75 * tallest).length / Math.max(1, heights.length);
}

/** The longest run of words that looks like key groups: equal counts (the last may be shorter), or one long word. */
function keyRun(counts: number[]): { from: number; to: number; score: number } | null {
  let best: { from: number; to: number; score: number } | null = null;
  for (let from = 0; from < counts.length; from++) {
    const size = counts[from] ?? 0;
    if (size >= 16 && size <= 128) {
      const score = 1 + size / 100;
      if (!best || score > best.score) best = { from, to: from, score };
      continue;
    }
    if (size < 3 || size > 8) continue;
    let to = from;
    while (counts[to + 1] === size) to++;
    if ((counts[to + 1] ?? 0) > 0 && (counts[to + 1] ?? 0) < size) to++; // a shorter last group
    const total = counts.slice(from, to + 1).reduce((a, b) => a + b, 0);
    if (to - from + 1 >= 3 && total >= 16) {
      const score = 2 + total / 100;
      if (!best || score > best.score) best = { from, to, score };
    }
  }
  return best;
}
