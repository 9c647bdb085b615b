import { KEYWORDS } from './keywords/index.js';
import type { ProbedInput } from './probe.js';
import { matches, mentions, normalizeText } from './text-match.js';
import {
  attributeWords,
  FOREIGN_AUTOCOMPLETE,
  NEGATIVE_WORDS,
  STRONG_PAIRS,
  STRONG_WORDS,
  WEAK_WORDS,
} from './tokens.js';

/** How much one input looks like a one-time-code field, and why. */
export interface InputScore {
  score: number;
  /** The field itself says it is a code field (autocomplete, name/id, split widget). */
  marked: boolean;
  /** The text around it asks for a sign-in code. */
  asked: boolean;
  /** Something says it is another kind of field (card, coupon, phone, search …). */
  vetoed: boolean;
  reasons: string[];
}

/** Below this, an input is not a code field. */
export const INPUT_THRESHOLD = 5;

const NON_TEXT_TYPES = new Set(['email', 'search', 'url', 'date', 'datetime-local', 'month', 'week', 'time']);
const PLACEHOLDER_CODE = /^(?:[0-9•·*_x\-–\s]{4,12}|[-–_•·]+)$/i;
const DIGITS_PATTERN = /\\d|\[0-9\]/;
/** A field labelled as the other device's code: "Device code", "User code", "Pairing code", "TV code". */
const DEVICE_CODE_LABEL = /\b(?:device|user|pairing|tv)[ -]?code\b/i;

function attributeScore(input: ProbedInput): { strong: boolean; weak: number; negative: boolean } {
  // Identifiers are the developer's words; label-ish attributes are the user's and may say "sent to your phone".
  const identifiers = attributeWords([input.name, input.idAttr, input.className, input.dataAttrs].join(' '));
  const words = [...identifiers, ...attributeWords(`${input.ariaLabel} ${input.placeholder}`)];
  let strong = words.some((word) => STRONG_WORDS.has(word));
  for (let i = 0; !strong && i < words.length - 1; i++) {
    if (STRONG_PAIRS.has(`${words[i]} ${words[i + 1]}`)) strong = true;
  }
  const weak = new Set(words.filter((word) => WEAK_WORDS.has(word))).size;
  const negative = identifiers.some((word) => NEGATIVE_WORDS.has(word)) || input.name.toLowerCase() === 'q';
  return { strong, weak, negative };
}

/** Why a field is another kind of field (the first rule that says so), or null. */
function vetoOf(
  input: ProbedInput,
  seen: {
    labelText: string;
    context: string;
    oneTimeCode: boolean;
    marked: boolean;
    attrs: ReturnType<typeof attributeScore>;
  },
): string | null {
  const { labelText, context, oneTimeCode, marked, attrs } = seen;
  if (input.disabled || input.readOnly) return 'disabled or read-only';
  if (NON_TEXT_TYPES.has(input.type)) return `type=${input.type}`;
  if (input.type === 'password' && !marked && !mentions(labelText, KEYWORDS.challenge))
    return 'a password field';
  if (!oneTimeCode && FOREIGN_AUTOCOMPLETE.test(input.autocomplete))
    return `autocomplete=${input.autocomplete} (another kind of field)`;
  // "input__email_verification_pin": a negative word beside code words counts only when the text asks.
  const softNegative = attrs.negative && attrs.weak > 0 && mentions(context, KEYWORDS.challenge);
  if (attrs.negative && !attrs.strong && !oneTimeCode && !softNegative)
    return 'its name says another kind of field (user, search, coupon, phone …)';
  if (mentions(labelText, KEYWORDS.notAPrompt) && !oneTimeCode)
    return `its label says another kind of field (${matches(labelText, KEYWORDS.notAPrompt)[0]})`;
  // Device pairing codes ("User code", "the code displayed on your TV") even when marked one-time-code.
  if (DEVICE_CODE_LABEL.test(labelText) || mentions(labelText, KEYWORDS.deviceActivation))
    return 'a device pairing / activation code';
  if (mentions(context, KEYWORDS.deviceActivation)) return 'the text around it is about pairing a device';
  return null;
}

/**
 * Scores one input from its attributes and the text around it. Pure: takes plain probe data.
 *
 * @example
 * scoreInput({ ...probed, autocomplete: 'one-time-code', maxLength: 6 }).score // ≥ 5
 */
export function scoreInput(input: ProbedInput, opts: { inGroup: boolean } = { inGroup: false }): InputScore {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    score += points;
    reasons.push(reason);
  };
  const attrs = attributeScore(input);
  const labelText = normalizeText(`${input.label} ${input.ariaLabel} ${input.placeholder}`);
  const context = normalizeText(input.context);
  const oneTimeCode = input.autocomplete.split(/\s+/).includes('one-time-code');
  // Split boxes alone are only a shape (lottery numbers, sort codes): they still need words or markup.
  const marked = oneTimeCode || attrs.strong;

  const veto = vetoOf(input, { labelText, context, oneTimeCode, marked, attrs });
  if (veto) return { score: 0, marked, asked: false, vetoed: true, reasons: [veto] };

  if (oneTimeCode) add(6, 'autocomplete=one-time-code');
  if (attrs.strong) add(4, 'code-field name');
  else if (attrs.weak) add(2, 'code-like name');
  if (opts.inGroup) add(4, 'split boxes');
  if (mentions(labelText, KEYWORDS.challenge)) add(2.5, 'label asks for a code');
  else if (/\bcode\b|код|コード|代码|代碼|验证码|코드|번호|código|codice|pin\b/.test(labelText))
    add(1, 'label says code');
  if (
    input.inputMode === 'numeric' ||
    input.type === 'tel' ||
    input.type === 'number' ||
    DIGITS_PATTERN.test(input.pattern)
  ) {
    add(1, 'numeric');
  }
  if (input.maxLength >= 4 && input.maxLength <= 10) add(input.maxLength === 6 ? 1.5 : 1, 'code-sized');
  if (PLACEHOLDER_CODE.test(input.placeholder.trim())) add(1.5, 'code placeholder');

  const asked = mentions(context, KEYWORDS.challenge);
  if (asked) add(3, 'text asks for a code');
  if (mentions(context, KEYWORDS.notAPrompt)) add(-5, 'text about another field');
  return { score, marked, asked, vetoed: false, reasons };
}

/**
 * A field counts when it scores enough AND something beyond shape speaks for it: its own markup, or text
 * asking for a sign-in code. Shape alone (numeric, six long) also fits coupons and tracking numbers.
 */
export function isCodeField(result: InputScore): boolean {
  return !result.vetoed && result.score >= INPUT_THRESHOLD && (result.marked || result.asked);
}
