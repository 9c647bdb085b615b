import type { Box } from './preprocess.js';
import type { GrayImage } from './raster.js';

/** Where a line's cap height (or ascender line) and baseline are, in the image's pixels. */
export interface LineFrame {
  capline: number;
  baseline: number;
}

/** Grey levels of the background and of the ink, for turning pixels into ink coverage (0–1). */
export interface InkRange {
  background: number;
  foreground: number;
}

/**
 * Background and ink grey levels of a line crop (its median and its darkest percent): the same rule for
 * screenshots and for rendered templates, so faint small type compares like for like.
 *
 * @example
 * inkRange(line) // { background: 246, foreground: 31 }
 */
export function inkRange(image: GrayImage): InkRange {
  const histogram = new Uint32Array(256);
  const { data } = image;
  for (let i = 0; i < data.length; i++)
    histogram[data[i] as number] = (histogram[data[i] as number] as number) + 1;
  const at = (share: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v] as number;
      if (seen >= share * image.data.length) return v;
    }
    return 255;
  };
  return { background: at(0.5), foreground: at(0.01) };
}

/** Grid columns and rows; a cell is about a twelfth of the cap height. */
export const GRID_W = 16;
export const GRID_H = 20;
/** Extra cells around an observed glyph's grid, so it can be compared a cell off in each direction. */
export const SLACK = 1;
/** The grid spans this much of the cap height across, centred on the glyph, and above/below the lines. */
const SPAN_X = 1.4;
const ABOVE = 0.2;
const SPAN_Y = 1.6;

/**
 * A glyph as a coarse grid of ink coverage, placed by the line's cap line and baseline (so `p` hangs
 * below the grid's baseline row and `a` stops at x-height) and centred on the glyph's own box, scaled by
 * the cap height: the same character in the same family gives the same grid at any size. Only ink
 * inside `box` counts, so touching neighbours stay out. `slack` adds cells on every side.
 *
 * @example
 * const grid = glyphGrid(line, glyphs[3], frame, { background: 250, foreground: 20 });
 */
export function glyphGrid(
  image: GrayImage,
  box: Box,
  frame: LineFrame,
  ink: InkRange,
  slack = 0,
): Float32Array {
  const h = frame.baseline - frame.capline;
  const cw = (SPAN_X * h) / GRID_W;
  const ch = (SPAN_Y * h) / GRID_H;
  const left = box.left + box.width / 2 - (SPAN_X * h) / 2 - slack * cw;
  const top = frame.capline - ABOVE * h - slack * ch;
  const cols = GRID_W + 2 * slack;
  const rows = GRID_H + 2 * slack;
  const range = Math.max(1, ink.background - ink.foreground);
  const out = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let sy = 0; sy < 2; sy++) {
        const y = top + (r + (sy + 0.5) / 2) * ch;
        if (y < box.top - 0.5 || y > box.top + box.height + 0.5) continue;
        for (let sx = 0; sx < 2; sx++) {
          const x = left + (c + (sx + 0.5) / 2) * cw;
          if (x < box.left - 0.5 || x > box.left + box.width + 0.5) continue;
          const v = bilinear(image, x - 0.5, y - 0.5);
          sum += Math.min(1, Math.max(0, (ink.background - v) / range));
        }
      }
      out[r * cols + c] = sum / 4;
    }
  }
  return out;
}

function bilinear(image: GrayImage, x: number, y: number): number {
  const { data, width } = image;
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(y)));
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const top = (data[y0 * width + x0] as number) * (1 - fx) + (data[y0 * width + x1] as number) * fx;
  const bottom = (data[y1 * width + x0] as number) * (1 - fx) + (data[y1 * width + x1] as number) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Zero mean, unit length: templates are stored this way so a comparison is one dot product.
 *
 * @example
 * const t = normalised(glyphGrid(template, box, frame, ink));
 */
export function normalised(grid: Float32Array): Float32Array {
  let mean = 0;
  for (const v of grid) mean += v;
  mean /= Math.max(1, grid.length);
  let norm = 0;
  const out = new Float32Array(grid.length);
  grid.forEach((v, i) => {
    out[i] = v - mean;
    norm += (v - mean) ** 2;
  });
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * scale;
  return out;
}

/**
 * Normalised cross-correlation (−1…1) of a template with an observed grid made with {@link SLACK},
 * the best over the nine one-cell shifts.
 *
 * @example
 * similarity(glyphGrid(line, box, frame, ink, SLACK), templates.grids.get('S')) // 0.93
 */
export function similarity(observed: Float32Array, template: Float32Array): number {
  let best = -1;
  for (let dy = 0; dy <= 2 * SLACK; dy++) {
    for (let dx = 0; dx <= 2 * SLACK; dx++) best = Math.max(best, shifted(observed, template, dx, dy));
  }
  return best;
}

/** Normalised cross-correlation with the observed grid's window `dx`, `dy` cells from its corner. */
function shifted(observed: Float32Array, template: Float32Array, dx: number, dy: number): number {
  const cols = GRID_W + 2 * SLACK;
  let dot = 0;
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < GRID_H; r++) {
    const row = (r + dy) * cols + dx;
    const t = r * GRID_W;
    for (let c = 0; c < GRID_W; c++) {
      const v = observed[row + c] as number;
      dot += v * (template[t + c] as number);
      sum += v;
      squares += v * v;
    }
  }
  const variance = squares - (sum * sum) / (GRID_W * GRID_H);
  return variance > 1e-9 ? dot / Math.sqrt(variance) : -1;
}

/**
 * A glyph compared with every character of a template set: similarities in the set's alphabet order.
 *
 * @example
 * const scores = scoreAll(grid, set.grids); // scores[18] is how much the glyph looks like `S`
 */
export function scoreAll(observed: Float32Array, templates: readonly Float32Array[]): Float32Array {
  // Unshifted first; only the few best are worth the eight shifted comparisons.
  const out = new Float32Array(templates.length);
  for (let i = 0; i < templates.length; i++)
    out[i] = shifted(observed, templates[i] as Float32Array, SLACK, SLACK);
  const order = [...out.keys()].sort((a, b) => (out[b] as number) - (out[a] as number)).slice(0, REFINED);
  for (const i of order) out[i] = similarity(observed, templates[i] as Float32Array);
  return out;
}

/** Characters compared at every shift after the unshifted pass. */
const REFINED = 8;

/**
 * Indexes of the highest and second-highest score.
 *
 * @example
 * topTwo(Float32Array.of(0.2, 0.9, 0.5)) // [1, 2]
 */
export function topTwo(scores: Float32Array): [number, number] {
  let first = 0;
  let second = scores.length > 1 ? 1 : 0;
  if ((scores[second] ?? 0) > (scores[first] ?? 0)) [first, second] = [second, first];
  for (let i = 2; i < scores.length; i++) {
    const v = scores[i] as number;
    if (v > (scores[first] as number)) {
      second = first;
      first = i;
    } else if (v > (scores[second] as number)) second = i;
  }
  return [first, second];
}
