/** Lower-cases and folds whitespace so keyword phrases match however the page laid its text out. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2019\u2018]/g, "'")
    .replace(/\s+/g, ' ');
}

/**
 * Phrases of `list` found in `text` (already normalised). Latin-script phrases must start at a word
 * boundary, so `tan` does not match `standard`; CJK phrases match anywhere.
 *
 * @example
 * matches('enter the verification code', ['verification code', 'sms']) // ['verification code']
 */
export function matches(text: string, list: readonly string[]): readonly string[] {
  // Inputs of one form share their context text, so the same (list, text) pair comes up hundreds of
  // times on a busy page: remember the answers for this list, a bounded number of texts.
  let memo = MEMO.get(list);
  if (!memo) {
    memo = new Map();
    MEMO.set(list, memo);
  }
  const known = memo.get(text);
  if (known) return known;
  const found = scan(text, list);
  if (memo.size >= MEMO_TEXTS) memo.clear();
  memo.set(text, found);
  return found;
}

const MEMO = new WeakMap<readonly string[], Map<string, string[]>>();
const MEMO_TEXTS = 256;

function scan(text: string, list: readonly string[]): string[] {
  // A phrase whose first character the text lacks cannot occur: on short labels that skips most of a list.
  const present = new Set(text);
  const found: string[] = [];
  for (const phrase of list) {
    if (!present.has(phrase[0] ?? '')) continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(phrase, from);
      if (at === -1) break;
      const before = at === 0 ? ' ' : (text[at - 1] ?? ' ');
      if (!/[a-z0-9à-ÿа-я]/i.test(phrase[0] ?? '') || !/[a-z0-9à-ÿа-яё]/i.test(before)) {
        found.push(phrase);
        break;
      }
      from = at + 1;
    }
  }
  return found;
}

/** True when any phrase of `list` occurs in `text`. */
export function mentions(text: string, list: readonly string[]): boolean {
  return matches(text, list).length > 0;
}
