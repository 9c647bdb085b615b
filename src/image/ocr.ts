import { throwIfAborted } from './abort.js';
import { prepareFontTemplates } from './font-templates.js';
import { fullPass } from './full-pass.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, darkShare } from './preprocess.js';
import { quickPass } from './quick-pass.js';
import { type GrayImage, type ImageInput, loadRaster } from './raster.js';
import { scanQr } from './zxing.js';

/** A key read from an image, with how sure the reader is. */
export interface OcrCandidate {
  /** Normalised base32 (upper case, no spaces). Never log it. */
  secret: string;
  /** 0–1: tesseract's and the font match's confidence, scaled down when readings disagree. */
  confidence: number;
  /** From an "Issuer:" / "Account:" line near the key, else ''. */
  issuer: string;
  account: string;
  /**
   * The text next to it says it is a key ("Setup key", "Secret:", "Can't scan? Enter this key", in the
   * detector's languages). Unlabelled runs of capitals and digits may be recovery codes or tokens.
   */
  labelled: boolean;
}

/** Options for {@link ocrSecret} and {@link ocrSecretCandidates}. */
export interface OcrOptions {
  /** Checked between OCR passes. */
  signal?: AbortSignal;
  /** How many printed-key lines to re-read at most (default 2). */
  maxLines?: number;
}

/**
 * Reads the printed key ("Can't scan? Enter this key: JBSW Y3DP …") from a screenshot. The key's line
 * is found from its glyph groups without reading the page (or, failing that, by reading it), then read
 * by tesseract restricted to base32 and its look-alikes, and glyph by glyph against the key's font
 * rendered from the local fonts: the look-alikes the English model gets wrong in random strings (5/S,
 * 6/G, 2/Z, 4/A/D, J/I, q/g, i/l …) are settled by shape. Doubtful lines are re-read several ways and
 * voted per character. O/0, I/1/l and B/8 are resolved, and only readings of a length a key can have,
 * in even groups, are kept. Returns every distinct candidate, best first (the runner-up characters of
 * close calls among them), so a caller that can check a generated code against the site may try them
 * in turn. Runs offline; the shared worker starts on first use (see {@link terminateOcr}).
 *
 * @example
 * const [best] = await ocrSecretCandidates(await page.screenshot());
 * if (best && best.confidence > 0.8) vault.add('site', accountFromSecret(best.secret));
 */
export async function ocrSecretCandidates(
  image: ImageInput | GrayImage,
  opts: OcrOptions = {},
): Promise<OcrCandidate[]> {
  const raster = isRaster(image) ? image : await loadRaster(image);
  // Worker start-up (model load) and template rendering run while the page is prepared.
  withOcrWorker(async () => undefined).catch(() => undefined);
  prepareFontTemplates();
  const page = darkOnLight(raster);
  throwIfAborted(opts.signal, 'Reading the printed key');
  const quick = await quickPass(page, opts.signal);
  if (quick) return quick;
  // A QR code beside the key merges their rows into one tall band; painted out, the key may stand out.
  if ((await paintOutQr(page)) > 0) {
    const again = await quickPass(page, opts.signal);
    if (again) return again;
  }
  return fullPass(page, opts);
}

/**
 * The best {@link ocrSecretCandidates} result, or `null` when no readable key is in the image.
 *
 * @example
 * const found = await ocrSecret(await readFile('setup.png'));
 * found?.confidence // 0.93
 */
export async function ocrSecret(
  image: ImageInput,
  opts: OcrOptions = {},
): Promise<{ secret: string; confidence: number } | null> {
  const [best] = await ocrSecretCandidates(image, opts);
  return best ? { secret: best.secret, confidence: best.confidence } : null;
}

function isRaster(image: ImageInput | GrayImage): image is GrayImage {
  return typeof image === 'object' && 'data' in image && 'width' in image && 'height' in image;
}

/** A copy with dark text on light: dark-mode screenshots are negated. */
function darkOnLight(raster: GrayImage): GrayImage & { data: Uint8Array } {
  const data = new Uint8Array(raster.data);
  if (darkShare(raster) > 0.5) for (let i = 0; i < data.length; i++) data[i] = 255 - (data[i] as number);
  return { data, width: raster.width, height: raster.height };
}

/** Paints the QR codes in `image` white (their modules read as noise and cost time); returns how many. */
async function paintOutQr(image: GrayImage & { data: Uint8Array }): Promise<number> {
  const symbols = await scanQr(image, { tryDownscale: true });
  for (const { position: p } of symbols) {
    const xs = [p.topLeft.x, p.topRight.x, p.bottomRight.x, p.bottomLeft.x];
    const ys = [p.topLeft.y, p.topRight.y, p.bottomRight.y, p.bottomLeft.y];
    fill(image, {
      left: Math.min(...xs),
      top: Math.min(...ys),
      width: Math.max(...xs) - Math.min(...xs),
      height: Math.max(...ys) - Math.min(...ys),
    });
  }
  return symbols.length;
}

function fill(image: GrayImage & { data: Uint8Array }, box: Box): void {
  const x0 = Math.max(0, Math.floor(box.left) - 2);
  const y0 = Math.max(0, Math.floor(box.top) - 2);
  const x1 = Math.min(image.width, Math.ceil(box.left + box.width) + 2);
  const y1 = Math.min(image.height, Math.ceil(box.top + box.height) + 2);
  for (let y = y0; y < y1; y++) image.data.fill(255, y * image.width + x0, y * image.width + x1);
}
