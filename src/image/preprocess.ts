import { firstChannel, type GrayImage } from './raster.js';
import { loadSharp } from './sharp-loader.js';

/** A rectangle in raster pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What a pass does to the greyscale raster before scanning or OCR. */
export interface Preprocess {
  /** Cut this rectangle out first (clamped to the image). */
  crop?: Box;
  /** Resize by this factor (> 1 helps codes with ~2 px modules and small text). */
  scale?: number;
  /** Stretch the histogram so the darkest 1 % is black and the lightest 1 % white (low contrast). */
  normalise?: boolean;
  /** Contrast-limited adaptive histogram equalisation, for uneven or faint backgrounds. */
  clahe?: boolean;
  /** Unsharp mask after resizing (JPEG and downscaling blur). */
  sharpen?: boolean;
  /** Median filter of this odd size (JPEG ringing, dithering). */
  median?: number;
  /** Light-on-dark to dark-on-light. */
  negate?: boolean;
  /** Threshold to pure black and white at this grey level (0–255), or at Otsu's level for the image. */
  threshold?: number | 'otsu';
  /** Grow the canvas by this many white pixels on each side (a quiet zone for tight crops). */
  pad?: number;
}

/**
 * Clamps a box to the image; null when nothing of it is left.
 *
 * @example
 * clampBox({ left: -5, top: 0, width: 20, height: 10 }, 100, 100) // { left: 0, top: 0, width: 15, height: 10 }
 */
export function clampBox(box: Box, width: number, height: number): Box | null {
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const right = Math.min(width, Math.ceil(box.left + box.width));
  const bottom = Math.min(height, Math.ceil(box.top + box.height));
  return right - left < 2 || bottom - top < 2
    ? null
    : { left, top, width: right - left, height: bottom - top };
}

/**
 * Applies a {@link Preprocess} recipe with sharp and returns a new greyscale raster.
 *
 * @example
 * const zoomed = await preprocess(raster, { crop: { left: 40, top: 60, width: 100, height: 100 }, scale: 3 });
 */
export async function preprocess(image: GrayImage, recipe: Preprocess): Promise<GrayImage> {
  const sharp = await loadSharp();
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
  let { width, height } = image;
  if (recipe.crop) {
    const box = clampBox(recipe.crop, width, height);
    if (box) {
      pipeline = pipeline.extract(box);
      ({ width, height } = box);
    }
  }
  if (recipe.scale && recipe.scale !== 1) {
    width = Math.max(1, Math.round(width * recipe.scale));
    height = Math.max(1, Math.round(height * recipe.scale));
    pipeline = pipeline.resize(width, height, { kernel: recipe.scale > 1 ? 'cubic' : 'lanczos3' });
  }
  // sharp applies one resize per pipeline; materialise so the filters below run after it.
  const resized = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  pipeline = sharp(resized.data, {
    raw: { width: resized.info.width, height: resized.info.height, channels: resized.info.channels },
  });
  if (recipe.median) pipeline = pipeline.median(recipe.median);
  if (recipe.negate) pipeline = pipeline.negate();
  if (recipe.clahe) {
    const tile = Math.max(8, Math.round(Math.min(width, height) / 8));
    pipeline = pipeline.clahe({ width: tile, height: tile, maxSlope: 3 });
  }
  if (recipe.normalise) pipeline = pipeline.normalise();
  if (recipe.sharpen) pipeline = pipeline.sharpen({ sigma: 1 });
  if (recipe.threshold !== undefined) {
    const level =
      recipe.threshold === 'otsu'
        ? otsu({ data: resized.data, width: resized.info.width, height: resized.info.height })
        : recipe.threshold;
    pipeline = pipeline.threshold(level);
  }
  if (recipe.pad) {
    const p = recipe.pad;
    pipeline = pipeline.extend({ top: p, bottom: p, left: p, right: p, background: '#ffffff' });
    width += 2 * p;
    height += 2 * p;
  }
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  return {
    data: info.channels === 1 ? data : firstChannel(data, info.channels),
    width: info.width,
    height: info.height,
  };
}

/**
 * Share of pixels darker than mid-grey: above one half the page is probably in dark mode.
 *
 * @example
 * if (darkShare(raster) > 0.5) negate();
 */
export function darkShare(image: GrayImage, step = 7): number {
  let dark = 0;
  let seen = 0;
  for (let i = 0; i < image.data.length; i += step) {
    seen++;
    if ((image.data[i] ?? 255) < 128) dark++;
  }
  return seen === 0 ? 0 : dark / seen;
}

/**
 * Otsu's threshold: the grey level that best separates the histogram into two classes (modules and
 * background), whatever the contrast.
 *
 * @example
 * otsu(raster) // 142 for dark-grey modules on a light-grey background
 */
export function otsu(image: GrayImage): number {
  const histogram = new Uint32Array(256);
  const { data } = image;
  for (let i = 0; i < data.length; i++)
    histogram[data[i] as number] = (histogram[data[i] as number] as number) + 1;
  const total = image.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (histogram[i] ?? 0);
  let sumBelow = 0;
  let below = 0;
  let best = 0;
  let level = 128;
  for (let i = 0; i < 256; i++) {
    below += histogram[i] ?? 0;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    sumBelow += i * (histogram[i] ?? 0);
    const meanBelow = sumBelow / below;
    const meanAbove = (sum - sumBelow) / above;
    const between = below * above * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      level = i + 1; // sharp's threshold keeps values >= level white
    }
  }
  return level;
}
