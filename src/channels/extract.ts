/**
 * Code extraction from free text: a whole e-mail (HTML or text) or an SMS body in, the one-time code out.
 * Candidates come from code-candidates.ts and are ranked by code-score.ts; here the answer is decided —
 * and it is no answer when two candidates compete with no clear winner, since a wrong code typed burns
 * an attempt and a missing one only waits for the next message.
 */
import { TwoFactorError } from '../errors.js';
import { type CodeCandidate, codeCandidates, maskNonCodes } from './code-candidates.js';
import { rankCandidates, type Scored } from './code-score.js';
import { htmlToText, looksLikeHtml, normalizeText } from './html-text.js';

export { type ExtractLinkOptions, extractLink } from './extract-link.js';

/** The alphabet a prompt's field takes: `numeric` = digits only, `alphanumeric` = letters allowed. */
export type CodeCharset = 'numeric' | 'alphanumeric';

export interface ExtractCodeOptions {
  /** Only codes of exactly this many characters (separators such as the dash in `123-456` not counted). */
  length?: number | null;
  /** Only codes of this alphabet; the engine fills it from the prompt's field (`inputmode`, `pattern`). */
  charset?: CodeCharset | null;
  /** Codes the site already rejected: skipped, so the next plausible code of the message is returned. */
  exclude?: readonly string[];
}

/** What extraction saw: the code, the runners-up, and — when there is no code — why, in safe words. */
export interface CodeExtraction {
  code: string | null;
  /** Other plausible codes of the message, best first (offered after a rejection; never log them). */
  alternatives: string[];
  /** Why `code` is null, for a timeout error: counts and shapes only, never a code or message text. */
  reason: string | null;
}

/** Codes sit near the top; scanning stops here so a 10 MB newsletter costs milliseconds. */
const MAX_INPUT = 2_000_000;
/** Readable text scanned for a code: many screens of mail; a code is in the first. */
const MAX_SCAN = 40_000;
/** Points by which the best candidate must beat the next one; closer than this is a coin toss. */
const CLEAR_WIN = 2;
/**
 * The origin-bound one-time code line of SMS (WICG sms-one-time-codes, used by iOS and Android autofill):
 * last line `@example.com #123456`, optionally followed by ` @embedder.example`.
 */
const DOMAIN_BOUND =
  /(?:^|\n)@[a-z0-9][a-z0-9.-]{0,252} #([A-Za-z0-9]{4,12})(?: @[a-z0-9][a-z0-9.-]{0,252})?\s*$/i;

function checkOptions(opts: ExtractCodeOptions): void {
  const { length, charset } = opts;
  if (length !== undefined && length !== null && (!Number.isInteger(length) || length < 1 || length > 32)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`length\` to be an integer from 1 to 32, got ${length}.`,
    );
  }
  if (charset !== undefined && charset !== null && charset !== 'numeric' && charset !== 'alphanumeric') {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`charset\` to be 'numeric' or 'alphanumeric', got ${JSON.stringify(charset)}.`,
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
  return looksLikeHtml(head)
    ? htmlToText(head).slice(0, MAX_SCAN)
    : normalizeText(head.slice(0, MAX_SCAN * 2)).slice(0, MAX_SCAN);
}

function fits(value: string, opts: ExtractCodeOptions): boolean {
  if (opts.length !== undefined && opts.length !== null && value.length !== opts.length) return false;
  if (opts.charset === 'numeric' && !/^[0-9]+$/.test(value)) return false;
  return !opts.exclude?.includes(value);
}

function shapeOf(s: Scored): string {
  const kind = /^[0-9]+$/.test(s.candidate.value)
    ? 'digits'
    : /^[A-Z]+$/.test(s.candidate.value)
      ? 'letters'
      : 'letters and digits';
  return `${s.candidate.value.length} ${kind}`;
}

/**
 * The code in a message and what competed with it, or why there is none.
 *
 * @example
 * explainExtraction('Your code is 482913.'); // { code: '482913', alternatives: [], reason: null }
 * explainExtraction('Code 482913 or code 771204'); // { code: null, …, reason: '2 candidates scored alike …' }
 * explainExtraction(sms, { exclude: [rejected] }); // the next plausible code after a rejection
 */
export function explainExtraction(text: string, opts: ExtractCodeOptions = {}): CodeExtraction {
  checkOptions(opts);
  const readable = messageText(text);
  const bound = DOMAIN_BOUND.exec(readable)?.[1];
  if (bound !== undefined && fits(bound, opts)) return { code: bound, alternatives: [], reason: null };
  const masked = maskNonCodes(readable);
  const all = codeCandidates(masked);
  if (all.length === 0)
    return { code: null, alternatives: [], reason: 'the message holds nothing shaped like a code' };
  const keep = (candidate: CodeCandidate) => fits(candidate.value, opts);
  const { accepted } = rankCandidates(masked, all, readable.length, keep);
  const [best, second] = accepted;
  const alternatives = accepted.slice(1).map((s) => s.candidate.value);
  if (!best) {
    const kept = all.filter(keep).length;
    const wanted = [
      opts.length ? `${opts.length} characters` : '',
      opts.charset === 'numeric' ? 'digits only' : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      code: null,
      alternatives: [],
      reason:
        kept === 0 && wanted
          ? `${all.length} code-shaped value(s) in the message, none of ${wanted}`
          : `${kept} code-shaped value(s) in the message, none named as a code by a word like "code" or "OTP" near it`,
    };
  }
  if (second && best.score - second.score < CLEAR_WIN) {
    return {
      code: null,
      alternatives: accepted.map((s) => s.candidate.value),
      reason: `${accepted.length} candidates scored alike (${shapeOf(best)}; ${shapeOf(second)}) with no code word closer to one`,
    };
  }
  return { code: best.candidate.value, alternatives, reason: null };
}

/**
 * The one-time code in a message, or `null` when there is none — or when two candidates compete with
 * no clear winner (see {@link explainExtraction} for the reason and the runners-up).
 *
 * Takes a whole e-mail (HTML or text) or an SMS body. Finds 4–8 digit codes, digit codes printed in
 * groups, label-prefixed codes, upper-case letter+digit codes and letter-only codes named as a code
 * (`(Code QWHKZD)`, `KGPS-WWHK` under "Your sign-in code"), and the origin-bound SMS line
 * (`@example.com #123456`); ignores dates, times, phone numbers, IP addresses, prices, order/reference/
 * account numbers, ZIP and sort codes, years and footer addresses; and when there are several, takes the
 * one nearest to a word like "code", "verification", "OTP", "Bestätigungscode", "código", "код",
 * "验证码", "認証コード" or "인증번호".
 *
 * The result is always the characters of the message, in order, with exactly two liberties, both so the
 * code can be typed into the site's input as is: a code printed in groups loses its separator
 * (`123-456` → `123456`, `1234 5678` → `12345678`, `KGPS-WWHK` → `KGPSWWHK`) and a short label prefix is
 * left out (`G-482913` → `482913`, as Google's own input shows the `G-`).
 *
 * @example
 * extractCode('G-482913 is your Google verification code.'); // '482913'
 * extractCode('Order #55501234 shipped. Your code: 123-456'); // '123456'
 * extractCode('Ihr Bestätigungscode lautet 771204', { length: 6 }); // '771204'
 * extractCode('Your code is 482913.\n\n@example.com #482913', { charset: 'numeric' }); // '482913'
 * extractCode('Thanks for your order of $1,299.00 on 05/01/2024'); // null
 */
export function extractCode(text: string, opts: ExtractCodeOptions = {}): string | null {
  return explainExtraction(text, opts).code;
}
