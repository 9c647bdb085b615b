/**
 * Turning OCR output into base32. Base32 (RFC 4648) has no 0, 1, 8 or 9, so when OCR reads one it is
 * the letter that looks like it: 0 → O, 8 → B, 1 → I (or L in a lower-case key, where `1`, `l` and `I`
 * are the same stroke), 9 → G in lower case (`g`). Digits 2–7 and the letters they resemble (Z/2, S/5,
 * G/6, T/7) are all valid, so those are left to the caller's cross-checks.
 */

/** Characters OCR may return for a printed key, before confusion resolution. */
export const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz2345670189';

const BASE32 = /^[A-Z2-7]+$/;
/** Lengths (mod 8) that no whole number of bytes encodes to. */
const IMPOSSIBLE_REMAINDERS = new Set([1, 3, 6]);
/** 80 bits, the shortest secret sites hand out; 128 characters is far beyond any real one. */
const MIN_CHARS = 16;
const MAX_CHARS = 128;

/**
 * Whether a base32 key can have `length` characters (16–128, and a length some whole number of bytes
 * encodes to).
 *
 * @example
 * plausibleKeyLength(32) // true
 * plausibleKeyLength(25) // false: 25 mod 8 = 1, no byte count encodes to that
 */
export function plausibleKeyLength(length: number): boolean {
  return length >= MIN_CHARS && length <= MAX_CHARS && !IMPOSSIBLE_REMAINDERS.has(length % 8);
}

/** True when most letters are lower case: then `1`, `I` and `|` stand for `l`. */
function isLowerCase(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  const lower = letters.replace(/[^a-z]/g, '').length;
  return lower * 2 > letters.length;
}

/**
 * Maps what OCR read to upper-case base32: drops spaces, dashes and `=` padding and resolves the O/0,
 * I/1/l, B/8 and g/9 look-alikes. The result may still be invalid (check it with {@link isBase32Candidate}).
 *
 * @example
 * resolveConfusions('JBSW Y3DP EHPK 3PX8') // 'JBSWY3DPEHPK3PXB'
 * resolveConfusions('jbsw y3dp 1hpk')      // 'JBSWY3DPLHPK'
 */
export function resolveConfusions(text: string): string {
  const lower = isLowerCase(text);
  let out = '';
  for (const ch of text.replace(/[\s\-–—_.·=]+/g, '')) {
    if (ch === '0' || ch === 'o' || ch === 'Ø' || ch === 'ø') out += 'O';
    else if (ch === '8') out += 'B';
    else if ('1|!lI'.includes(ch)) {
      // A bare vertical stroke: `I` in an upper-case key, `l` in a lower-case one.
      out += lower ? 'L' : 'I';
    } else if (ch === '9') out += lower ? 'G' : '9';
    else if (ch === '$') out += 'S';
    else out += ch.toUpperCase();
  }
  return out;
}

/**
 * Whether text read from an image can be a base32 key once look-alikes are resolved: only base32
 * characters, and a length real keys have.
 *
 * @example
 * isBase32Candidate('JBSW Y3DP EHPK 3PXP') // true
 * isBase32Candidate('Scan the QR code')    // false
 */
export function isBase32Candidate(text: string): boolean {
  const key = resolveConfusions(text);
  return BASE32.test(key) && plausibleKeyLength(key.length);
}

/**
 * How the characters are grouped (`[4, 4, 4, 4]` for `JBSW Y3DP EHPK 3PXP`): a key printed in equal
 * groups whose read-back groups differ in length lost or gained a character.
 *
 * @example
 * groupsAreRegular('JBSW Y3DP EHPK 3PX') // true (the last group may be short)
 * groupsAreRegular('JBSW Y3DDP EHPK')    // false
 */
export function groupsAreRegular(text: string): boolean {
  const groups = text
    .trim()
    .split(/[\s-]+/)
    .filter(Boolean);
  if (groups.length < 2) return true;
  const size = groups[0]?.length ?? 0;
  return groups.every((g, i) =>
    i === groups.length - 1 ? g.length <= size && g.length > 0 : g.length === size,
  );
}

/**
 * Drops what a line crop caught of the label before a grouped key: the colon of `Key:` read as `II`
 * or `l` glued to the first group, or the label's last letters read as a short group of their own
 * (`2y abwx klfv …`). A key's groups start at its first character, so only the first group can be
 * short or long by such a remnant; anything else is left as read.
 *
 * @example
 * trimStrays('IIJBSW Y3DP EHPK 3PXP') // 'JBSW Y3DP EHPK 3PXP'
 * trimStrays('ty jbsw y3dp ehpk 3pxp qrst') // 'jbsw y3dp ehpk 3pxp qrst'
 */
export function trimStrays(text: string): string {
  const groups = text.trim().split(/ +/);
  const [head, ...rest] = groups;
  if (head === undefined || rest.length < 3 || !groupsAreRegular(rest.join(' '))) return text;
  const size = rest[0]?.length ?? 0;
  const extra = head.slice(0, head.length - size);
  const trimmed =
    head.length < size
      ? rest
      : head.length > size && /^[Il1|:!]+$/.test(extra)
        ? [head.slice(extra.length), ...rest]
        : null;
  // A first group that lost a character to OCR is short too: then the whole key is not a key's length.
  return trimmed && plausibleKeyLength(trimmed.join('').length) ? trimmed.join(' ') : text;
}

/** Whether a printed key is upper case, lower case, or could not be told. */
export type LetterCase = 'upper' | 'lower' | 'mixed';

/** What tesseract may output when reading a key of that case (look-alike digits included). */
export const WHITELIST: Record<LetterCase, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ2345670189 ',
  lower: 'abcdefghijklmnopqrstuvwxyz2345670189 ',
  mixed: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz2345670189 ',
};

/**
 * One spelling per look-alike, so readings vote together (0 and O are the same base32 letter) and the
 * letter case matches the key's.
 *
 * @example
 * canonical('0', 'upper') // 'O'
 * canonical('1', 'lower') // 'l'
 */
export function canonical(ch: string, letterCase: LetterCase): string {
  if (ch.length !== 1) return ch;
  const lower = letterCase === 'lower';
  if (ch === '0' || ch === 'o' || ch === 'O') return lower ? 'o' : 'O';
  if (ch === '8') return lower ? 'b' : 'B';
  if ('1|lI'.includes(ch)) return lower ? 'l' : 'I';
  if (ch === '9') return lower ? 'g' : '9';
  if (letterCase === 'upper') return ch.toUpperCase();
  if (lower) return ch.toLowerCase();
  return ch;
}
