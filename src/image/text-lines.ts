import type { Box } from './preprocess.js';
import type { GrayImage } from './raster.js';

/** A run of rows or columns, ends included. */
export interface Run {
  start: number;
  end: number;
}

/**
 * Runs of `true` in a boolean profile, allowing gaps up to `gap` inside a run.
 *
 * @example
 * runs([true, true, false, true]) // [{ start: 0, end: 1 }, { start: 3, end: 3 }]
 */
export function runs(profile: boolean[], gap = 0): Run[] {
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

/** A band of text rows, split into glyphs (column runs) and words. */
export interface TextLine {
  band: Run;
  glyphs: Run[];
  words: Run[];
  /** Glyphs per word; 0 for a word ending in a colon (a label such as `Key:`). */
  counts: number[];
}

/** Options for {@link textLines}. */
export interface TextLineOptions {
  /** Grey level below which a pixel is ink. */
  level: number;
  /** Only this part of the page (default all of it). */
  region?: Box;
  /** Skip lines with fewer glyphs. */
  minGlyphs?: number;
}

/**
 * The page's lines of text without reading them: bands of rows with ink, each split into glyphs at blank
 * columns and into words at wider gaps, labels ending in a colon marked. A few milliseconds for a page.
 *
 * @example
 * textLines(page, { level: otsu(page) }).map((l) => l.counts) // [[3, 4, 5], [4, 4, 4, 4], …]
 */
export function textLines(page: GrayImage, opts: TextLineOptions): TextLine[] {
  const { width, data } = page;
  const { level } = opts;
  const x0 = Math.max(0, Math.floor(opts.region?.left ?? 0));
  const y0 = Math.max(0, Math.floor(opts.region?.top ?? 0));
  const x1 = Math.min(width, Math.ceil(opts.region ? opts.region.left + opts.region.width : width));
  const y1 = Math.min(
    page.height,
    Math.ceil(opts.region ? opts.region.top + opts.region.height : page.height),
  );
  const rowInk = Array.from({ length: Math.max(0, y1 - y0) }, (_, dy) => {
    const row = (y0 + dy) * width;
    for (let x = x0; x < x1; x++) if ((data[row + x] as number) < level) return true;
    return false;
  });
  const lines: TextLine[] = [];
  for (const rows of runs(rowInk)) {
    const band = { start: rows.start + y0, end: rows.end + y0 };
    const bandHeight = band.end - band.start + 1;
    if (bandHeight < 6 || bandHeight > 90) continue;
    const columnInk = Array.from({ length: Math.max(0, x1 - x0) }, (_, dx) => {
      for (let y = band.start; y <= band.end; y++)
        if ((data[y * width + x0 + dx] as number) < level) return true;
      return false;
    });
    const glyphs = runs(columnInk).map((g) => ({ start: g.start + x0, end: g.end + x0 }));
    if (glyphs.length < (opts.minGlyphs ?? 1)) continue;
    // A word ending in a colon is a label (`Key:`, `Code:`), however many letters it has, and ends
    // there even when the next word follows closely.
    const colons = new Set(glyphs.filter((g) => isColon(page, level, band, g)));
    const words = wordsOf(glyphs, bandHeight, colons);
    const counts = words.map((w) => {
      const inWord = glyphs.filter((g) => g.start >= w.start && g.end <= w.end);
      const last = inWord.at(-1);
      return last && colons.has(last) ? 0 : inWord.length;
    });
    lines.push({ band, glyphs, words, counts });
  }
  return lines;
}

/**
 * Lines in `region` that start with a label ending in a colon (`Issuer: GitHub`, `Account: octocat`),
 * as boxes: the only lines worth reading for an issuer and account.
 *
 * @example
 * labelLines(page, otsu(page), { left: 0, top: 300, width: 800, height: 80 }).length // 2
 */
export function labelLines(page: GrayImage, level: number, region: Box): Box[] {
  return textLines(page, { level, region })
    .filter((l) => l.counts[0] === 0 && l.words.length > 1)
    .map((l) => {
      const first = l.glyphs[0] as Run;
      const last = l.glyphs.at(-1) as Run;
      return {
        left: first.start,
        top: l.band.start,
        width: last.end - first.start + 1,
        height: l.band.end - l.band.start + 1,
      };
    });
}

/**
 * Where words start along a line of glyphs (given by their left and right edges): after a gap of a
 * third of the line's height. In monospace type (centres evenly spaced) narrow letters such as `I` and
 * `J` stand in wide cells with gaps that wide, so there a word also needs its centre further from the
 * last than usual: a space adds a whole cell.
 *
 * @example
 * wordStarts([0, 10, 30], [8, 18, 38], 20) // [true, false, true]
 */
export function wordStarts(lefts: readonly number[], rights: readonly number[], height: number): boolean[] {
  const centres = lefts.map((l, i) => (l + (rights[i] ?? l)) / 2);
  const steps = centres.slice(1).map((c, i) => c - (centres[i] as number));
  const sorted = [...steps].sort((a, b) => a - b);
  const pitch = sorted[sorted.length >> 1] ?? 0;
  // Steps within words: spread little in monospace type, a lot in proportional type.
  const inner = sorted.filter((d) => d < pitch * 1.3);
  const spread = inner.length > 3 ? ((inner.at(-1) ?? 0) - (inner[0] ?? 0)) / Math.max(1, pitch) : 1;
  const mono = spread < 0.4;
  return lefts.map((left, i) => {
    if (i === 0) return true;
    const gap = left - (rights[i - 1] ?? 0) - 1;
    if (gap < Math.max(2, height * 0.3)) return false;
    return !mono || (steps[i - 1] ?? 0) >= pitch * 1.4 || gap >= height * 0.45;
  });
}

function wordsOf(glyphs: readonly Run[], height: number, colons: ReadonlySet<Run>): Run[] {
  const starts = wordStarts(
    glyphs.map((g) => g.start),
    glyphs.map((g) => g.end),
    height,
  );
  const words: Run[] = [];
  glyphs.forEach((g, i) => {
    const previous = glyphs[i - 1];
    const last = words.at(-1);
    // A label's colon ends its word even when the key follows closely.
    if (!last || starts[i] || (previous !== undefined && colons.has(previous)))
      words.push({ start: g.start, end: g.end });
    else last.end = g.end;
  });
  return words;
}

/** A narrow glyph made of two small marks one above the other, in the lower part of the line. */
function isColon(page: GrayImage, level: number, band: Run, glyph: Run): boolean {
  const height = band.end - band.start + 1;
  if (glyph.end - glyph.start + 1 > height * 0.35) return false;
  const rows: boolean[] = [];
  for (let y = band.start; y <= band.end; y++) {
    let ink = false;
    for (let x = glyph.start; x <= glyph.end && !ink; x++)
      ink = (page.data[y * page.width + x] ?? 255) < level;
    rows.push(ink);
  }
  const marks = runs(rows);
  return marks.length === 2 && marks.every((m) => m.end - m.start + 1 < height * 0.3);
}
