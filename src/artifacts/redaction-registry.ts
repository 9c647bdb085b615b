import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Values shorter than this are not scrubbed: a 3-character value matches everywhere and hides nothing. */
export const MIN_REDACTED_LENGTH = 4;

/** What a scrubbed value becomes: the same number of bytes, so offsets and JSON stay valid. */
const MASK_BYTE = 0x2a; // '*'

// Rabin–Karp over bytes modulo 2^32 in int32 arithmetic (Math.imul): a few CPU instructions per byte, which
// is what keeps a 20 MB trace inside the teardown budget. Weak as a hash, fine as a prefilter: every hit
// is confirmed with the salted SHA-256.
/** A fingerprint keeps only this many bits: enough to skip almost every window, too few to name a value. */
const FINGERPRINT_BITS = 16;
const FINGERPRINT_MASK = (1 << FINGERPRINT_BITS) - 1;

interface LengthTable {
  /** One bit per 16-bit fingerprint of a handled form of this byte length (forms found anywhere). */
  bits: Uint8Array;
  /** The same for forms that must stand alone: checked once per run of letters and digits. */
  tokenBits: Uint8Array;
  /** Salted SHA-256 of each form, hex. */
  hashes: Set<string>;
  /** Forms made only of letters and digits must stand alone (see {@link isToken}). */
  tokenHashes: Set<string>;
  /** base^(length-1) mod 2^32, to drop the byte leaving the window. */
  lead: number;
}

/**
 * A run of letters and digits inside a form that has other characters (a password's `horse` in
 * `correct horse battery`): wherever the form occurs, that run occurs whole, so finding the run finds the
 * form without sliding a hash over every byte.
 */
interface AnchorTable {
  bits: Uint8Array;
  /** Salted hash of the run → where it sits in each form holding it. */
  at: Map<string, Array<{ offset: number; length: number }>>;
}

/** Shorter anchors would match too often to save work; such forms are found by the rolling hash. */
const MIN_ANCHOR = 3;

/** The longest run of letters and digits inside `form` with a non-alphanumeric byte on each side. */
function interiorRun(form: Uint8Array): { offset: number; length: number } | undefined {
  let best: { offset: number; length: number } | undefined;
  let start = -1;
  for (let i = 0; i < form.length; i++) {
    if (ALNUM[form[i] as number] === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (start > 0 && i - start > (best?.length ?? MIN_ANCHOR - 1))
      best = { offset: start, length: i - start };
    start = -1;
  }
  return best;
}

/** A byte range [start, end) of a buffer that holds a handled value. */
export type Range = readonly [start: number, end: number];

function isAlnum(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * Codes and keys made of letters and digits are scrubbed only where they stand alone, as a whole run of
 * letters and digits: a code `000000` is scrubbed in `"value":"000000"` or `otp=000000&`, never inside
 * `1000000` or a timestamp. Values with other characters (passwords) are scrubbed wherever they occur.
 */
const ALNUM = Uint8Array.from({ length: 256 }, (_, byte) => (isAlnum(byte) ? 1 : 0));

/** The forms a value takes in artifacts: as is, URL-encoded (form bodies), JSON-escaped, base64. */
function formsOf(value: string): Buffer[] {
  const raw = Buffer.from(value, 'utf8');
  const forms = new Set<string>([
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    JSON.stringify(value).slice(1, -1),
    raw.toString('base64').replace(/=+$/, ''),
    raw.toString('base64url'),
  ]);
  return [...forms].map((form) => Buffer.from(form, 'utf8'));
}

/**
 * The values a run handled (codes typed, secrets, keys, the user's own marked values), kept only as salted
 * hashes plus 16-bit keyed fingerprints — never the values — so that a heap dump of the worker or an
 * artifact of ours never holds them. Finding them in an artifact fingerprints each run of letters and
 * digits of a handled length (codes, keys) and slides a keyed rolling hash over the bytes for the other
 * forms (passwords), confirming each fingerprint hit with the salted hash.
 *
 * @example
 * const registry = new RedactionRegistry();
 * registry.add(code);
 * registry.redact(buffer); // → number of ranges masked in place
 */
export class RedactionRegistry {
  readonly #salt = randomBytes(16);
  /** Odd, so multiplying by it loses no bits modulo 2^32; random, so fingerprints are keyed per registry. */
  readonly #base = randomInt(1 << 16, 1 << 30) | 1;
  readonly #tables = new Map<number, LengthTable>();
  readonly #anchors = new Map<number, AnchorTable>();
  /** Lengths whose forms have no anchor and need the rolling hash. */
  readonly #rolling = new Set<number>();
  #count = 0;

  /** How many distinct values were added. */
  get size(): number {
    return this.#count;
  }

  /** Marks a value (and its encoded forms) as one to scrub. Short and empty values are ignored. */
  add(value: string | undefined | null): void {
    if (!value || value.length < MIN_REDACTED_LENGTH) return;
    let added = false;
    for (const form of formsOf(value)) {
      const table = this.#table(form.length);
      const hash = this.#hash(form, 0, form.length);
      // A form of only letters and digits (a code, a key, any value's base64) must stand alone.
      const into = isAlnumOnly(form) ? table.tokenHashes : table.hashes;
      if (into.has(hash)) continue;
      into.add(hash);
      const anchor = into === table.hashes ? interiorRun(form) : undefined;
      if (anchor) this.#addAnchor(form, anchor);
      else if (into === table.hashes) this.#rolling.add(form.length);
      const bits = into === table.hashes ? table.bits : table.tokenBits;
      const fingerprint = this.#fingerprint(form, 0, form.length);
      bits[fingerprint >> 3] = (bits[fingerprint >> 3] ?? 0) | (1 << (fingerprint & 7));
      added = true;
    }
    if (added) this.#count++;
  }

  /** The byte ranges of `buffer` holding a handled value, sorted, overlaps merged. */
  find(buffer: Uint8Array): Range[] {
    const ranges: [number, number][] = [];
    this.#scanTokens(buffer, ranges);
    for (const length of this.#rolling) {
      const table = this.#tables.get(length);
      if (table) this.#scan(buffer, length, table, ranges);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged.at(-1);
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    return merged;
  }

  /** Masks every handled value in `buffer` in place (same length); returns how many ranges were masked. */
  redact(buffer: Uint8Array): number {
    const ranges = this.find(buffer);
    for (const [start, end] of ranges) buffer.fill(MASK_BYTE, start, end);
    return ranges.length;
  }

  #table(length: number): LengthTable {
    let table = this.#tables.get(length);
    if (!table) {
      let lead = 1;
      for (let i = 1; i < length; i++) lead = Math.imul(lead, this.#base);
      table = {
        bits: new Uint8Array(1 << (FINGERPRINT_BITS - 3)),
        tokenBits: new Uint8Array(1 << (FINGERPRINT_BITS - 3)),
        hashes: new Set(),
        tokenHashes: new Set(),
        lead,
      };
      this.#tables.set(length, table);
    }
    return table;
  }

  #addAnchor(form: Uint8Array, run: { offset: number; length: number }): void {
    let anchors = this.#anchors.get(run.length);
    if (!anchors) {
      anchors = { bits: new Uint8Array(1 << (FINGERPRINT_BITS - 3)), at: new Map() };
      this.#anchors.set(run.length, anchors);
    }
    const end = run.offset + run.length;
    const hash = this.#hash(form, run.offset, end);
    const list = anchors.at.get(hash) ?? [];
    list.push({ offset: run.offset, length: form.length });
    anchors.at.set(hash, list);
    const f = this.#fingerprint(form, run.offset, end);
    anchors.bits[f >> 3] = (anchors.bits[f >> 3] ?? 0) | (1 << (f & 7));
  }

  /** A run matched an anchor: is the whole form around it there? */
  #checkAnchor(
    anchors: AnchorTable,
    buffer: Uint8Array,
    start: number,
    end: number,
    out: [number, number][],
  ) {
    for (const { offset, length } of anchors.at.get(this.#hash(buffer, start, end)) ?? []) {
      const from = start - offset;
      if (from < 0 || from + length > buffer.length) continue;
      const table = this.#tables.get(length);
      if (table?.hashes.has(this.#hash(buffer, from, from + length))) out.push([from, from + length]);
    }
  }

  #hash(buffer: Uint8Array, start: number, end: number): string {
    return createHash('sha256').update(this.#salt).update(buffer.subarray(start, end)).digest('hex');
  }

  #fingerprint(bytes: Uint8Array, start: number, end: number): number {
    let h = 0;
    for (let i = start; i < end; i++) h = (Math.imul(h, this.#base) + (bytes[i] as number)) | 0;
    return fold(h);
  }

  /** One pass over the runs of letters and digits; only runs as long as a handled token are hashed. */
  #scanTokens(buffer: Uint8Array, out: [number, number][]): void {
    // Plain arrays indexed by run length: this loop runs once per byte of every text artifact.
    const tokens: Array<LengthTable | undefined> = [];
    const anchors: Array<AnchorTable | undefined> = [];
    for (const [length, table] of this.#tables) if (table.tokenHashes.size > 0) tokens[length] = table;
    for (const [length, table] of this.#anchors) anchors[length] = table;
    const longest = Math.max(tokens.length, anchors.length);
    if (longest === 0) return;
    const base = this.#base;
    const end = buffer.length;
    let start = -1;
    let h = 0;
    for (let i = 0; i <= end; i++) {
      const byte = i < end ? (buffer[i] as number) : 0;
      if (ALNUM[byte] === 1) {
        if (start < 0) {
          start = i;
          h = 0;
        }
        h = (Math.imul(h, base) + byte) | 0;
        continue;
      }
      if (start < 0) continue;
      const length = i - start;
      if (length < longest) {
        const token = tokens[length];
        const anchor = anchors[length];
        if (token || anchor) {
          const f = fold(h);
          if (token && ((token.tokenBits[f >> 3] as number) >> (f & 7)) & 1) {
            if (token.tokenHashes.has(this.#hash(buffer, start, i))) out.push([start, i]);
          }
          if (anchor && ((anchor.bits[f >> 3] as number) >> (f & 7)) & 1) {
            this.#checkAnchor(anchor, buffer, start, i, out);
          }
        }
      }
      start = -1;
    }
  }

  #scan(buffer: Uint8Array, length: number, table: LengthTable, out: [number, number][]): void {
    if (buffer.length < length) return;
    const { bits, lead } = table;
    const base = this.#base;
    let h = 0;
    for (let i = 0; i < length; i++) h = (Math.imul(h, base) + (buffer[i] as number)) | 0;
    const last = buffer.length - length;
    for (let start = 0; ; start++) {
      const f = fold(h);
      if (((bits[f >> 3] as number) >> (f & 7)) & 1) this.#confirm(buffer, start, length, table, out);
      if (start >= last) break;
      h = (h - Math.imul(buffer[start] as number, lead)) | 0;
      h = (Math.imul(h, base) + (buffer[start + length] as number)) | 0;
    }
  }

  #confirm(buffer: Uint8Array, start: number, length: number, table: LengthTable, out: [number, number][]) {
    const end = start + length;
    if (table.hashes.has(this.#hash(buffer, start, end))) out.push([start, end]);
  }
}

/** The fingerprint: the hash's high and low halves mixed, since the low bits of a product mod 2^32 are weak. */
function fold(h: number): number {
  return ((h >>> 16) ^ h) & FINGERPRINT_MASK;
}

function isAlnumOnly(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (!isAlnum(byte)) return false;
  return true;
}
