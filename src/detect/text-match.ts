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
export function matches(text: string, list: readonly string[]): string[] {
  const found: string[] = [];
  for (const phrase of list) {
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
