/**
 * Scoring of code candidates: each by its shape and by its distance to words like "code",
 * "Bestätigungscode" or "验证码" (code-words.ts); numbers that read as order numbers, years, addresses or
 * amounts are pushed out. Pure functions over the scanned text; extract.ts decides what to answer.
 */
import type { CodeCandidate, CodeForm } from './code-candidates.js';
import { CODE_WORDS, MONTH_WORDS, NOT_CODE_PHRASES, NOT_CODE_WORDS } from './code-words.js';
import { findWords, type WordHit, wordsPattern } from './word-patterns.js';

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
/** A time unit right after a number makes it a duration ("expires in 1440 minutes"). */
const UNIT_AFTER =
  /^ ?(?:(?:minutes?|mins?|minuten|minutos?|minuti|minuty?|minut|minuut|dakika|минут[ауы]?|хвилин|hours?|hrs?|stunden?|heures?|horas?|ore|uur|saat|час(?:а|ов)?|days?|tage?n?|jours?|días?|dias?|giorni|dagen|dni|gün|дн(?:я|ей)|дней|seconds?|secs?|sekunden?|secondes?|segundos?|секунд[аы]?)(?![\p{L}])|分钟|分鐘|分|秒|時間|小时|小時|天|日間|분|시간|초)/iu;
/** Up to an SMS or two: without any code word, a lone number in a text this short is still the code. */
const SHORT_TEXT = 200;
const SHAPE_SCORE: Readonly<Record<CodeForm, number>> = {
  digits: 2,
  grouped: 3,
  prefixed: 4,
  alnum: 0,
  letters: 0,
};
/**
 * Code words that name the code itself ("Code", "Kod", "OTP", "验证码"), as opposed to verbs ("verify",
 * "authenticate"): only these, right before it, make an all-letter token a code.
 */
const CODE_NOUN =
  /cod|kod|код|kóð|koodi|kode|コード|码|碼|코드|번호|otp|pin|tan|passcode|password|パスワード|密码|şifre|senha|contraseña|wachtwoord|hasło|пароль/i;
/** How close a code word must be before an all-letter code, and before a number that reads as a year. */
const NEXT_TO = 24;
/** Penalty that rules a candidate out whatever its other points. */
const EXCLUDED = 1000;

interface Context {
  text: string;
  keywords: WordHit[];
  /** Not-a-code words ("order", "account", "ref") of the whole text, in text order: found once. */
  others: WordHit[];
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

/** Index of the first keyword starting at or after `offset` (keywords are sorted by start). */
function firstKeywordFrom(keywords: readonly WordHit[], offset: number): number {
  let low = 0;
  let high = keywords.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((keywords[mid]?.start ?? 0) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Longer than any entry of the word tables: a keyword ending within reach starts no earlier than this. */
const LONGEST_WORD = 64;

/** Farthest a code word still counts from (see proximity); only keywords this close are looked at. */
const REACH = 480;

function keywordScore(candidate: CodeCandidate, { text, keywords, candidates }: Context): number {
  let best = 0;
  // Only the keywords within reach: a text with thousands of numbers and code words stays linear.
  for (let i = firstKeywordFrom(keywords, candidate.start - REACH - LONGEST_WORD); i < keywords.length; i++) {
    const hit = keywords[i] as WordHit;
    if (hit.start > candidate.end + REACH) break;
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
  for (let i = firstKeywordFrom(keywords, from); i < keywords.length; i++) {
    const hit = keywords[i] as WordHit;
    if (hit.start >= to) return false;
    if (hit.end <= to) return true;
  }
  return false;
}

/**
 * "Order #12345678", "account ending in 4242", "482913 is your order number": a not-a-code word right
 * before or after the number, with no sentence break and no code word in between.
 */
/**
 * "Text FA to 87121", "txt ansr to 82277", "send STOP to 62468": an SMS short code to write to, not a
 * code to type.
 */
const SHORT_CODE_BEFORE =
  /(?<![\p{L}])(?:te?xt|sms|send|reply|rply)(?![\p{L}])[^.!?\n]{0,40}(?<![\p{L}])to(?: no\.?:?)?\s*$/iu;

function describedAsOther(candidate: CodeCandidate, { text, keywords, others }: Context): boolean {
  if (SHORT_CODE_BEFORE.test(text.slice(Math.max(0, candidate.start - 60), candidate.start))) return true;
  // The nearest not-a-code word ending before the number (within 28 characters) and the first one
  // starting after it (within 24), looked up in the hits of the whole text.
  let i = firstKeywordFrom(others, candidate.start - 28 - LONGEST_WORD);
  let before: WordHit | undefined;
  for (; i < others.length; i++) {
    const hit = others[i] as WordHit;
    if (hit.start >= candidate.start) break;
    if (hit.end <= candidate.start && hit.start >= candidate.start - 28) before = hit;
  }
  if (before) {
    const gap = text.slice(before.end, candidate.start);
    if (gap.length <= 24 && !BREAK.test(gap) && !keywordBetween(keywords, before.end, candidate.start))
      return true;
  }
  for (; i < others.length; i++) {
    const hit = others[i] as WordHit;
    if (hit.start < candidate.end) continue;
    if (hit.end > candidate.end + 24) break;
    const gap = text.slice(candidate.end, hit.start);
    return !BREAK.test(gap) && !keywordBetween(keywords, candidate.end, hit.start);
  }
  return false;
}

/** Bounds of the line around a candidate, at most `reach` characters each way (long one-line texts stay cheap). */
function lineBounds(text: string, candidate: CodeCandidate, reach: number): [number, number] {
  const from = Math.max(0, candidate.start - reach);
  // Searched in the window only: lastIndexOf on a 100 KB line would walk back over all of it per number.
  const before = text.slice(from, candidate.start).lastIndexOf('\n');
  const after = text.slice(candidate.end, candidate.end + reach).indexOf('\n');
  return [
    before === -1 ? from : from + before + 1,
    after === -1 ? Math.min(text.length, candidate.end + reach) : candidate.end + after,
  ];
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
  // "in 1440 Minuten", "valid for 30 days", "5分钟": a duration.
  if (UNIT_AFTER.test(text.slice(candidate.end, candidate.end + 12))) return EXCLUDED;
  let penalty = 0;
  if (form === 'digits' && /^(?:19|20)\d{2}$/.test(value)) {
    const around = text.slice(Math.max(0, candidate.start - 16), candidate.end + 16);
    if (MONTH.test(around) || /[年©]/.test(around)) return EXCLUDED;
    // "Acme Portal 2021", "© 2021": a year, unless a code word names it ("Your code: 2021").
    if (!namedBefore(candidate, context, false)) return EXCLUDED;
    penalty += 2;
  }
  if (form === 'digits' && /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(value))
    penalty += 2;
  // A company address in the footer; an SMS like "Acme Inc.: your code is 4829" keeps its code.
  const [start, end] = clauseBounds(text, candidate);
  const described = keywords >= 6 && keywordBetween(context.keywords, start, end);
  if (FOOTER_LINE.test(text.slice(start, end)) && !described) return EXCLUDED;
  return penalty;
}

/** The gap between a code word and the code it names: separators and a copula ("code is", "验证码为"). */
const NAMING_GAP = /^[\s:：(（"'“「=-]*(?:is|ist|est|es|é|è|は|为|為|是|:)?[\s:：(（"'“「]*$/iu;

function names(hit: WordHit, nounOnly: boolean): boolean {
  return !nounOnly || STRONG_WORDS.has(hit.word) || CODE_NOUN.test(hit.word);
}

/**
 * A code word names the candidate: it ends at most NEXT_TO characters before it in the same sentence
 * ("(Code QWHKZD)", "验证码 TNMQFW"), or the candidate stands alone on its line under a line holding one
 * ("Your sign-in code is listed below.\n\nKGPS-WWHK"). With `nounOnly`, the word must name a code
 * ("code", "OTP"), not an action ("verify", "authenticate").
 */
function namedBefore(candidate: CodeCandidate, { text, keywords }: Context, nounOnly: boolean): boolean {
  const from = firstKeywordFrom(keywords, candidate.start - NEXT_TO - LONGEST_WORD);
  for (let i = from; i < keywords.length; i++) {
    const hit = keywords[i] as WordHit;
    if (hit.end > candidate.start) break;
    const gap = text.slice(hit.end, candidate.start);
    if (!names(hit, nounOnly) || gap.length > NEXT_TO || BREAK.test(gap)) continue;
    // "code is QWHKZD", "(Code QWHKZD)"; for letters also "the following code to verify it MDZYTJ".
    if (NAMING_GAP.test(gap)) return true;
    // Words between ("the following code to verify it MDZYTJ"): only when the code ends the sentence.
    const after = text.slice(candidate.end, candidate.end + 3);
    if (nounOnly && !/[A-Z]{3}/.test(gap) && /^(?:[.!。！)）]|\s*$|\n)/.test(after)) return true;
  }
  const [lineStart, lineEnd] = lineBounds(text, candidate, 200);
  if (text.slice(lineStart, lineEnd).trim().length > candidate.end - candidate.start) return false;
  // Alone on its line: the previous non-empty line, if close, must name it.
  const windowStart = Math.max(0, lineStart - 240);
  const above = text.slice(windowStart, lineStart).replace(/\s+$/, '');
  const aboveStart = windowStart + above.lastIndexOf('\n') + 1;
  for (let i = firstKeywordFrom(keywords, aboveStart); i < keywords.length; i++) {
    const hit = keywords[i] as WordHit;
    if (hit.end > lineStart) break;
    if (names(hit, nounOnly)) return true;
  }
  return false;
}

/** True when an all-letter token reads as a word of the message, not a code. */
function lettersLookLikeWord(candidate: CodeCandidate, { text }: Context): boolean {
  const [start, end] = lineBounds(text, candidate, 80);
  // A shouting line ("URGENT! WINNER CLAIM") is words in capitals, not a code among words.
  const caps = text.slice(start, end).match(/(?<![\p{L}])[A-Z]{3,}(?![\p{L}])/gu) ?? [];
  if (caps.length > 2) return true;
  // A name written in capitals here and in another case elsewhere ("ZITADEL" / "Zitadel").
  const titled = candidate.value.slice(0, 1) + candidate.value.slice(1).toLowerCase();
  if (text.includes(titled) || text.includes(candidate.value.toLowerCase())) return true;
  // Printed twice ("at ACMECORP (code ACMECORP)"): a name. Links that repeat a code are masked already.
  const printed = text.slice(candidate.start, candidate.end);
  return text.indexOf(printed) !== candidate.start || text.indexOf(printed, candidate.end) !== -1;
}

export interface Scored {
  candidate: CodeCandidate;
  score: number;
  /** Points from code words near it (0 = none within reach). */
  keywords: number;
  /** A code word names it right before it (see namedBefore). */
  named: boolean;
}

function score(candidate: CodeCandidate, context: Context): Scored {
  const keywords = keywordScore(candidate, context);
  const line = context.text.slice(...lineBounds(context.text, candidate, 8)).trim();
  // HTML mails print the code big, alone in its own block.
  const alone = line.length <= candidate.end - candidate.start + 2 ? 2 : 0;
  const lengthFit = candidate.value.length === 6 ? 1 : 0;
  const named = namedBefore(candidate, context, candidate.form === 'letters');
  const total =
    SHAPE_SCORE[candidate.form] +
    lengthFit +
    keywords +
    alone +
    (named ? 2 : 0) -
    penalties(candidate, context, keywords);
  return { candidate, score: total, keywords, named };
}

function acceptable(
  { candidate, score, keywords, named }: Scored,
  textLength: number,
  competitors: number,
  context: Context,
): boolean {
  // Letter+digit tokens are everywhere (SKUs, model names): only one a code word points at counts.
  if (candidate.form === 'alnum') return keywords >= 3 && score >= 6;
  // All-caps words are everywhere too: only one named as the code, that reads as no word of the text.
  if (candidate.form === 'letters') return named && score >= 6 && !lettersLookLikeWord(candidate, context);
  if (keywords > 0) return score >= 4;
  // No code word at all: only a lone number in a text barely longer than it ("482913", "Tu código: 4821"
  // is caught above). Marketing SMS are short too and full of numbers that are no code.
  if (textLength > SHORT_TEXT || competitors !== 1 || score < 2) return false;
  const otherDigits = context.text.split(candidate.value).join('').match(/[0-9]/g)?.length ?? 0;
  return otherDigits === 0;
}

/** Candidates scored, most a message is expected to hold; more are not looked at (codes sit near the top). */
const MAX_CANDIDATES = 400;

export interface Ranking {
  /** Acceptable candidates, best first, one entry per value. */
  accepted: Scored[];
  /** How many candidates were looked at in all. */
  considered: number;
}

/**
 * Scores `candidates` (from codeCandidates over `text`, in text order) and ranks the acceptable ones.
 * `readableLength` is the length of the readable message (short texts may be answered without code words).
 *
 * @example
 * rankCandidates(text, codeCandidates(text), text.length).accepted[0]?.candidate.value;
 */
export function rankCandidates(
  text: string,
  candidates: readonly CodeCandidate[],
  readableLength: number,
  keep: (candidate: CodeCandidate) => boolean = () => true,
): Ranking {
  const keywordText = text.replace(NOT_CODE_PHRASE, (span) => ' '.repeat(span.length));
  const keywords = [...findWords(keywordText, CODE_WORD), ...findWords(keywordText, EXACT_CODE_WORD)].sort(
    (a, b) => a.start - b.start,
  );
  const head = candidates.slice(0, MAX_CANDIDATES);
  const others = findWords(text, NOT_CODE_WORD);
  const context: Context = { text, keywords, others, candidates: head };
  const scored = head
    .filter(keep)
    .map((candidate) => score(candidate, context))
    .filter((s) => s.score > -EXCLUDED / 2);
  const competitors = new Set(scored.map((s) => s.candidate.value)).size;
  const accepted = scored.filter((s) => acceptable(s, readableLength, competitors, context));
  // Highest score wins; on a tie the earlier one (subject and first lines come first).
  accepted.sort((a, b) => b.score - a.score || a.candidate.start - b.candidate.start);
  const seen = new Set<string>();
  const unique = accepted.filter((s) => !seen.has(s.candidate.value) && seen.add(s.candidate.value));
  return { accepted: unique, considered: head.length };
}
