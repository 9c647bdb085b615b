import type { TemplateSet } from './font-templates.js';
import { glyphGrid, type InkRange, type LineFrame, SLACK, scoreAll, topTwo } from './glyph-grid.js';
import { cutBlob, type Glyph } from './glyphs.js';
import { unionBox } from './ocr-read.js';
import type { GrayImage } from './raster.js';

/** How a line's glyphs are compared while fixing their count. */
export interface CountContext {
  image: GrayImage;
  set: TemplateSet;
  frame: LineFrame;
  ink: InkRange;
}

/** How well a glyph matches its best character in the set. */
function bestMatch({ image, set, frame, ink }: CountContext, glyph: Glyph): number {
  const scores = scoreAll(glyphGrid(image, glyph, frame, ink, SLACK), set.grids);
  return scores[topTwo(scores)[0]] ?? 0;
}

interface Change {
  at: number;
  gain: number;
  parts: Glyph[];
  /** Blobs the change replaces: 1 for a split, 2 for a join. */
  span: number;
}

/**
 * Brings the glyph count to `target` (a tesseract reading's length, when that is a key's length):
 * splits the blobs that read better as two touching characters, or joins neighbours that read better as
 * one (a glyph JPEG broke, a wide letter cut in two), best gains first and only when they gain. Without
 * a target only clear gains are taken. Repeated so a blob of three touching characters is split twice.
 *
 * @example
 * fitCount({ image, set, frame, ink }, blobs, 32).length // 32 when one blob held `rn`
 */
export function fitCount(context: CountContext, blobs: Glyph[], target: number | null): Glyph[] {
  let glyphs = refineCuts(context, blobs);
  for (let round = 0; round < 3 && glyphs.length !== target; round++) {
    const next = oneRound(context, glyphs, target);
    if (next.length === glyphs.length) break;
    glyphs = next;
  }
  return glyphs;
}

/**
 * Moves each cut between two touching characters to where both halves match a character best: a cut
 * placed by ink alone often leaves a crossbar (`TT`) or a serif on the wrong side.
 */
function refineCuts(context: CountContext, glyphs: Glyph[]): Glyph[] {
  const best = (g: Glyph) => bestMatch(context, g);
  const out = glyphs.map((g) => ({ ...g }));
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1] as Glyph;
    const b = out[i] as Glyph;
    if (!a.touching || !b.touching || a.left + a.width !== b.left) continue;
    const right = b.left + b.width;
    let chosen = { cut: b.left, score: Math.min(best(a), best(b)) };
    const reach = Math.max(2, Math.round(Math.min(a.width, b.width) * 0.35));
    for (let cut = b.left - reach; cut <= b.left + reach; cut++) {
      if (cut === b.left || cut <= a.left + 1 || cut >= right - 1) continue;
      const score = Math.min(
        best({ ...a, width: cut - a.left }),
        best({ ...b, left: cut, width: right - cut }),
      );
      if (score > chosen.score) chosen = { cut, score };
    }
    a.width = chosen.cut - a.left;
    b.left = chosen.cut;
    b.width = right - chosen.cut;
  }
  return out;
}

function oneRound(context: CountContext, blobs: Glyph[], target: number | null): Glyph[] {
  const { image, ink } = context;
  const score = (g: Glyph) => bestMatch(context, g);
  const singles = blobs.map(score);
  const minimum = target === null ? 0.1 : 0;
  const level = (ink.background + ink.foreground) / 2;
  const widths = blobs.map((b) => b.width).sort((a, b) => a - b);
  const median = widths[widths.length >> 1] ?? 1;
  const changes: Change[] = [];
  if (target === null || target > blobs.length) {
    blobs.forEach((blob, at) => {
      if (target === null && blob.width < 1.3 * median) return;
      for (const cut of cutColumns(image, blob, level)) {
        const parts: Glyph[] = [
          { ...blob, width: cut - blob.left, touching: true },
          { ...blob, left: cut, width: blob.left + blob.width - cut, touching: true },
        ];
        const [a, b] = parts.map(score) as [number, number];
        // Both halves must be characters; the better cut is the one both match well.
        const gain = Math.min(a, b) > 0.6 ? (a + b) / 2 - (singles[at] ?? 0) : -1;
        if (gain > minimum) changes.push({ at, gain, parts, span: 1 });
      }
    });
  }
  // Joins only to reach a count: without one, `li` in small serif type would pass for an `h`.
  if (target !== null && target < blobs.length) {
    blobs.forEach((blob, at) => {
      const next = blobs[at + 1];
      if (!next) return;
      const right = Math.max(blob.left + blob.width, next.left + next.width);
      const bottom = Math.max(blob.top + blob.height, next.top + next.height);
      const top = Math.min(blob.top, next.top);
      const joined: Glyph = {
        left: blob.left,
        top,
        width: right - blob.left,
        height: bottom - top,
        touching: false,
      };
      const gain = score(joined) - Math.max(singles[at] ?? 0, singles[at + 1] ?? 0);
      if (gain > minimum) changes.push({ at, gain, parts: [joined], span: 2 });
    });
  }
  if (target !== null && target < blobs.length) changes.push(...recuts(context, blobs, singles, level));
  const budget = target === null ? Number.POSITIVE_INFINITY : Math.abs(target - blobs.length);
  const taken: Change[] = [];
  for (const change of changes.sort((a, b) => b.gain - a.gain)) {
    if (taken.length >= budget) break;
    const clashes = taken.some((t) => change.at < t.at + t.span && t.at < change.at + change.span);
    if (!clashes) taken.push(change);
  }
  const out: Glyph[] = [];
  for (let at = 0; at < blobs.length; at++) {
    const change = taken.find((t) => t.at === at);
    if (change) {
      out.push(...change.parts);
      at += change.span - 1;
    } else out.push(blobs[at] as Glyph);
  }
  return out;
}

/**
 * A blob cut into three or more pieces (a wide `WW` counted as three) cut again into one piece fewer,
 * for a reading with fewer characters: rejoining two pieces would leave one glyph and a half. Taken to
 * reach the count even at a small loss, since over-cut pieces match some character only by accident.
 */
function recuts(context: CountContext, blobs: Glyph[], singles: number[], level: number): Change[] {
  const { image } = context;
  const score = (g: Glyph) => bestMatch(context, g);
  const changes: Change[] = [];
  for (let at = 0; at < blobs.length; ) {
    let end = at + 1;
    while (isPiece(blobs[end - 1], blobs[end])) end++;
    const span = end - at;
    if (span >= 3) {
      // The blob's level: pieces share the cut of `readGlyphs`, which thresholds at the same midpoint.
      const parts = cutBlob(image, level, unionBox(blobs.slice(at, end)), span - 1);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      const gain = mean(parts.map(score)) - mean(singles.slice(at, end));
      if (gain > -FORCED_RECUT_LOSS) changes.push({ at, gain: gain + 1, parts, span });
    }
    at = end;
  }
  return changes;
}

/** How much worse, on average, the pieces of a re-cut blob may match than the over-cut ones. */
const FORCED_RECUT_LOSS = 0.1;

/** Whether `b` is the next piece of the same cut blob as `a`. */
function isPiece(a: Glyph | undefined, b: Glyph | undefined): boolean {
  return !!a && !!b && a.touching && b.touching && a.left + a.width === b.left;
}

/**
 * Where two touching characters may be cut apart: the columns in the middle three fifths of the blob
 * with less ink than both neighbours and under half the blob's typical column (where a serif or a
 * diagonal stroke meets the next letter).
 */
function cutColumns(image: GrayImage, blob: Glyph, level: number): number[] {
  const ink = Array.from({ length: blob.width }, (_, dx) => {
    let n = 0;
    for (let y = blob.top; y < blob.top + blob.height; y++)
      if ((image.data[y * image.width + blob.left + dx] ?? 255) < level) n++;
    return n;
  });
  const typical = [...ink].sort((a, b) => a - b)[ink.length >> 1] ?? 0;
  const cuts: number[] = [];
  for (let dx = Math.ceil(blob.width * 0.2); dx <= Math.floor(blob.width * 0.8); dx++) {
    const here = ink[dx] ?? 0;
    if (here <= (ink[dx - 1] ?? 0) && here <= (ink[dx + 1] ?? 0) && here <= typical / 2)
      cuts.push(blob.left + dx);
  }
  return cuts;
}
