import type { Worker } from 'tesseract.js';
import type { Box } from './preprocess.js';
import type { GrayImage } from './raster.js';
import { loadSharp } from './sharp-loader.js';

/** A character as tesseract read it, with its box in the pixels of the image it was given. */
export interface OcrSymbol {
  text: string;
  /** 0–100. */
  confidence: number;
  box: Box;
}

/** A word as tesseract read it, with its characters. */
export interface OcrWord extends OcrSymbol {
  symbols: OcrSymbol[];
}

/** A line of text with its words. */
export interface OcrLine {
  text: string;
  confidence: number;
  words: OcrWord[];
}

/** Tesseract page segmentation modes used here (tesseract's own numbering). */
export const PSM = { auto: '3', block: '6', line: '7', char: '10' } as const;

export interface ReadOptions {
  psm: (typeof PSM)[keyof typeof PSM];
  /** Characters tesseract may output; empty for all. */
  whitelist?: string;
}

async function toPng(image: GrayImage): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/**
 * Runs tesseract on a greyscale raster and returns its lines and words. Parameters are set on every
 * call because the worker is shared.
 *
 * @example
 * const lines = await withOcrWorker((w) => readLines(w, raster, { psm: PSM.auto }));
 */
export async function readLines(worker: Worker, image: GrayImage, opts: ReadOptions): Promise<OcrLine[]> {
  await worker.setParameters({
    tessedit_pageseg_mode: opts.psm as never,
    tessedit_char_whitelist: opts.whitelist ?? '',
    preserve_interword_spaces: '0',
    // Screenshots carry no DPI; without this tesseract guesses and says so on stderr.
    user_defined_dpi: '144',
    // Polarity is fixed before OCR (dark mode is negated), so skip tesseract's second, inverted read
    // of every doubtful line.
    tessedit_do_invert: '0',
  });
  const result = await worker.recognize(await toPng(image), {}, { text: true, blocks: true });
  const lines: OcrLine[] = [];
  for (const block of result.data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words
          .filter((w) => w.text.trim() !== '')
          .map((w) => ({
            text: w.text.trim(),
            confidence: w.confidence,
            box: toBox(w.bbox),
            symbols: w.symbols.map((c) => ({ text: c.text, confidence: c.confidence, box: toBox(c.bbox) })),
          }));
        if (words.length > 0) {
          lines.push({ text: words.map((w) => w.text).join(' '), confidence: line.confidence, words });
        }
      }
    }
  }
  return lines;
}

function toBox(b: { x0: number; y0: number; x1: number; y1: number }): Box {
  return { left: b.x0, top: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 };
}

/**
 * The smallest box holding every given box.
 *
 * @example
 * unionBox(words.map((w) => w.box))
 */
export function unionBox(boxes: readonly Box[]): Box {
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const right = Math.max(...boxes.map((b) => b.left + b.width));
  const bottom = Math.max(...boxes.map((b) => b.top + b.height));
  return { left, top, width: right - left, height: bottom - top };
}
