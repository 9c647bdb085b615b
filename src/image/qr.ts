import { throwIfAborted } from './abort.js';
import { type Box, type Preprocess, preprocess } from './preprocess.js';
import { type ImageInput, imageSize, inputBytes, loadRaster, type Raster } from './raster.js';
import { type QrSymbol, type Quad, type ScanOptions, scanEncoded, scanQr } from './zxing.js';

/** Above this many pixels a whole-image zoom pass is skipped (it would cost more than it finds). */
const MAX_ZOOM_PIXELS = 3_000_000;
/**
 * Without any located symbol, the whole-image zoom is only tried on images this small (a crop of one
 * code). On 240 random degraded codes, never zooming blind lost nothing; it costs ~100 ms per page.
 */
const MAX_BLIND_ZOOM_PIXELS = 500_000;
/** At most this many located-but-unreadable symbols get a close-up pass each. */
const MAX_CLOSE_UPS = 6;

/** Options for {@link readQr} and {@link scanRaster}. */
export interface ReadQrOptions {
  /** Stop between passes when this aborts (the pass under way finishes first). */
  signal?: AbortSignal;
  /**
   * When to stop trying harder: after the first pass that decodes anything (`'any'`), or only once an
   * `otpauth` code has been read and every located symbol is decoded (`'otpauth'`, the default).
   */
  until?: 'any' | 'otpauth';
}

interface Pass {
  recipe: Preprocess;
  options?: ScanOptions;
}

/**
 * Whole-image retries, cheapest first. Measured on the corpus in tests/image-corpus (240 random degraded
 * codes): the native pass reads 95 %, zooming ×2–3 with sharpening or a median filter reads 99 % (the rest
 * are ~75 px codes blurred past reading). Histogram stretching lowered recall and CLAHE added none.
 * jsQR, tried as a fallback (also on ×2 zooms), read none of the codes these passes missed, in 369
 * cases, so there is no second decoder.
 */
const ZOOM_PASSES: Pass[] = [
  { recipe: { scale: 2, sharpen: true } },
  { recipe: { scale: 3, sharpen: true } },
  { recipe: { scale: 2, median: 3 } },
];

/** Close-up recipes for one located symbol (the crop and zoom are added per symbol). */
const CLOSE_UP_PASSES: Pass[] = [
  { recipe: { sharpen: true } },
  { recipe: { threshold: 'otsu' } },
  { recipe: { median: 3 } },
];

const OTPAUTH = /^otpauth(-migration)?:\/\//i;

/**
 * Reads every QR code in an image (a PNG/JPEG buffer, a file path or a `data:image/…` URL) and returns
 * their texts, otpauth or not; callers filter. Real screenshots are handled: 1× and 2× pages, ~90 px
 * codes, dark mode, low contrast, JPEG artefacts, slight rotation, logos, several codes per page. Returns
 * `[]` when there is no readable code; throws `PW2FA_BAD_IMAGE` for inputs that are not images.
 *
 * @example
 * const texts = await readQr(await page.screenshot());
 * const uri = texts.find((t) => t.startsWith('otpauth://'));
 */
export async function readQr(image: ImageInput, opts: ReadQrOptions = {}): Promise<string[]> {
  return (await readQrWithRaster(image, opts)).texts;
}

/**
 * {@link readQr}, also handing back the raster when one had to be prepared (for OCR to reuse). A plain
 * screenshot is first scanned as it is (zxing decodes it); only if that is not enough is a raster made
 * for the harder passes, which then reuse this first pass.
 *
 * @example
 * const { texts, raster } = await readQrWithRaster(png);
 */
export async function readQrWithRaster(
  image: ImageInput,
  opts: ReadQrOptions = {},
): Promise<{ texts: string[]; raster: Raster | null; width: number; height: number }> {
  throwIfAborted(opts.signal, 'Reading the QR code');
  const bytes = await inputBytes(image);
  const { width, height, plain } = await imageSize(bytes);
  const first = plain ? await scanEncoded(bytes).catch(() => null) : null;
  if (first && isComplete(first, opts)) return { texts: texts(first), raster: null, width, height };
  const raster = await loadRaster(bytes);
  const found = await scanRaster(raster, opts, first ?? undefined);
  if (raster.backdrop === null || isDone(found, opts)) return { texts: found, raster, width, height };
  // Transparent pixels went onto the backdrop the ink seemed to want; a code drawn in the other colour
  // (white modules on transparent, beside dark text) shows only on the other one.
  throwIfAborted(opts.signal, 'Reading the QR code');
  const other = await loadRaster(bytes, { backdrop: raster.backdrop === 'dark' ? 'light' : 'dark' });
  const more = await scanRaster(other, opts);
  return { texts: [...new Set([...found, ...more])], raster, width, height };
}

/** Whether the texts read so far are enough (see {@link ReadQrOptions.until}). */
function isDone(found: readonly string[], opts: ReadQrOptions): boolean {
  return opts.until === 'any' ? found.length > 0 : found.some((t) => OTPAUTH.test(t));
}

function texts(symbols: QrSymbol[]): string[] {
  return [...new Set(symbols.flatMap((s) => (s.text === null ? [] : [s.text])))];
}

/** Whether a pass's result needs no further passes (see {@link ReadQrOptions.until}). */
function isComplete(symbols: QrSymbol[], opts: ReadQrOptions): boolean {
  const decoded = symbols.filter((s) => s.text !== null);
  if (opts.until === 'any') return decoded.length > 0;
  const pending = symbols.filter(
    (s) => s.text === null && !decoded.some((d) => overlaps(d.position, s.position)),
  );
  return decoded.some((s) => OTPAUTH.test(s.text ?? '')) && pending.length === 0;
}

/**
 * {@link readQr} on an already decoded raster: a native pass, then close-ups of symbols zxing located but
 * could not decode, then zoomed whole-image passes — stopping as soon as the result is complete.
 *
 * @example
 * const texts = await scanRaster(await loadRaster(buffer), { until: 'any' });
 */
export async function scanRaster(
  raster: Raster,
  opts: ReadQrOptions = {},
  /** The native pass, when the caller already ran it on the same pixels. */
  first?: QrSymbol[],
): Promise<string[]> {
  throwIfAborted(opts.signal, 'Reading the QR code');
  const found = new Map<string, Quad>();
  const unread: Quad[] = [];
  const record = (symbols: QrSymbol[], map: (q: Quad) => Quad) => {
    for (const s of symbols) {
      const position = map(s.position);
      if (s.text !== null) {
        if (!found.has(s.text)) found.set(s.text, position);
      } else unread.push(position);
    }
  };
  const done = () => {
    const decoded = [...found.values()];
    const pending = unread.filter((q) => !decoded.some((d) => overlaps(d, q)));
    if (opts.until === 'any') return found.size > 0;
    return [...found.keys()].some((t) => OTPAUTH.test(t)) && pending.length === 0;
  };

  record(first ?? (await scanQr(raster)), (q) => q);
  if (done()) return [...found.keys()];

  const closeUps = unread.slice(0, MAX_CLOSE_UPS);
  for (const quad of closeUps) {
    if ([...found.values()].some((d) => overlaps(d, quad))) continue;
    const box = around(quad, raster);
    const scale = Math.min(6, Math.max(3, 400 / Math.max(box.width, box.height)));
    for (const pass of CLOSE_UP_PASSES) {
      throwIfAborted(opts.signal, 'Reading the QR code');
      const zoomed = await preprocess(raster, { ...pass.recipe, crop: box, scale, pad: 16 });
      const before = found.size;
      record(await scanQr(zoomed, pass.options), (q) => unzoom(q, box, scale, 16));
      if (found.size > before) break;
    }
  }
  if (done()) return [...found.keys()];

  // Zooming the whole image only pays when zxing located a symbol it could not read, or found nothing
  // at all in a small image.
  const pending = unread.filter((q) => ![...found.values()].some((d) => overlaps(d, q))).length;
  const pixels = raster.width * raster.height;
  const worthIt = pending > 0 || (found.size === 0 && pixels <= MAX_BLIND_ZOOM_PIXELS);
  if (worthIt && pixels <= MAX_ZOOM_PIXELS) {
    for (const pass of ZOOM_PASSES) {
      throwIfAborted(opts.signal, 'Reading the QR code');
      const scale = pass.recipe.scale ?? 1;
      record(await scanQr(await preprocess(raster, pass.recipe), pass.options), (q) =>
        unzoom(q, null, scale, 0),
      );
      if (done()) break;
    }
  }
  return [...found.keys()];
}

/** The symbol's bounding box grown by a third on each side, so the crop keeps the quiet zone. */
function around(quad: Quad, raster: Raster): Box {
  const xs = [quad.topLeft.x, quad.topRight.x, quad.bottomRight.x, quad.bottomLeft.x];
  const ys = [quad.topLeft.y, quad.topRight.y, quad.bottomRight.y, quad.bottomLeft.y];
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  const size = Math.max(Math.max(...xs) - left, Math.max(...ys) - top, 8);
  const margin = size / 3;
  const l = Math.max(0, Math.floor(left - margin));
  const t = Math.max(0, Math.floor(top - margin));
  return {
    left: l,
    top: t,
    width: Math.min(raster.width - l, Math.ceil(size + 2 * margin)),
    height: Math.min(raster.height - t, Math.ceil(size + 2 * margin)),
  };
}

/** Maps a quad found in a zoomed (and possibly cropped, padded) copy back to raster pixels. */
function unzoom(quad: Quad, crop: Box | null, scale: number, pad: number): Quad {
  const map = (p: { x: number; y: number }) => ({
    x: (p.x - pad) / scale + (crop?.left ?? 0),
    y: (p.y - pad) / scale + (crop?.top ?? 0),
  });
  return {
    topLeft: map(quad.topLeft),
    topRight: map(quad.topRight),
    bottomRight: map(quad.bottomRight),
    bottomLeft: map(quad.bottomLeft),
  };
}

/** True when the centre of `b` lies inside the bounding box of `a` (same symbol seen twice). */
function overlaps(a: Quad, b: Quad): boolean {
  const ax = [a.topLeft.x, a.topRight.x, a.bottomRight.x, a.bottomLeft.x];
  const ay = [a.topLeft.y, a.topRight.y, a.bottomRight.y, a.bottomLeft.y];
  const cx = (b.topLeft.x + b.bottomRight.x) / 2;
  const cy = (b.topLeft.y + b.bottomRight.y) / 2;
  return cx >= Math.min(...ax) && cx <= Math.max(...ax) && cy >= Math.min(...ay) && cy <= Math.max(...ay);
}
