/**
 * Code extraction from free text: a whole e-mail (HTML or text) or an SMS body in, the one-time code out.
 * Candidates come from code-candidates.ts; here each is scored by its shape and by its distance to words
 * like "code", "Bestätigungscode" or "验证码" (code-words.ts), and numbers that read as order numbers,
 * years, addresses or amounts are pushed out.
 */
import { TwoFactorError } from '../errors.js';
import { type CodeCandidate, type CodeForm, codeCandidates, maskNonCodes } from './code-candidates.js';
import { CODE_WORDS, MONTH_WORDS, NOT_CODE_PHRASES, NOT_CODE_WORDS } from './code-words.js';
import { htmlToText, looksLikeHtml, normalizeText } from './html-text.js';
import { findWords, type WordHit, wordsPattern } from './word-patterns.js';

export { type ExtractLinkOptions, extractLink } from './extract-link.js';

export interface ExtractCodeOptions {
  /** Only codes of exactly this many characters (separators such as the dash in `123-456` not counted). */
  length?: number | null;
}

const ALL_CODE_WORDS = Object.values(CODE_WORDS).flat();
const STRONG_WORDS = new Set(
  ALL_CODE_WORDS.filter(([, weight]) => weight === 2).map(([w]) => w.toLowerCase()),
);
const CODE_WORD = wordsPattern(
  ALL_CODE_WORDS.filter(([, , exact]) => !exact).map(([word]) => word),
  'giu',
);
const EXACT_CODE_WORD = wordsPattern(
  ALL_CODE_WORDS.filter(([, , exact]) => exact).map(([word]) => word),
  'gu',
);
const NOT_CODE_PHRASE = wordsPattern(NOT_CODE_PHRASES, 'giu');
const NOT_CODE_WORD = wordsPattern([...NOT_CODE_WORDS, ...NOT_CODE_PHRASES], 'giu');
const MONTH = wordsPattern(MONTH_WORDS, 'iu');
/** Footer and address lines: company addresses and copyright years are full of 4–5 digit numbers. */
const FOOTER_LINE =
  /©|\(c\) ?\d{4}|copyright|all rights reserved|unsubscribe|(?<![\p{L}])(?:street|st\.|avenue|ave\.|road|rd\.|blvd|boulevard|suite|floor|p\.? ?o\.? box|parkway|pkwy|gmbh|inc\.|llc|ltd\.?|corp\.|rue|calle)(?![\p{L}])|(?:straße|strasse|str\.|platz|allee|gasse)(?![\p{L}])/iu;
/** A sentence or line ends between a number and a word: the word no longer describes the number. */
const BREAK = /[.!?。！？]\s|\n/;
/** Sentence ends only; a line break alone does not end one ("Your code:\n\n482913"). */
const SENTENCE_END = /[.!?。！？]\s/;
/** Up to an SMS or two: without any code word, a lone number in a text this short is still the code. */
const SHORT_TEXT = 200;
/** Codes sit near the top; scanning stops here so a 10 MB newsletter costs milliseconds. */
const MAX_INPUT = 2_000_000;
const MAX_SCAN = 100_000;
const SHAPE_SCORE: Readonly<Record<CodeForm, number>> = { digits: 2, grouped: 3, prefixed: 4, alnum: 0 };
/** Penalty that rules a candidate out whatever its other points. */
const EXCLUDED = 1000;

interface Context {
  text: string;
  keywords: WordHit[];
  /** Every candidate, in text order (a code word belongs to the number nearest to it). */
  candidates: CodeCandidate[];
}

/** True when some other candidate lies inside [from, to). Candidates are sorted by start. */
function candidateWithin(candidates: readonly CodeCandidate[], from: number, to: number): boolean {
  let low = 0;
  let high = candidates.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((candidates[mid]?.start ?? 0) < from) low = mid + 1;
    else high = mid;
  }
  const next = candidates[low];
  return next !== undefined && next.end <= to;
}

/** Points for a code word at `distance` characters; the table is what made the fixtures pass, not theory. */
function proximity(distance: number): number {
  if (distance <= 24) return 10;
  if (distance <= 60) return 8;
  if (distance <= 120) return 5;
  if (distance <= 240) return 3;
  if (distance <= 480) return 1;
  return 0;
}

function keywordScore(candidate: CodeCandidate, { text, keywords, candidates }: Context): number {
  let best = 0;
  for (const hit of keywords) {
    const before = hit.end <= candidate.start;
    const distance = before ? candidate.start - hit.end : Math.max(0, hit.start - candidate.end);
    if (proximity(distance) === 0) continue;
    const between = before ? text.slice(hit.end, candidate.start) : text.slice(candidate.end, hit.start);
    // A code word in another sentence describes the code less surely than one in the same sentence.
    const sentence = SENTENCE_END.test(between) ? 0.6 : 1;
    // "10115 Berlin Use 9044 to sign in": the code word describes 9044, the number next to it.
    const [from, to] = before ? [hit.end, candidate.start] : [candidate.end, hit.start];
    const claimed = candidateWithin(candidates, from, to) ? 0.5 : 1;
    const weight = STRONG_WORDS.has(hit.word) ? 1 : 0.6;
    // "Your code is 482913" reads more surely than "482913 … code" with other words in between.
    best = Math.max(best, proximity(distance) * weight * sentence * claimed + (before ? 0.5 : 0));
  }
  return best;
}

/** A code word between `from` and `to`: the number is described by it, not by an earlier word. */
function keywordBetween(keywords: readonly WordHit[], from: number, to: number): boolean {
  return keywords.some((hit) => hit.start >= from && hit.end <= to);
}

/**
 * "Order #12345678", "account ending in 4242", "482913 is your order number": a not-a-code word right
 * before or after the number, with no sentence break and no code word in between.
 */
function describedAsOther(candidate: CodeCandidate, { text, keywords }: Context): boolean {
  const from = Math.max(0, candidate.start - 28);
  const before = [...text.slice(from, candidate.start).matchAll(NOT_CODE_WORD)].at(-1);
  if (before) {
    const gapStart = from + before.index + before[0].length;
    const gap = text.slice(gapStart, candidate.start);
    if (gap.length <= 24 && !BREAK.test(gap) && !keywordBetween(keywords, gapStart, candidate.start))
      return true;
  }
  const window = text.slice(candidate.end, candidate.end + 24);
  const after = [...window.matchAll(NOT_CODE_WORD)][0];
  if (after) {
    const gap = window.slice(0, after.index);
    if (!BREAK.test(gap) && !keywordBetween(keywords, candidate.end, candidate.end + after.index))
      return true;
  }
  return false;
}

/** Bounds of the line around a candidate, at most `reach` characters each way (long one-line texts stay cheap). */
function lineBounds(text: string, candidate: CodeCandidate, reach: number): [number, number] {
  const start = Math.max(candidate.start - reach, text.lastIndexOf('\n', candidate.start - 1) + 1, 0);
  const newline = text.indexOf('\n', candidate.end);
  return [start, Math.min(candidate.end + reach, newline === -1 ? text.length : newline)];
}

/** Bounds of the sentence around a candidate: an SMS is one line, but its footer is a sentence of its own. */
function clauseBounds(text: string, candidate: CodeCandidate): [number, number] {
  const [start, end] = lineBounds(text, candidate, 160);
  const head = text.slice(start, candidate.start);
  const breaks = [...head.matchAll(new RegExp(SENTENCE_END.source, 'g'))].at(-1);
  const tail = SENTENCE_END.exec(text.slice(candidate.end, end));
  return [breaks ? start + breaks.index + breaks[0].length : start, tail ? candidate.end + tail.index : end];
}

function penalties(candidate: CodeCandidate, context: Context, keywords: number): number {
  const { text } = context;
  const { value, form } = candidate;
  if (describedAsOther(candidate, context)) return EXCLUDED;
  let penalty = 0;
  if (form === 'digits' && /^(?:19|20)\d{2}$/.test(value)) {
    const around = text.slice(Math.max(0, candidate.start - 16), candidate.end + 16);
    if (MONTH.test(around) || /[年©]/.test(around)) return EXCLUDED;
    penalty += 4; // a year, unless a code word sits right next to it
  }
  if (form === 'digits' && /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(value))
    penalty += 2;
  // A company address in the footer; an SMS like "Acme Inc.: your code is 4829" keeps its code.
  const [start, end] = clauseBounds(text, candidate);
  const described = keywords >= 6 && keywordBetween(context.keywords, start, end);
  if (FOOTER_LINE.test(text.slice(start, end)) && !described) return EXCLUDED;
  return penalty;
}

interface Scored {
  candidate: CodeCandidate;
  score: number;
  keywords: number;
}

function score(candidate: CodeCandidate, context: Context): Scored {
  const keywords = keywordScore(candidate, context);
  const line = context.text.slice(...lineBounds(context.text, candidate, 8)).trim();
  // HTML mails print the code big, alone in its own block.
  const alone = line.length <= candidate.end - candidate.start + 2 ? 2 : 0;
  const lengthFit = candidate.value.length === 6 ? 1 : 0;
  const total =
    SHAPE_SCORE[candidate.form] + lengthFit + keywords + alone - penalties(candidate, context, keywords);
  return { candidate, score: total, keywords };
}

function acceptable(
  { candidate, score, keywords }: Scored,
  textLength: number,
  competitors: number,
): boolean {
  // Letter+digit tokens are everywhere (SKUs, model names): only one a code word points at counts.
  if (candidate.form === 'alnum') return keywords >= 3 && score >= 6;
  if (keywords > 0) return score >= 4;
  return textLength <= SHORT_TEXT && competitors === 1 && score >= 2;
}

function checkLength(length: number | null | undefined): void {
  if (length === undefined || length === null) return;
  if (!Number.isInteger(length) || length < 1 || length > 32) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`length\` to be an integer from 1 to 32, got ${length}.`,
    );
  }
}

/**
 * Scannable text: HTML rendered to text, entities decoded, whitespace tidied. Exported for sources that
 * want to show or log a message's shape (never its code).
 *
 * @example
 * messageText('<p>Code:&nbsp;<b>482913</b></p>'); // 'Code: 482913'
 */
export function messageText(input: string): string {
  const head = input.slice(0, MAX_INPUT);
  return (looksLikeHtml(head) ? htmlToText(head) : normalizeText(head)).slice(0, MAX_SCAN);
}

/**
 * The one-time code in a message, or `null` when there is none.
 *
 * Takes a whole e-mail (HTML or text) or an SMS body. Finds 4–8 digit codes, digit codes printed in
 * groups, label-prefixed codes and upper-case letter+digit codes; ignores dates, times, phone numbers,
 * prices, order/reference/account numbers, ZIP codes, years and footer addresses; and when there are
 * several, takes the one nearest to a word like "code", "verification", "OTP", "Bestätigungscode",
 * "código", "код", "验证码", "認証コード" or "인증번호".
 *
 * The result is always the characters of the message, in order, with exactly two liberties, both so the
 * code can be typed into the site's input as is: a code printed in groups loses its separator
 * (`123-456` → `123456`, `1234 5678` → `12345678`, `X7K-9P2` → `X7K9P2`) and a short label prefix is
 * left out (`G-482913` → `482913`, as Google's own input shows the `G-`).
 *
 * @example
 * extractCode('G-482913 is your Google verification code.'); // '482913'
 * extractCode('Order #55501234 shipped. Your code: 123-456'); // '123456'
 * extractCode('Ihr Bestätigungscode lautet 771204', { length: 6 }); // '771204'
 * extractCode('Thanks for your order of $1,299.00 on 05/01/2024'); // null
 */
export function extractCode(text: string, opts: ExtractCodeOptions = {}): string | null {
  checkLength(opts.length);
  const readable = messageText(text);
  const masked = maskNonCodes(readable);
  // "promo code", "zip code": blanked so their "code" does not count as a code word.
  const keywordText = masked.replace(NOT_CODE_PHRASE, (span) => ' '.repeat(span.length));
  const keywords = [...findWords(keywordText, CODE_WORD), ...findWords(keywordText, EXACT_CODE_WORD)];
  const all = codeCandidates(masked);
  const context: Context = { text: masked, keywords, candidates: all };
  const candidates = all.filter(
    (candidate) =>
      opts.length === undefined || opts.length === null || candidate.value.length === opts.length,
  );
  const scored = candidates
    .map((candidate) => score(candidate, context))
    .filter((s) => s.score > -EXCLUDED / 2);
  const competitors = new Set(scored.map((s) => s.candidate.value)).size;
  const accepted = scored.filter((s) => acceptable(s, readable.length, competitors));
  // Highest score wins; on a tie the earlier one (subject and first lines come first).
  accepted.sort((a, b) => b.score - a.score || a.candidate.start - b.candidate.start);
  return accepted[0]?.candidate.value ?? null;
}
