import type { ProbedInput } from './probe.js';
import type { CodeCharset } from './prompt.js';

/** A pattern that admits digits only: `[0-9]*`, `\d{6}`, `[0-9]{4,8}`. */
const DIGITS_ONLY = /^\^?(?:\\d|\[0-9\]|\[\\d\])(?:[*+?]|\{\d+(?:,\d*)?\})?\$?$/;
/** A pattern with a letter class: `[A-Za-z0-9]{8}`, `\w+`, `[A-Z2-7]{4}-…`, `[a-f0-9]`. */
const LETTER_CLASS = /\\w|\[[^\]]*[a-zA-Z]-[a-zA-Z][^\]]*\]/;
/** A sample code in the placeholder that mixes letters and digits: "4F7K2Q", "ab12-cd34". */
const MIXED_SAMPLE = /^(?=[^\s]*[a-z])(?=[^\s]*\d)[a-z\d]{2,}(?:-[a-z\d]{2,})*$/i;
const NUMERIC_TYPES = new Set(['number', 'tel']);

/** What one input says about its characters, or undefined when it says nothing. */
function inputCharset(input: ProbedInput): CodeCharset | undefined {
  const pattern = input.pattern.trim();
  // The pattern is what the form validates, so it outranks the keyboard hint.
  if (pattern && LETTER_CLASS.test(pattern)) return 'alphanumeric';
  if (MIXED_SAMPLE.test(input.placeholder.trim())) return 'alphanumeric';
  if (pattern && DIGITS_ONLY.test(pattern)) return 'numeric';
  if (input.inputMode === 'numeric' || input.inputMode === 'decimal') return 'numeric';
  if (NUMERIC_TYPES.has(input.type)) return 'numeric';
  return undefined;
}

/**
 * The characters a code field takes, when its inputs say so (`inputmode=numeric`, `type=number|tel`, a
 * digits-only pattern → numeric; a pattern with letters or a placeholder like "4F7K2Q" → alphanumeric);
 * undefined otherwise. Any box saying alphanumeric wins: a numeric keyboard hint on one box of a
 * letter code is a site bug, a letter pattern is not.
 *
 * @example
 * charsetOf([{ ...probed, inputMode: 'numeric' }]) // 'numeric'
 */
export function charsetOf(inputs: readonly ProbedInput[]): CodeCharset | undefined {
  const said = inputs.map(inputCharset);
  if (said.includes('alphanumeric')) return 'alphanumeric';
  if (said.includes('numeric')) return 'numeric';
  return undefined;
}
