import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Values shorter than this are not scrubbed: a 3-character value matches everywhere and hides nothing. */
export const MIN_REDACTED_LENGTH = 4;

/** What a scrubbed value becomes: the same number of bytes, so offsets and JSON stay valid. */
const MASK_BYTE = 0x2a; // '*'

// Rabin–Karp over bytes, modulo a Mersenne prime so products stay below 2^53 in plain numbers.
const PRIME = 2147483647;
/** A fingerprint keeps only this many bits: enough to skip almost every window, too few to name a value. */
const FINGERPRINT_BITS = 16;
const FINGERPRINT_MASK = (1 << FINGERPRINT_BITS) - 1;

interface LengthTable {
  /** One bit per 16-bit fingerprint of a handled form of this byte length. */
  bits: Uint8Array;
  /** Salted SHA-256 of each form, hex. */
  hashes: Set<string>;
  /** Forms made only of letters and digits must stand alone (see {@link isToken}). */
  tokenHashes: Set<string>;
  /** base^(length-1) mod PRIME, to drop the byte leaving the window. */
  lead: number;
}

/** A byte range [start, end) of a buffer that holds a handled value. */
export type Range = readonly [start: number, end: number];

function isAlnum(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * Codes and keys made of letters and digits are scrubbed only where they stand alone, not inside a longer
 * run: a code `000000` is scrubbed in `"value":"000000"` or `otp=000000&`, never inside `1000000` or a
 * timestamp. Values with other characters (passwords) are scrubbed wherever they occur.
 */
function isToken(buffer: Uint8Array, start: number, end: number): boolean {
  return !isAlnum(buffer[start - 1]) && !isAlnum(buffer[end]);
}

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
 * artifact of ours never holds them. Finding them in an artifact slides a keyed rolling hash over the bytes
 * and confirms each fingerprint hit with the salted hash.
 *
 * @example
 * const registry = new RedactionRegistry();
 * registry.add(code);
 * registry.redact(buffer); // → number of ranges masked in place
 */
export class RedactionRegistry {
  readonly #salt = randomBytes(16);
  readonly #base = randomInt(256, 1 << 20);
  readonly #tables = new Map<number, LengthTable>();
  #count = 0;

  /** How many distinct values were added. */
  get size(): number {
    return this.#count;
  }

  /** Marks a value (and its encoded forms) as one to scrub. Short and empty values are ignored. */
  add(value: string | undefined | null): void {
    if (!value || value.length < MIN_REDACTED_LENGTH) return;
    const token = /^[A-Za-z0-9]+$/.test(value);
    let added = false;
    for (const form of formsOf(value)) {
      const table = this.#table(form.length);
      const hash = this.#hash(form, 0, form.length);
      const into = token && isAlnumOnly(form) ? table.tokenHashes : table.hashes;
      if (into.has(hash)) continue;
      into.add(hash);
      const fingerprint = this.#fingerprint(form) & FINGERPRINT_MASK;
      table.bits[fingerprint >> 3] = (table.bits[fingerprint >> 3] ?? 0) | (1 << (fingerprint & 7));
      added = true;
    }
    if (added) this.#count++;
  }

  /** The byte ranges of `buffer` holding a handled value, sorted, overlaps merged. */
  find(buffer: Uint8Array): Range[] {
    const ranges: [number, number][] = [];
    for (const [length, table] of this.#tables) this.#scan(buffer, length, table, ranges);
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
      for (let i = 1; i < length; i++) lead = (lead * this.#base) % PRIME;
      table = {
        bits: new Uint8Array(1 << (FINGERPRINT_BITS - 3)),
        hashes: new Set(),
        tokenHashes: new Set(),
        lead,
      };
      this.#tables.set(length, table);
    }
    return table;
  }

  #hash(buffer: Uint8Array, start: number, end: number): string {
    return createHash('sha256').update(this.#salt).update(buffer.subarray(start, end)).digest('hex');
  }

  #fingerprint(bytes: Uint8Array): number {
    let h = 0;
    for (const byte of bytes) h = (h * this.#base + byte) % PRIME;
    return h;
  }

  #scan(buffer: Uint8Array, length: number, table: LengthTable, out: [number, number][]): void {
    if (buffer.length < length) return;
    const { bits, lead } = table;
    const base = this.#base;
    let h = 0;
    for (let i = 0; i < length; i++) h = (h * base + (buffer[i] as number)) % PRIME;
    for (let start = 0; ; start++) {
      const f = h & FINGERPRINT_MASK;
      if (((bits[f >> 3] as number) >> (f & 7)) & 1) this.#confirm(buffer, start, length, table, out);
      const next = start + length;
      if (next >= buffer.length) break;
      h = (h - (((buffer[start] as number) * lead) % PRIME) + PRIME) % PRIME;
      h = (h * base + (buffer[next] as number)) % PRIME;
    }
  }

  #confirm(buffer: Uint8Array, start: number, length: number, table: LengthTable, out: [number, number][]) {
    const end = start + length;
    const hash = this.#hash(buffer, start, end);
    if (table.hashes.has(hash) || (table.tokenHashes.has(hash) && isToken(buffer, start, end))) {
      out.push([start, end]);
    }
  }
}

function isAlnumOnly(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (!isAlnum(byte)) return false;
  return true;
}
