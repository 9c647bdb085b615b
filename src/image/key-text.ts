import { KEY_CHARS, plausibleKeyLength, resolveConfusions } from './base32-candidate.js';

/** A run of words on one line that may be a printed key. */
export interface KeySpan {
  /** Index of the line the span is on (the first one, when it continues on the next line). */
  line: number;
  /** Index of the first and one past the last word of the span, on that line. */
  start: number;
  end: number;
  /** Lines the span runs over (2 when a long key wraps). */
  lines: number;
  /** The words as read, joined by single spaces. */
  text: string;
  /** Higher is more key-like (0–1). */
  score: number;
}

/**
 * Words that announce a key on set-up pages. Sources: GitHub ("setup key"), Google ("Enter a setup key",
 * "Can't scan it?"), Microsoft ("Secret key"), AWS ("Show secret key"), Okta ("Can't scan?"), plus the
 * German, French and Spanish pages of the same sites.
 */
const LABEL =
  /\b(key|secret|manual(ly)?|can.?t scan|unable to scan|setup|set-up|code|schl(ü|ue)ssel|geheim|cl(é|e)|secreto|clave|chiave)\b/i;

/**
 * Common short English words: a run of them (`this code with your`) is a sentence, not a key. A random
 * base32 group is an English word far less often than one time in a hundred.
 */
const STOPWORDS = new Set(
  (
    'the this that with your from have into enter scan code codes key keys app apps use used open then ' +
    'type tap copy for and you are can not will when what more less also each only once after before ' +
    'time step steps text setup secret manually account authenticator able unable google microsoft ' +
    'github authentication verify verification continue next back done save show hide learn help ' +
    'instead below above here there these those them they their please make sure sign about enable enabling ' +
    'browser extension factor two password phone device login email onto over under ' +
    'a an as at be by do go if in is it me my no of on or so to up we'
  ).split(' '),
);

const WORD = new RegExp(`^[${KEY_CHARS}|$!]+$`);
/** Lenient mode also takes words with a stray mark OCR added (`Y3DP,` `EHPK]`). */
const LOOSE_WORD = /^[^\s]{1,140}$/;
const ISSUER_LINE = /^\s*(issuer|service|provider|site)\s*[:：]\s*(.+?)\s*$/i;
const ACCOUNT_LINE = /^\s*(account|user(name)?|e-?mail|login|label)\s*[:：]\s*(.+?)\s*$/i;

/** Options for {@link findKeySpans}. */
export interface FindKeyOptions {
  /**
   * Accept runs that are not yet valid keys (12–140 characters, up to a fifth of them outside base32):
   * for finding the line a first OCR pass misread, to read it again more carefully.
   */
  lenient?: boolean;
}

/** Scores one run of words: grouping, digits, case, stopwords. */
function scoreRun(words: string[], labelled: boolean, lenient = false): number {
  const joined = words.join('');
  const key = resolveConfusions(joined);
  const bad = key.replace(/[A-Z2-7]/g, '').length;
  if (lenient) {
    if (key.length < 12 || key.length > 140 || bad * 5 > key.length) return 0;
  } else if (!plausibleKeyLength(key.length) || !/^[A-Z2-9]+$/.test(key)) return 0;
  const lengths = words.map((w) => w.length);
  const first = lengths[0] ?? 0;
  const grouped = lenient
    ? words.length === 1 ||
      lengths.every((l, i) => (i === lengths.length - 1 ? l <= first + 1 : Math.abs(l - first) <= 1))
    : words.length === 1 ||
      (first >= 3 &&
        first <= 8 &&
        lengths.every((l, i) => (i === lengths.length - 1 ? l <= first : l === first)));
  // Printed keys split into equal groups; runs of unequal words are prose, unless OCR broke the groups.
  if (!lenient && !grouped) return 0;
  const stop = words.filter((w) => STOPWORDS.has(w.toLowerCase())).length;
  if (stop > 0 && stop * 4 >= words.length) return 0;
  // Title-case words ("Scan", "Enter") are prose; keys are all upper or all lower case.
  // `I` and `l` are left out: OCR swaps them freely (`Ibbq` is a misread `lbbq`).
  // A misread key can come out in any mix of cases (`XwWUuQ`); only Title-case words are prose then.
  const mixedCase = words.filter((w) =>
    lenient ? /^[A-HJ-Z][a-z]{2,}$/.test(w) : /[A-HJ-Z]/.test(w) && /[a-km-z]/.test(w) && w.length > 1,
  ).length;
  if (!lenient && mixedCase > 0) return 0;
  const digits = (key.match(/[2-7]/g) ?? []).length;
  let score = 0.35;
  // Misreads break the grouping (`XwWUuQ`), so in lenient mode it counts for little and length for more.
  if (grouped) score += lenient ? 0.05 : 0.2;
  if (digits > 0) score += 0.15;
  if (digits === 0 && key.length >= 24) score -= 0.2; // (26/32)^24 ≈ 0.7 %: prose
  // About one base32 character in five is a digit: an ungrouped run with almost none is prose ("… enabling
  // 2FA"). Under 1 in 40 loses 0.5 % of 26-character keys and 0.1 % of 32-character ones.
  // A labelled block of clean characters is exempt (a 16-character key has no digit 3.6 % of the time).
  const cleanBlock = words.length === 1 && bad === 0 && labelled;
  if (lenient && !(grouped && words.length > 1) && !cleanBlock && digits * 40 < key.length) return 0;
  if (labelled) score += 0.2;
  if (words.length === 1 && key.length >= 16) score += 0.05;
  if (lenient) score += Math.min(0.2, key.length / 200); // of two readings of one line, the fuller
  score -= 0.15 * stop + 0.25 * mixedCase;
  return Math.max(0, Math.min(1, score));
}

/**
 * Finds runs of words that look like a printed base32 key (`JBSW Y3DP EHPK 3PXP`, `jbswy3dpehpk3pxp`,
 * `Secret key: JBSW-Y3DP-…`), best first. A key that wraps onto the next line is joined. Works on OCR
 * output and on page text alike.
 *
 * @example
 * findKeySpans(["Can't scan? Enter this key:", 'JBSW Y3DP EHPK 3PXP'])[0]?.text // 'JBSW Y3DP EHPK 3PXP'
 */
export function findKeySpans(lines: readonly string[], opts: FindKeyOptions = {}): KeySpan[] {
  const lenient = opts.lenient === true;
  const word = lenient ? LOOSE_WORD : WORD;
  const words = lines.map(splitWords);
  const spans: KeySpan[] = [];
  for (let line = 0; line < lines.length; line++) {
    const tokens = words[line] ?? [];
    const labelled = LABEL.test(lines[line] ?? '') || LABEL.test(lines[line - 1] ?? '');
    const runs: KeySpan[] = [];
    for (let start = 0; start < tokens.length; start++) {
      for (let stop = start + 1; stop <= tokens.length && word.test(tokens[stop - 1] ?? ''); stop++) {
        const run = tokens.slice(start, stop);
        const score = scoreRun(run, labelled, lenient);
        if (score > 0) runs.push({ line, start, end: stop, lines: 1, text: run.join(' '), score });
        const wrapped =
          score > 0 && stop === tokens.length ? continuation(run, words[line + 1] ?? [], lenient) : null;
        if (wrapped && wrapped.score >= score) runs.push({ line, start, end: stop, ...wrapped });
      }
    }
    // Best runs first (longer on ties), then drop any that overlap one already kept.
    runs.sort((a, b) => b.score - a.score || b.text.length - a.text.length);
    const kept: KeySpan[] = [];
    for (const run of runs) {
      if (kept.every((k) => run.end <= k.start || run.start >= k.end)) kept.push(run);
    }
    spans.push(...kept);
  }
  spans.sort((a, b) => b.score - a.score || b.text.length - a.text.length);
  // A key wrapped over lines k and k+1 and a span found on line k+1 alone are the same key.
  const covers = (a: KeySpan, line: number) => line >= a.line && line < a.line + a.lines;
  return spans.filter(
    (s, i) =>
      !spans
        .slice(0, i)
        .some((t) => (covers(t, s.line) || covers(s, t.line)) && t !== s && overlapsOnLine(t, s)),
  );
}

/** Whether two spans share words (spans on different lines share none unless one wraps). */
function overlapsOnLine(a: KeySpan, b: KeySpan): boolean {
  if (a.line !== b.line) return true;
  return !(a.end <= b.start || a.start >= b.end);
}

/**
 * Whether a word read next to a key is prose or a label (`key:`, `Secret`, `your`) rather than a
 * misread group of the key itself.
 *
 * @example
 * isProse('key:') // true
 * isProse('VJ5]') // false
 */
export function isProse(word: string): boolean {
  const bare = bareWord(word);
  return endsLabel(word) || STOPWORDS.has(bare.toLowerCase()) || /^[A-HJ-Z][a-z]{2,}$/.test(bare);
}

/**
 * Whether a word ends in a label's colon (`key:`, `Schlüssel：`).
 *
 * @example
 * endsLabel('Key:') // true
 */
export function endsLabel(word: string): boolean {
  return /[:：]$/.test(word);
}

/** The word's letters and digits, without the punctuation OCR put around them. */
function bareWord(word: string): string {
  return word.replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Whether a word read before a key's first recognised group may be a misread group of the key: about
 * the groups' length, no stopword, no label colon. `Semy` (for `5cmy`) looks like prose by its case.
 *
 * @example
 * mayBeGroup('Semy', 4) // true
 * mayBeGroup('key:', 4) // false
 */
export function mayBeGroup(word: string, size: number): boolean {
  const bare = bareWord(word);
  return !endsLabel(word) && !STOPWORDS.has(bare.toLowerCase()) && Math.abs(bare.length - size) <= 1;
}

/** Words of a line with dashes treated as spaces (`JBSW-Y3DP`) and surrounding punctuation dropped. */
function splitWords(line: string): string[] {
  return line
    .split(/[\s\-–—]+/)
    .map((w) => w.replace(/^[("'“«[]+|[)"'”»\].,;:]+$/g, ''))
    .filter(Boolean);
}

/** A key whose groups run on to the next line: keep them together when the next line is all groups. */
function continuation(
  run: string[],
  next: string[],
  lenient: boolean,
): { lines: number; text: string; score: number } | null {
  if (next.length === 0 || !next.every((w) => (lenient ? LOOSE_WORD : WORD).test(w))) return null;
  const words = [...run, ...next];
  const score = scoreRun(words, true, lenient);
  return score > 0 ? { lines: 2, text: words.join(' '), score } : null;
}

/**
 * Issuer and account printed next to a key ("Issuer: GitHub", "Account: octocat"), if any.
 *
 * @example
 * findLabels(['Account: octocat', 'Issuer: GitHub']) // { issuer: 'GitHub', account: 'octocat' }
 */
export function findLabels(lines: readonly string[]): { issuer: string; account: string } {
  let issuer = '';
  let account = '';
  for (const line of lines) {
    const i = ISSUER_LINE.exec(line);
    if (i && !issuer) issuer = (i[2] ?? '').slice(0, 100);
    const a = ACCOUNT_LINE.exec(line);
    if (a && !account) account = (a[3] ?? '').slice(0, 200);
  }
  return { issuer, account };
}
