/**
 * Turns the word tables (code-words.ts, link-words.ts) into regular expressions: whole-word matching for
 * scripts that separate words with spaces, substring matching for those that do not.
 */

/** Scripts written without spaces between words: a keyword may touch the code or other words. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One entry as a pattern: spaces match any whitespace run (mail wraps lines anywhere). */
function wordPattern(word: string): string {
  const body = escapeRegExp(word).replace(/ /g, '\\s+');
  // A digit may follow a keyword directly ("code:482913", "OTP482913"), a letter may not ("codec").
  return UNSPACED_SCRIPT.test(word) ? body : `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}])`;
}

/**
 * One regular expression matching any of the words, longest first so "verification code" wins over "code".
 *
 * @example
 * const re = wordsPattern(['code', 'verification code'], 'giu');
 * 'Your verification code'.match(re); // ['verification code']
 */
export function wordsPattern(words: readonly string[], flags: string): RegExp {
  if (words.length === 0) return /(?!)/g;
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(wordPattern).join('|'), flags);
}

/** A match of a word table in a text. */
export interface WordHit {
  start: number;
  end: number;
  /** The matched text, lower-cased with whitespace collapsed (the key into the table). */
  word: string;
}

/**
 * Every match of `pattern` (which must have the `g` flag) in `text`.
 *
 * @example
 * findWords('Code: 1', wordsPattern(['code'], 'giu')); // [{ start: 0, end: 4, word: 'code' }]
 */
export function findWords(text: string, pattern: RegExp): WordHit[] {
  const hits: WordHit[] = [];
  for (const match of text.matchAll(pattern)) {
    hits.push({
      start: match.index,
      end: match.index + match[0].length,
      word: match[0].toLowerCase().replace(/\s+/g, ' '),
    });
  }
  return hits;
}
