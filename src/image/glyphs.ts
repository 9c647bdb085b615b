import type { Box } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { wordStarts } from './text-lines.js';

/** A character's box on a printed line. */
export interface Glyph extends Box {
  /** Cut out of a blob of touching characters, so its edges are estimated. */
  touching: boolean;
}

/**
 * Splits a line of printed text into glyphs with connected components: exact where tesseract's LSTM
 * gives only approximate character positions. Parts of one character stacked above each other (the dot
 * of `i`) are joined; specks are dropped; a blob much wider than the others (touching characters, as in
 * small serif type) is cut at its faintest columns.
 *
 * @example
 * readGlyphs(lineImage, otsu(lineImage)).length // 16 for `JBSW Y3DP EHPK 3PXP`
 */
export function readGlyphs(
  image: GrayImage,
  level: number,
  /** Cut blobs much wider than the rest into touching characters (default true). */
  opts: { cutWide?: boolean; dotsOnly?: boolean } = {},
): Glyph[] {
  const parts = components(image, level);
  const tallest = Math.max(0, ...parts.map((p) => p.height));
  const blobs: Box[] = [];
  for (const part of parts
    .filter((p) => p.height >= tallest * 0.1 && p.width * p.height >= 6)
    .sort((a, b) => a.left - b.left)) {
    const last = blobs.at(-1);
    const overlap = last
      ? Math.min(last.left + last.width, part.left + part.width) - Math.max(last.left, part.left)
      : 0;
    // Kerned neighbours (`AV`, `Ty`, a serif `fl`) overlap, but only a dot or accent over a stem is
    // both overlapping and much shorter than it.
    const short = last && Math.min(last.height, part.height) < 0.5 * Math.max(last.height, part.height);
    if (last && (short || !opts.dotsOnly) && overlap > 0.6 * Math.min(last.width, part.width)) {
      const right = Math.max(last.left + last.width, part.left + part.width);
      const bottom = Math.max(last.top + last.height, part.top + part.height);
      last.left = Math.min(last.left, part.left);
      last.top = Math.min(last.top, part.top);
      last.width = right - last.left;
      last.height = bottom - last.top;
    } else blobs.push({ ...part });
  }
  if (opts.cutWide === false) return blobs.map((b) => ({ ...b, touching: false }));
  const median = medianWidth(blobs);
  // Wide letters (W, M) reach ~1.5 medians, so a blob counts one glyph per 1.25 medians.
  return blobs.flatMap((b) => {
    const n = b.width > 1.75 * median ? Math.max(2, Math.round(b.width / (median * 1.25))) : 1;
    return n === 1 ? [{ ...b, touching: false }] : cutBlob(image, level, b, n);
  });
}

/**
 * Cuts a blob of `n` touching characters at the columns with the least ink near each expected edge.
 *
 * @example
 * cutBlob(line, otsu(line), wide, 2) // two glyphs, touching: true
 */
export function cutBlob(image: GrayImage, level: number, blob: Box, n: number): Glyph[] {
  const step = blob.width / n;
  const edges = [blob.left];
  for (let k = 1; k < n; k++) {
    const expected = blob.left + k * step;
    let best = Math.round(expected);
    let least = Number.POSITIVE_INFINITY;
    for (let x = Math.round(expected - step / 4); x <= Math.round(expected + step / 4); x++) {
      let ink = 0;
      for (let y = blob.top; y < blob.top + blob.height; y++)
        if ((image.data[y * image.width + x] ?? 255) < level) ink++;
      if (ink < least) {
        least = ink;
        best = x;
      }
    }
    edges.push(best);
  }
  edges.push(blob.left + blob.width);
  return edges.slice(0, -1).map((left, k) => ({
    left,
    top: blob.top,
    width: Math.max(1, (edges[k + 1] ?? left + 1) - left),
    height: blob.height,
    touching: true,
  }));
}

/** 8-connected components of pixels darker than `level`, as bounding boxes. */
function components(image: GrayImage, level: number): Box[] {
  const { width, height, data } = image;
  const seen = new Uint8Array(width * height);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || (data[start] ?? 255) >= level) continue;
    seen[start] = 1;
    stack.push(start);
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (!seen[q] && (data[q] ?? 255) < level) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    boxes.push({ left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return boxes;
}

/**
 * Indexes of the glyphs that start a group: the gap before them is wider than letter spacing.
 *
 * @example
 * groupStarts(readGlyphs(img, level)) // Set {4, 8, 12} for `JBSW Y3DP EHPK 3PXP`
 */
export function groupStarts(glyphs: readonly Box[]): Set<number> {
  const lineHeight = Math.max(1, ...glyphs.map((g) => g.height));
  // Same rule as for finding the key's words; 0.28 of the tallest glyph ≈ 0.3 of the text band.
  const starts = wordStarts(
    glyphs.map((g) => g.left),
    glyphs.map((g) => g.left + g.width - 1),
    lineHeight * 0.93,
  );
  return new Set(starts.flatMap((start, i) => (start && i > 0 ? [i] : [])));
}

/**
 * Glyphs matched one to one with the characters of `text` (groups separated by spaces): group by group
 * when the gaps show the same groups as the text, so one miscounted group does not shift the others,
 * else over the whole line. `null` when the counts differ.
 *
 * @example
 * matchGlyphs(readGlyphs(img, level), 'JBSW Y3DP')?.length // 8
 */
export function matchGlyphs(glyphs: readonly Glyph[], text: string): Glyph[] | null {
  const groups = text.split(' ').filter(Boolean);
  const starts = groupStarts(glyphs);
  const glyphGroups: Glyph[][] = [];
  glyphs.forEach((g, i) => {
    if (i === 0 || starts.has(i)) glyphGroups.push([]);
    glyphGroups.at(-1)?.push(g);
  });
  if (glyphGroups.length === groups.length && glyphGroups.every((gs, i) => gs.length === groups[i]?.length)) {
    return glyphGroups.flat();
  }
  return glyphs.length === groups.join('').length ? [...glyphs] : null;
}

function medianWidth(boxes: readonly Box[]): number {
  const widths = boxes.map((g) => g.width).sort((a, b) => a - b);
  return widths[Math.floor(widths.length / 2)] ?? 1;
}
