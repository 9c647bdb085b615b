import type { LetterCase } from './base32-candidate.js';
import { glyphGrid, inkRange, type LineFrame, normalised } from './glyph-grid.js';
import { type Box, otsu } from './preprocess.js';
import { firstChannel, type GrayImage } from './raster.js';
import { loadSharp } from './sharp-loader.js';

/**
 * Families a set-up page's key is likely drawn in on the machine that took the screenshot: what
 * fontconfig gives for the CSS stacks of GitHub, Google and Microsoft pages on Linux CI images
 * (fonts-dejavu, fonts-liberation), their narrow cuts, and the generic names for whatever else is
 * installed. A family that is not installed renders as its substitute; duplicates are dropped.
 */
const FAMILIES = [
  'DejaVu Sans Mono',
  'Liberation Mono',
  'DejaVu Sans',
  'Liberation Sans',
  'DejaVu Serif',
  'Liberation Serif',
  'DejaVu Sans Condensed',
  'Liberation Sans Narrow',
  'DejaVu Serif Condensed',
  'monospace',
  'sans-serif',
  'serif',
];
const WEIGHTS = ['normal', 'bold'] as const;

/** The characters a key of each case is made of. */
export const ALPHABET: Record<Exclude<LetterCase, 'mixed'>, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  lower: 'abcdefghijklmnopqrstuvwxyz234567',
};

/** One family's glyphs as comparison grids, keyed by character. */
export interface TemplateSet {
  family: string;
  weight: (typeof WEIGHTS)[number];
  /** Cap height (or ascender height) in rendered pixels, before any upscaling. */
  cap: number;
  /** The alphabet the grids are for, and each character's grid in that order. */
  alphabet: string;
  grids: Float32Array[];
}

/** Size of the identification templates: large enough for clean outlines on a 16 × 20 grid. */
export const LARGE = 48;

/**
 * Characters that reach the cap height / ascender line (`t` and the dotted `i`/`j` do not quite).
 *
 * @example
 * isTall('b') // true
 */
export function isTall(ch: string): boolean {
  return /[A-Z2-7bdhkl]/.test(ch);
}

/** Characters that sit on the baseline rather than hang below it. */
function sitsOnBaseline(ch: string): boolean {
  return !/[gjpqyQJ]/.test(ch);
}

/**
 * The cap line and baseline of a line of glyphs whose characters are known (or mostly right): medians,
 * so a few misread characters do not move them.
 *
 * @example
 * lineFrame(glyphs, [...'JBSWY3DP']) // { capline: 9, baseline: 37 }
 */
export function lineFrame(boxes: readonly Box[], chars: readonly string[]): LineFrame | null {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const capline = median(boxes.filter((_, i) => isTall(chars[i] ?? '')).map((b) => b.top));
  const baseline = median(
    boxes.filter((_, i) => sitsOnBaseline(chars[i] ?? '')).map((b) => b.top + b.height),
  );
  if (capline === undefined || baseline === undefined || baseline - capline < 4) return null;
  return { capline, baseline };
}

/** A family and weight to render. */
type Face = Pick<TemplateSet, 'family' | 'weight'>;

/**
 * Renders `chars` one per cell, one row per face, in one SVG with librsvg (through sharp, so the same
 * fontconfig and FreeType as the browser's), at `size` px, upscaled by `upscale` with the kernel the
 * line samples get, and turns each glyph into a grid exactly as an observed glyph is. A face whose
 * glyphs cannot all be found is left out.
 */
/**
 * One rendering at a time: librsvg's text layout (pango, fontconfig) is the one part of sharp not safe
 * everywhere on several threads at once, and a crash there would take the process down.
 */
let renderQueue: Promise<unknown> = Promise.resolve();

function render(
  faces: readonly Face[],
  chars: string,
  size: number,
  upscale: number,
): Promise<TemplateSet[]> {
  const run = renderQueue.then(() => renderNow(faces, chars, size, upscale));
  renderQueue = run.catch(() => undefined);
  return run;
}

async function renderNow(
  faces: readonly Face[],
  chars: string,
  size: number,
  upscale: number,
): Promise<TemplateSet[]> {
  const sharp = await loadSharp();
  const cell = Math.ceil(size * 1.7);
  const rowHeight = Math.round(size * 2);
  const texts = faces.flatMap((face, row) =>
    [...chars].map(
      (c, i) =>
        `<text x="${i * cell + Math.round(size * 0.3)}" y="${row * rowHeight + Math.round(size * 1.3)}" font-family="${face.family}" font-size="${size}" font-weight="${face.weight}">${c}</text>`,
    ),
  );
  const width = chars.length * cell + size;
  const height = rowHeight * faces.length;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${texts.join('')}</svg>`;
  // Rasterised at its own size first: resizing the SVG itself would re-render it sharper (sharp raises
  // the density) instead of blurring it the way the screenshot's small type was.
  const native = await sharp(Buffer.from(svg))
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let raster = { data: native.data as Uint8Array, info: native.info };
  if (upscale !== 1) {
    raster = await sharp(native.data, {
      raw: { width: native.info.width, height: native.info.height, channels: native.info.channels },
    })
      .resize(Math.round(width * upscale), Math.round(height * upscale), {
        kernel: upscale > 1 ? 'cubic' : 'lanczos3',
      })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
  }
  const { info } = raster;
  const data = info.channels === 1 ? raster.data : firstChannel(raster.data, info.channels);
  const factor = info.width / width;
  const sets: TemplateSet[] = [];
  faces.forEach((face, row) => {
    const y0 = Math.round(row * rowHeight * factor);
    const y1 = Math.min(info.height, Math.round((row + 1) * rowHeight * factor));
    const image: GrayImage = {
      data: data.subarray(y0 * info.width, y1 * info.width),
      width: info.width,
      height: y1 - y0,
    };
    const level = otsu(image);
    const step = cell * factor;
    const boxes = [...chars].map((_, i) =>
      inkBox(image, level, Math.round(i * step), Math.round((i + 1) * step)),
    );
    if (boxes.some((b) => b === null)) return;
    const known = boxes as Box[];
    const frame = lineFrame(known, [...chars]);
    if (!frame) return;
    const ink = inkRange(image);
    const grids = known.map((box) => normalised(glyphGrid(image, box, frame, ink)));
    sets.push({ ...face, cap: (frame.baseline - frame.capline) / factor, alphabet: chars, grids });
  });
  return sets;
}

/** The bounding box of the ink between two columns. */
function inkBox(image: GrayImage, level: number, x0: number, x1: number): Box | null {
  let left = Infinity;
  let right = -1;
  let top = Infinity;
  let bottom = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = x0; x < Math.min(x1, image.width); x++) {
      if ((image.data[y * image.width + x] ?? 255) < level) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

const large = new Map<string, Promise<TemplateSet[]>>();

/**
 * Every distinct family and weight of {@link FAMILIES} rendered large with the local fonts, for telling
 * which family a key is printed in. Rendered once per process and case (one SVG, about 100 ms) and kept.
 *
 * @example
 * const sets = await fontTemplates('upper');
 * sets[0]?.grids[18] // the S of DejaVu Sans Mono as a comparison grid
 */
export function fontTemplates(letterCase: Exclude<LetterCase, 'mixed'>): Promise<TemplateSet[]> {
  let sets = large.get(letterCase);
  if (!sets) {
    sets = (async () => {
      const faces = FAMILIES.flatMap((family) => WEIGHTS.map((weight) => ({ family, weight })));
      const seen = new Set<string>();
      // A missing family renders as its substitute, one already kept.
      return (await render(faces, ALPHABET[letterCase], LARGE, 1)).filter((set) => {
        const key = fingerprint(set);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    })();
    sets.catch(() => large.delete(letterCase));
    large.set(letterCase, sets);
  }
  return sets;
}

/**
 * Starts rendering both cases' templates in the background, so they are ready by the time the first
 * line has been read (sharp renders on its own threads, beside tesseract's start-up).
 *
 * @example
 * prepareFontTemplates(); // at the start of an OCR run
 */
export function prepareFontTemplates(): void {
  for (const letterCase of ['upper', 'lower'] as const) fontTemplates(letterCase).catch(() => undefined);
}

const sized = new Map<string, Promise<TemplateSet | null>>();
/** Sizes kept: a page has a few, a test run a few dozen. */
const SIZED_LIMIT = 96;

/**
 * One family rendered at the size the key was printed at and upscaled like the line's sample, so small
 * type compares with the same hinting and blur. Cached per family, case, size and scale.
 *
 * @example
 * await sizedTemplates(identified, 'upper', 13, 2.4)
 */
export function sizedTemplates(
  like: Pick<TemplateSet, 'family' | 'weight'>,
  letterCase: Exclude<LetterCase, 'mixed'>,
  size: number,
  upscale: number,
): Promise<TemplateSet | null> {
  // Scales a few percent apart blur alike: quantised, most lines of a page share one rendering.
  const step = Math.round(upscale * 20) / 20;
  const key = `${like.family}|${like.weight}|${letterCase}|${size}|${step}`;
  let set = sized.get(key);
  if (!set) {
    if (sized.size >= SIZED_LIMIT) sized.delete(sized.keys().next().value as string);
    set = render([like], ALPHABET[letterCase], size, step).then(
      (sets) => sets[0] ?? null,
      () => null,
    );
    sized.set(key, set);
  }
  return set;
}

function fingerprint(set: TemplateSet): string {
  let hash = 0;
  for (const grid of set.grids) for (const v of grid) hash = (hash * 31 + Math.round(v * 50)) | 0;
  return String(hash);
}
