import { readFile, stat } from 'node:fs/promises';
import { TwoFactorError } from '../errors.js';
import { loadSharp } from './sharp-loader.js';

/** An image or the path of one: PNG, JPEG, WebP, GIF, TIFF, AVIF or SVG (whatever sharp reads). */
export type ImageInput = Buffer | Uint8Array | string;

/** Above this many pixels an input is refused before decoding (a 15 000 × 13 000 decompression bomb). */
export const MAX_INPUT_PIXELS = 200_000_000;
/** Larger inputs are downscaled to this many pixels before scanning, which bounds time and memory. */
export const MAX_WORK_PIXELS = 12_000_000;
/** Files larger than this are refused without being read. */
export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

/** An 8-bit greyscale raster, one byte per pixel, row after row. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * What transparent pixels are laid over: `light` (white) suits dark ink, `dark` (black) suits light ink
 * such as a white QR code on a transparent PNG meant for a dark page, which over white would vanish.
 */
export type Backdrop = 'light' | 'dark';

/** A decoded input: its greyscale raster and how it relates to the original file. */
export interface Raster extends GrayImage {
  /** Width and height of the original image, before any downscaling. */
  originalWidth: number;
  originalHeight: number;
  /** Working pixels per original pixel (1 unless the input was downscaled). */
  scale: number;
  /** What transparency was flattened onto; `null` when the image has no alpha channel. */
  backdrop: Backdrop | null;
}

function badImage(found: string, todo: string, cause?: unknown): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_BAD_IMAGE',
    `Expected a PNG or JPEG image, but ${found}. ${todo}`,
    cause === undefined ? undefined : { cause },
  );
}

const DATA_URL = /^data:image\/[\w.+-]+;base64,/i;

/**
 * Reads the input into memory, refusing what is clearly not an image before any decoding.
 *
 * @example
 * const bytes = await inputBytes('setup.png');
 */
export async function inputBytes(input: ImageInput): Promise<Buffer> {
  if (typeof input === 'string') {
    if (DATA_URL.test(input)) return Buffer.from(input.slice(input.indexOf(',') + 1), 'base64');
    const info = await stat(input).catch((error: unknown) => {
      throw badImage(
        `the file ${JSON.stringify(input)} could not be read`,
        'Check the path (relative paths start at the current directory).',
        error,
      );
    });
    if (!info.isFile())
      throw badImage(`${JSON.stringify(input)} is not a file`, 'Pass the path of an image file.');
    if (info.size > MAX_INPUT_BYTES) {
      throw badImage(
        `the file is ${mib(info.size)}`,
        `Pass a screenshot or crop under ${mib(MAX_INPUT_BYTES)}.`,
      );
    }
    return readFile(input);
  }
  if (!(input instanceof Uint8Array)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected a Buffer or a file path, got ${input === null ? 'null' : typeof input}.`,
    );
  }
  if (input.byteLength > MAX_INPUT_BYTES) {
    throw badImage(`the buffer is ${mib(input.byteLength)}`, `Pass an image under ${mib(MAX_INPUT_BYTES)}.`);
  }
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** What the header says about an image. */
export interface ImageInfo {
  width: number;
  height: number;
  /**
   * A PNG or JPEG with no transparency, no EXIF rotation and at most {@link MAX_WORK_PIXELS}: it can be
   * scanned as it is, without preparing a raster first.
   */
  plain: boolean;
  /** It has an alpha channel (RGBA, grey + alpha, or a palette with transparent entries). */
  hasAlpha: boolean;
}

/**
 * Size and kind from the header only: cheap, and enough to refuse oversized inputs.
 *
 * @example
 * await imageSize(await page.screenshot()) // { width: 1280, height: 720, plain: true }
 */
export async function imageSize(bytes: Buffer): Promise<ImageInfo> {
  const sharp = await loadSharp();
  const notAnImage = (error?: unknown) =>
    badImage(describeBytes(bytes), 'Pass a PNG or JPEG screenshot (e.g. from page.screenshot()).', error);
  if (bytes.byteLength === 0) throw notAnImage();
  const meta = await Promise.resolve()
    .then(() => sharp(bytes, { limitInputPixels: false }).metadata())
    .catch((error: unknown) => {
      throw notAnImage(error);
    });
  const { width, height } = meta;
  if (!width || !height) throw badImage('it has no width or height', 'Pass a PNG or JPEG screenshot.');
  if (width * height > MAX_INPUT_PIXELS) {
    throw badImage(
      `it is ${width}×${height} (${megapixels(width * height)}), over the ${megapixels(MAX_INPUT_PIXELS)} limit`,
      'Crop or downscale it to the area around the QR code.',
    );
  }
  const plain =
    (meta.format === 'png' || meta.format === 'jpeg') &&
    !meta.hasAlpha &&
    (meta.orientation ?? 1) === 1 &&
    width * height <= MAX_WORK_PIXELS;
  return { width, height, plain, hasAlpha: meta.hasAlpha === true };
}

function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} MP`;
}

/**
 * Says what the bytes look like, for messages (never their content).
 *
 * @example
 * describeBytes(png.subarray(0, 100)) // 'the PNG data is damaged or truncated'
 */
export function describeBytes(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) return 'the input is empty';
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) {
    return 'the PNG data is damaged or truncated';
  }
  if (head[0] === 0xff && head[1] === 0xd8) return 'the JPEG data is damaged or truncated';
  const text = head.toString('latin1');
  if (/^\s*</.test(text)) return 'the input looks like HTML or XML text';
  return `the ${bytes.byteLength}-byte input is not in any image format sharp knows`;
}

/** Options for {@link loadRaster}. */
export interface LoadRasterOptions {
  /** What to flatten transparency onto; by default the one the visible ink stands out from. */
  backdrop?: Backdrop;
}

/**
 * Decodes an image into a greyscale raster, flattening transparency onto the backdrop its ink shows on
 * (white for dark ink, black for light ink) and downscaling inputs over {@link MAX_WORK_PIXELS}. Any
 * PNG kind works: palette, grey, grey + alpha, 16-bit. Throws `PW2FA_BAD_IMAGE` for truncated, unknown
 * or oversized inputs.
 *
 * @example
 * const raster = await loadRaster(await page.screenshot());
 * raster.width; // 1280
 */
export async function loadRaster(input: ImageInput, opts: LoadRasterOptions = {}): Promise<Raster> {
  const sharp = await loadSharp();
  const bytes = await inputBytes(input);
  const { width, height, hasAlpha } = await imageSize(bytes);
  const scale = Math.min(1, Math.sqrt(MAX_WORK_PIXELS / (width * height)));
  const failed = (error: unknown) => {
    throw badImage(describeBytes(bytes), 'Take the screenshot again, or pass the original file.', error);
  };
  const backdrop = hasAlpha ? (opts.backdrop ?? (await inkBackdrop(bytes).catch(failed))) : null;
  let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate() // honour EXIF orientation (photos of a screen)
    .flatten({ background: backdrop === 'dark' ? '#000000' : '#ffffff' });
  if (scale < 1) {
    // A square box with `fit: inside` keeps the aspect ratio whichever way EXIF turned the image.
    const side = Math.max(1, Math.floor(Math.max(width, height) * scale));
    pipeline = pipeline.resize(side, side, { fit: 'inside', kernel: 'cubic' });
  }
  // `uchar` brings 16-bit inputs down to 8 bits (left alone, sharp's raw output keeps 2 bytes a sample).
  const { data, info } = await pipeline
    .greyscale()
    .toColourspace('b-w')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch(failed);
  const gray = info.channels === 1 ? data : firstChannel(data, info.channels);
  return {
    data: gray,
    width: info.width,
    height: info.height,
    originalWidth: width,
    originalHeight: height,
    scale: Math.max(info.width, info.height) / Math.max(width, height),
    backdrop,
  };
}

/** Side of the thumbnail {@link inkBackdrop} looks at: enough to weigh the ink, cheap on 50 MP. */
const BACKDROP_SAMPLE = 256;

/**
 * Which backdrop the visible (opaque) pixels stand out from: their mean brightness, weighted by alpha,
 * on a thumbnail. Light ink (a white code on a transparent PNG) wants a dark backdrop; anything else,
 * including images that are mostly opaque, keeps white.
 */
async function inkBackdrop(bytes: Buffer): Promise<Backdrop> {
  const sharp = await loadSharp();
  const { data } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .resize(BACKDROP_SAMPLE, BACKDROP_SAMPLE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  let weight = 0;
  let light = 0;
  for (let i = 0; i + 3 < data.length; i += 4) {
    const alpha = data[i + 3] as number;
    const luma =
      0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
    weight += alpha;
    light += alpha * luma;
  }
  return weight > 0 && light / weight > 160 ? 'dark' : 'light';
}

/**
 * The first channel of interleaved pixels (sharp keeps an alpha channel in some greyscale outputs).
 *
 * @example
 * firstChannel(greyAndAlpha, 2)
 */
export function firstChannel(data: Uint8Array, channels: number): Uint8Array {
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels] ?? 0;
  return out;
}
