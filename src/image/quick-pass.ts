import { throwIfAborted } from './abort.js';
import { isBase32Candidate } from './base32-candidate.js';
import { keyContext } from './key-context.js';
import { saysKey } from './key-label.js';
import { type KeyLineReading, readKeyLine } from './key-line.js';
import { findKeyLines, type KeyLineCandidate } from './key-lines.js';
import { findKeySpans, findLabels } from './key-text.js';
import { PSM, readLines } from './ocr-read.js';
import { withOcrWorker } from './ocr-worker.js';
import { type Box, otsu, preprocess } from './preprocess.js';
import { type RankedKey, type Reading, rankReadings } from './rank-readings.js';
import type { GrayImage } from './raster.js';
import { labelLines } from './text-lines.js';

/**
 * Candidates with the issuer and account printed above them, and whether the text around the key says
 * it is one (see {@link saysKey}).
 */
export type LabelledKey = RankedKey & { issuer: string; account: string; labelled: boolean };

/**
 * The fast path: lines that look like a key from their glyph groups alone are read directly, skipping
 * the OCR of the whole page (which costs more than everything else together on a 1280×800 screenshot).
 * A key that wraps is joined with its continuation line. Only a reading that is a well-formed key (even
 * groups with digits, as prose never is) and read with confidence is accepted; anything else falls
 * through to the full pass. Issuer and account come from the lines just above.
 *
 * @example
 * const found = await quickPass(darkOnLightPage); // null: read the whole page instead
 */
export async function quickPass(page: GrayImage, signal?: AbortSignal): Promise<LabelledKey[] | null> {
  // Short lines count only as the last line of a wrapped key.
  const all = findKeyLines(page, 4);
  const found = all.filter((l) => (l.whole || l.afterLabel) && l.groups.reduce((a, b) => a + b, 0) >= 16);
  for (const line of found.slice(0, 2)) {
    throwIfAborted(signal, 'Reading the printed key');
    const parts = [line, ...continuation(line, all)];
    const reads: KeyLineReading[] = [];
    for (const part of parts) {
      const read = await readKeyLine(page, part.box, part.letterCase, part.limits);
      if (!read || read.confidence < 0.6 || !sameShape(read.text, part.groups)) break;
      reads.push(read);
    }
    // The longest run of lines that makes a key (what looked like a continuation may be prose).
    while (reads.length > 0 && !isKey(reads.map((r) => r.text).join(' '))) reads.pop();
    if (reads.length === 0) continue;
    const text = reads.map((r) => r.text).join(' ');
    const confidence = Math.min(...reads.map((r) => r.confidence));
    const votes: Reading[] = [{ text, confidence, primary: true }];
    // One line's alternatives, the others' readings kept: each a whole key to try.
    reads.forEach((read, k) => {
      for (const a of read.alternatives) {
        const joined = reads.map((r, j) => (j === k ? a.text : r.text)).join(' ');
        votes.push({ text: joined, confidence: a.confidence * 0.7 });
      }
    });
    const labels = await labelsAbove(page, line.box);
    const labelled = saysKey(await keyContext(page, line.box));
    return rankReadings(votes).map((c) => ({ ...c, ...labels, labelled }));
  }
  return null;
}

/**
 * Whether a reading has the groups the line's ink shows: as many, each of the counted size, give or
 * take a character where kerned neighbours share columns and were counted as one.
 */
function sameShape(text: string, groups: readonly number[]): boolean {
  const read = text.split(' ').map((g) => g.length);
  return read.length === groups.length && read.every((n, i) => Math.abs(n - (groups[i] ?? 0)) <= 1);
}

/** A well-formed printed key: base32 of a key's length, in even groups with digits as prose never is. */
function isKey(text: string): boolean {
  if (!isBase32Candidate(text)) return false;
  const span = findKeySpans([text])[0];
  return !!span && span.score >= 0.7 && span.text === text;
}

/**
 * The line a long key wraps onto: the next key-like line just below, starting where the key does, in
 * the same size of type. Followed once more for a key wrapped over three lines.
 */
function continuation(line: KeyLineCandidate, found: readonly KeyLineCandidate[]): KeyLineCandidate[] {
  const out: KeyLineCandidate[] = [];
  const size = line.groups[0] ?? 0;
  // Groups of the key's size (the very last may be shorter), or one block under a block.
  const sameGroups = (c: KeyLineCandidate) =>
    line.groups.length === 1
      ? c.groups.length === 1
      : c.groups.every((g, i) => g === size || (i === c.groups.length - 1 && g < size));
  let last = line;
  for (let k = 0; k < 2; k++) {
    const bottom = last.box.top + last.box.height;
    const next = found.find(
      (c) =>
        c.box.top >= bottom &&
        c.box.top - bottom < last.box.height * 1.5 &&
        Math.abs(c.box.left - last.box.left) < last.box.height &&
        Math.abs(c.box.height - last.box.height) < last.box.height * 0.4 &&
        c.letterCase === last.letterCase &&
        c.whole &&
        sameGroups(c),
    );
    if (!next) break;
    out.push(next);
    last = next;
  }
  return out;
}

/**
 * "Issuer:" and "Account:" lines printed in the few lines above the key. Only lines that start with a
 * label ending in a colon are read, one line at a time: most pages have none, and then this costs
 * nothing.
 */
async function labelsAbove(page: GrayImage, key: Box): Promise<{ issuer: string; account: string }> {
  const top = Math.max(0, key.top - key.height * 4.5);
  const left = Math.max(0, key.left - key.width);
  const region = {
    left,
    top,
    width: Math.min(page.width, key.left + key.width * 2) - left,
    height: key.top - top,
  };
  const texts: string[] = [];
  for (const line of labelLines(page, otsu(page), region).slice(-3)) {
    const crop = { left: line.left - 4, top: line.top - 4, width: line.width + 8, height: line.height + 8 };
    const scale = Math.min(3, Math.max(0.5, 30 / line.height));
    const lines = await withOcrWorker(async (w) =>
      readLines(w, await preprocess(page, { crop, scale, pad: 10 }), { psm: PSM.line }),
    );
    texts.push(...lines.map((l) => l.text));
  }
  return findLabels(texts);
}
