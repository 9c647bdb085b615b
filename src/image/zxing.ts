import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, type ReadResult, readBarcodes } from 'zxing-wasm/reader';
import type { GrayImage } from './raster.js';

/** Corners of a symbol in raster pixels. */
export interface Quad {
  topLeft: { x: number; y: number };
  topRight: { x: number; y: number };
  bottomRight: { x: number; y: number };
  bottomLeft: { x: number; y: number };
}

/** One symbol zxing saw: decoded (`text` set) or found but unreadable (`text` null). */
export interface QrSymbol {
  text: string | null;
  position: Quad;
}

let ready: Promise<unknown> | undefined;

/**
 * Loads zxing's WebAssembly from `node_modules`. Left alone, zxing-wasm fetches its `.wasm` from the
 * jsDelivr CDN; giving it the bytes (`wasmBinary`) keeps every run offline.
 */
function loadZxing(): Promise<unknown> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const bytes = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })().catch((error: unknown) => {
    ready = undefined; // let the next call retry rather than caching the failure
    throw error;
  });
  return ready;
}

/**
 * Scan settings a pass can change; everything else stays at zxing's accuracy-first defaults. Spelled out
 * rather than picked from zxing's `ReaderOptions`, so our published types do not pull in zxing's, which
 * need Emscripten's global types and fail a consumer's type check without `skipLibCheck`.
 */
export interface ScanOptions {
  binarizer?: 'LocalAverage' | 'GlobalHistogram' | 'FixedThreshold' | 'BoolCast';
  tryDenoise?: boolean;
  tryDownscale?: boolean;
  tryInvert?: boolean;
}

/**
 * Finds every QR code in a greyscale raster, including symbols zxing located but could not decode
 * (so a later pass can zoom into them).
 *
 * @example
 * const symbols = await scanQr({ data, width, height });
 * symbols.filter((s) => s.text !== null).map((s) => s.text);
 */
export async function scanQr(image: GrayImage, options: ScanOptions = {}): Promise<QrSymbol[]> {
  return scan(toImageData(image), options);
}

/**
 * {@link scanQr} on PNG or JPEG bytes, decoded inside zxing's WebAssembly: for a plain screenshot this
 * skips preparing a raster, which is most of the time a one-pass read takes.
 *
 * @example
 * const symbols = await scanEncoded(await page.screenshot());
 */
export async function scanEncoded(bytes: Uint8Array, options: ScanOptions = {}): Promise<QrSymbol[]> {
  return scan(bytes, options);
}

async function scan(input: ImageData | Uint8Array, options: ScanOptions): Promise<QrSymbol[]> {
  await loadZxing();
  const results = await readBarcodes(input, {
    formats: ['QRCode', 'MicroQRCode'],
    tryHarder: true,
    tryInvert: true,
    tryRotate: false, // QR finder patterns are found at any angle; the 90° retries only help linear codes
    tryDownscale: true,
    returnErrors: true,
    maxNumberOfSymbols: 32,
    textMode: 'Plain',
    ...options,
  });
  return results.map((r: ReadResult) => ({ text: r.isValid ? r.text : null, position: r.position }));
}

/** zxing's ImageData input is RGBA; it averages the channels back to grey, so repeating grey is exact. */
function toImageData(image: GrayImage): ImageData {
  const { data, width, height } = image;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const words = new Uint32Array(rgba.buffer);
  for (let i = 0; i < words.length; i++) {
    const v = data[i] ?? 255;
    words[i] = 0xff000000 | (v << 16) | (v << 8) | v; // little-endian RGBA with alpha 255
  }
  return { data: rgba, width, height, colorSpace: 'srgb' } as ImageData;
}
