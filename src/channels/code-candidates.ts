/**
 * Finds everything in a message that could be a one-time code, before any scoring: digit runs of 4–8,
 * digit codes printed in two groups (`123-456`, `1234 5678`), label-prefixed codes (`G-482913`) and
 * upper-case letter/digit codes (`F4K2B`, `X7K-9P2`) and letter-only codes (`QWHKZD`, `KGPS-WWHK`). Dates, times, decimals, prices, phone numbers,
 * URLs, e-mail addresses and US ZIP codes never become candidates.
 */

/** How a candidate was written; scoring trusts the forms differently. */
export type CodeForm = 'digits' | 'grouped' | 'prefixed' | 'alnum' | 'letters';

export interface CodeCandidate {
  /** The code to type: the characters as printed, group separators and label prefixes left out. */
  value: string;
  /** Offsets of the printed code (prefix excluded) in the scanned text. */
  start: number;
  end: number;
  form: CodeForm;
}

/**
 * Spans blanked out before scanning. Blanking (rather than deleting) keeps offsets, so distances to
 * keywords stay true.
 */
const MASKS: readonly RegExp[] = [
  /\b(?:https?|ftp):\/\/[^\s<>"']+/gi,
  /\bwww\.[^\s<>"']+/gi,
  // Phone numbers: international, (area) local, US 555-123-4567 / 1-800-…, European trunk-prefixed.
  /\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{1,4}){1,4}(?!\d)/g,
  /\+\d{8,15}(?!\d)/g,
  /\(\d{2,4}\) ?\d{3,4}[ .-]?\d{3,4}(?!\d)/g,
  /(?<!\d)\d{3}[.-]\d{3}[.-]\d{4}(?!\d)/g,
  /(?<!\d)1[ .-]\d{3}[ .-]\d{3}[ .-]\d{4}(?!\d)/g,
  /(?<![\d.,])0\d{2,4}[ /-]\d{3,4}[ -]?\d{2,4}(?!\d)/g,
  // US state + ZIP ("Mountain View, CA 94043").
  /\b[A-Z]{2} \d{5}(?:-\d{4})?(?!\d)/g,
  // European "street number, postcode city" ("Musterstraße 1, 10115 Berlin", "12 rue X, 75008 Paris").
  /(?<=\d[a-z]?, ?)\d{4,5}(?= \p{Lu}\p{Ll})/gu,
  // IPv6 addresses ("2001:db8:85a3::8a2e:370:7334"): three or more colon-joined hex groups. Bounded
  // repetition and the look-behind keep this linear on long hex runs.
  /(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{1,4}(?![0-9a-f:])/gi,
  // Colours and other `#`-numbers.
  /#[0-9a-f]{3,8}\b/gi,
];

/**
 * `text` with URLs, e-mail addresses, phone numbers and ZIP codes replaced by spaces of the same length.
 *
 * @example
 * maskNonCodes('Call +1 555 123 4567'); // 'Call                '
 */
export function maskNonCodes(text: string): string {
  let masked = maskEmailAddresses(text);
  for (const pattern of MASKS) masked = masked.replace(pattern, (span) => ' '.repeat(span.length));
  return masked;
}

const LOCAL_CHAR = /[\w.+-]/;
const DOMAIN_CHAR = /[\w.-]/;

/**
 * E-mail addresses blanked, found from each `@` outwards. A pattern like `[\w.+-]+@[\w-]+(?:\.[\w-]+)+`
 * retries from every letter of a long run without `@` — quadratic: 60 KB of letters froze the relay for
 * seconds (issue #21). Here each character is looked at a bounded number of times.
 */
function maskEmailAddresses(text: string): string {
  let out = '';
  let copied = 0;
  let searchFrom = 0;
  for (;;) {
    const at = text.indexOf('@', searchFrom);
    if (at === -1) break;
    let start = at;
    while (start > copied && start > at - 64 && LOCAL_CHAR.test(text[start - 1] as string)) start--;
    let end = at + 1;
    while (end < text.length && end < at + 256 && DOMAIN_CHAR.test(text[end] as string)) end++;
    while (end > at + 1 && text[end - 1] === '.') end--;
    const domain = text.slice(at + 1, end);
    searchFrom = Math.max(end, at + 1);
    if (start === at || !/^[\w-]+(?:\.[\w-]+)+$/.test(domain)) continue;
    out += text.slice(copied, start) + ' '.repeat(end - start);
    copied = end;
  }
  return out + text.slice(copied);
}

/** Letters of scripts with spaces between words; digits glued to them are part of a word, not a code. */
const WORD_CHAR = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}_]/u;
const NEVER_BEFORE = /[+#@/\\=&%$€£¥₹₩₽¢]/;
const NEVER_AFTER = /[%$€£¥₹₩₽¢@]/;
const CURRENCY_AFTER =
  /^ ?(?:usd|eur|gbp|chf|jpy|cny|inr|cad|aud|sek|nok|dkk|pln|czk|zł|kr|kč|руб|円|元|원)(?![\p{L}])/iu;
const CURRENCY_BEFORE = /(?<![\p{L}])(?:usd|eur|gbp|chf|jpy|inr|cad|aud|rs\.?|r\$|rp) ?$/iu;
/** Separators that chain digit runs into one number: dates, times, decimals, versions, IPs. */
const CHAIN_SEPARATORS = new Set(['-', '.', '/', ':', ',']);

interface Chain {
  start: number;
  end: number;
  runs: string[];
  separators: string[];
}

/** Digit runs joined by single separators ("2024-05-01", "1,299.00", "0800 123 4567") as one chain. */
function digitChains(text: string): Chain[] {
  const chains: Chain[] = [];
  let current: Chain | null = null;
  for (const match of text.matchAll(/[0-9]+/g)) {
    const run = match[0];
    const start = match.index;
    const previous = current?.runs.at(-1);
    if (current && previous !== undefined && start === current.end + 1) {
      const separator = text[current.end] ?? '';
      // Spaces chain short groups only, so "482913 10 minutes" stays two numbers.
      const joins =
        CHAIN_SEPARATORS.has(separator) || (separator === ' ' && previous.length <= 4 && run.length <= 4);
      if (joins) {
        current.runs.push(run);
        current.separators.push(separator);
        current.end = start + run.length;
        continue;
      }
    }
    current = { start, end: start + run.length, runs: [run], separators: [] };
    chains.push(current);
  }
  return chains;
}

function digitCandidate(text: string, chain: Chain): CodeCandidate | null {
  const before = text[chain.start - 1] ?? '';
  const after = text[chain.end] ?? '';
  if (
    WORD_CHAR.test(before) ||
    WORD_CHAR.test(after) ||
    NEVER_BEFORE.test(before) ||
    NEVER_AFTER.test(after)
  ) {
    return null;
  }
  if (CURRENCY_AFTER.test(text.slice(chain.end, chain.end + 5))) return null;
  if (CURRENCY_BEFORE.test(text.slice(Math.max(0, chain.start - 4), chain.start))) return null;
  if (after === '-' && /[\p{L}\p{N}]/u.test(text[chain.end + 1] ?? '')) return null;
  const { runs, separators, start, end } = chain;
  const [first, second] = runs;
  if (first === undefined) return null;
  if (runs.length === 1) {
    if (first.length < 4 || first.length > 8) return null;
    if (before === '-') {
      // A short upper-case label: Google's "G-482913", Facebook's "FB-48291". The site wants the digits.
      const label = /(?<![\p{L}\p{N}])[A-Z]{1,3}-$/u.test(text.slice(Math.max(0, start - 5), start));
      return label ? { value: first, start, end, form: 'prefixed' } : null;
    }
    return { value: first, start, end, form: 'digits' };
  }
  const grouped =
    runs.length === 2 &&
    second !== undefined &&
    (separators[0] === '-' || separators[0] === ' ') &&
    first.length === second.length &&
    (first.length === 3 || first.length === 4) &&
    before !== '-';
  return grouped ? { value: first + second, start, end, form: 'grouped' } : null;
}

/** Upper-case letter+digit tokens; the second group is optional ("X7K-9P2"). */
const ALNUM = /(?<![\p{L}\p{N}_-])[A-Z0-9]{2,10}(?:-[A-Z0-9]{2,10})?(?![\p{L}\p{N}_]|-[\p{L}\p{N}])/gu;
/** Technical names and units that look like codes: SHA256, UTF8, H264, 10AM, 512MB, 4K. */
const NOT_ALNUM_CODE =
  /^(?:(?:SHA|MD|AES|RSA|UTF|ISO|RFC|IPV|HTTP|TLS|SSL|ES|ECMA|GPT|MP|PS|USB|COVID|WIN|IOS|HDMI|DDR|LTE|H|X|V|Q|FY|CVE)[0-9-]*|[0-9]+(?:AM|PM|MB|GB|KB|TB|HZ|MHZ|GHZ|KM|KG|MP|PX|ST|ND|RD|TH|[A-Z]))$/;

function alnumCandidates(text: string): CodeCandidate[] {
  const found: CodeCandidate[] = [];
  for (const match of text.matchAll(ALNUM)) {
    const token = match[0];
    const value = token.replace('-', '');
    if (value.length < 4 || !/[A-Z]/.test(value)) continue;
    if (!/[0-9]/.test(value)) {
      // Letters only: ZITADEL's `QWHKZD`, django-allauth's `KGPS-WWHK`. Shorter all-caps tokens are words
      // ("FREE", "STOP", "CLAIM"); scoring still asks for a code word right before these.
      const groups = token.split('-');
      if (value.length >= 6 && groups.every((group) => group.length >= 3))
        found.push({ value, start: match.index, end: match.index + token.length, form: 'letters' });
      continue;
    }
    // `G-482913` is a label and a digit code (found as such); `ABC-123` is one letter+digit code.
    if (/^[A-Z]{1,3}-[0-9]{4,8}$/.test(token) || NOT_ALNUM_CODE.test(token)) continue;
    found.push({ value, start: match.index, end: match.index + token.length, form: 'alnum' });
  }
  return found;
}

/**
 * Every code-shaped token of `text` (already masked with {@link maskNonCodes}), in text order.
 *
 * @example
 * codeCandidates('Use G-482913 or ABC-123, not 2024-05-01'); // values '482913', 'ABC123'
 */
export function codeCandidates(text: string): CodeCandidate[] {
  const digits = digitChains(text)
    .map((chain) => digitCandidate(text, chain))
    .filter((candidate): candidate is CodeCandidate => candidate !== null);
  return [...digits, ...alnumCandidates(text)].sort((a, b) => a.start - b.start);
}
