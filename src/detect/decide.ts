import { maskDigitRuns } from '../mask.js';
import { channelScores, classifyChannel, classifyNoInput } from './channel.js';
import { charsetOf } from './charset.js';
import { looksLikeEnrollment } from './enrollment-signals.js';
import { KEYWORDS } from './keywords/index.js';
import type { ProbedButton, ProbedInput, ProbeResult } from './probe.js';
import type { CodeCharset, PromptKind } from './prompt.js';
import { INPUT_THRESHOLD, type InputScore, isCodeField, scoreInput } from './score.js';
import { matches, mentions, normalizeText } from './text-match.js';

/** A prompt found in one frame's probe, as plain data (stamps instead of locators). */
export interface Decision {
  kind: PromptKind;
  inputIds: string[];
  submitId: string | null;
  codeLength: number | null;
  text: string;
  confidence: number;
  matchNumber?: string;
  charset?: CodeCharset;
}

/** One scored field (or split-box group) of a frame, and why it did not win when it did not. */
export interface RankedCandidate {
  inputs: ProbedInput[];
  score: InputScore;
  /** Null for a field that counts as a code field; otherwise the rule that left it out. */
  excluded: string | null;
}

/** Everything `decide` weighed for one frame: the decision, the ranked candidates and the verdict. */
export interface Judgement {
  decision: Decision | null;
  /** Highest score first; the winner (when there is one) is the first with `excluded === null`. */
  candidates: RankedCandidate[];
  /** One sentence: why the winner won, or why the frame shows no prompt. */
  verdict: string;
  /** Channel evidence per kind, for the winning field. */
  channel?: Record<'recovery' | 'totp' | 'sms' | 'email', number>;
}

/** Long reading pages (articles, help centres) talk about 2FA without asking for it. */
const MAX_PROMPT_PROSE = 2500;
const NOT_SUBMIT =
  /resend|send again|again|cancel|back|another|other|instead|didn.t|trouble|help|recovery code|backup|erneut|zurück|abbrechen|renvoyer|annuler|reenviar|cancelar|reinviare|annulla|opnieuw|annuleren|повтор|отмена|再送|キャンセル|重新发送|取消|재전송|취소/i;
const SETTINGS_WORDS = [
  'enabled',
  'disabled',
  'manage',
  'turn off',
  'turn on',
  'registered',
  'aktiviert',
  'activé',
  'activada',
  'ativada',
  'attivata',
  'ingeschakeld',
  'включена',
  '有効',
  '已启用',
  '사용 중',
];

interface Unit {
  inputs: ProbedInput[];
  score: InputScore;
}

/** Split boxes become one unit in typing order (rows top to bottom, left to right); other inputs stand alone. */
function units(probe: ProbeResult): Unit[] {
  const groups = new Map<string, ProbedInput[]>();
  const result: Unit[] = [];
  for (const input of probe.inputs) {
    if (input.group) groups.set(input.group, [...(groups.get(input.group) ?? []), input]);
    else result.push({ inputs: [input], score: scoreInput(input) });
  }
  for (const members of groups.values()) {
    const ordered = [...members].sort((a, b) => (Math.abs(a.y - b.y) > a.height / 2 ? a.y - b.y : a.x - b.x));
    const scores = ordered.map((input) => scoreInput(input, { inGroup: true }));
    if (scores.some((s) => s.vetoed)) continue;
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    result.push({ inputs: ordered, score: { ...best, asked: scores.some((s) => s.asked) } });
  }
  return result;
}

const DIGIT_WORDS = KEYWORDS.digitWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const SAID_LENGTH = new RegExp(`(\\d{1,2})\\s?-?\\s?(?:${DIGIT_WORDS})`, 'i');
const DATA_LENGTH = /data-(?:digits|length|code-?length|otp-?length|max-?length)=(\d{1,2})\b/i;

/** A plausible code length, or null. */
function plausible(length: number): number | null {
  return length >= 4 && length <= 10 ? length : null;
}

/**
 * The code length the page states: split boxes, a data attribute, "6-digit" in the placeholder or text,
 * a pattern, then maxlength — last, because sites often set a generous maxlength (10, 20).
 */
function codeLengthOf(unit: Unit): number | null {
  if (unit.inputs.length > 1) return unit.inputs.length;
  const [input] = unit.inputs;
  if (!input) return null;
  const data = DATA_LENGTH.exec(input.dataAttrs);
  if (data) return plausible(Number(data[1]));
  const said = SAID_LENGTH.exec(`${input.placeholder} ${input.label} ${input.ariaLabel} ${input.context}`);
  if (said) return plausible(Number(said[1]));
  const fromPattern = /\{(\d{1,2})\}/.exec(input.pattern);
  if (fromPattern) return plausible(Number(fromPattern[1]));
  return input.maxLength >= 4 && input.maxLength <= 8 ? input.maxLength : null;
}

function submitFor(unit: Unit, buttons: readonly ProbedButton[]): string | null {
  const form = unit.inputs[0]?.form ?? null;
  const lastY = Math.max(...unit.inputs.map((i) => i.y));
  const usable = buttons.filter((b) => !NOT_SUBMIT.test(b.text));
  const says = (b: ProbedButton) => mentions(normalizeText(b.text), KEYWORDS.submit);
  const sameForm = form ? usable.filter((b) => b.form === form) : [];
  const pick =
    sameForm.find((b) => says(b)) ??
    sameForm.find((b) => b.type === 'submit') ??
    usable.filter((b) => b.y >= lastY - 5 && b.y - lastY < 400 && says(b)).sort((a, b) => a.y - b.y)[0];
  return pick?.id ?? null;
}

/**
 * Decides whether one frame shows a 2FA prompt, from its probe alone. Pure, so the whole classifier is
 * testable with plain objects.
 *
 * @example
 * const decision = decide(await frame.evaluate(probePage, PROBE_LIMITS));
 */
export function decide(probe: ProbeResult): Decision | null {
  return judge(probe).decision;
}

/** Why a field that is not a code field was left out, in words a user can act on. */
function exclusion(unit: Unit, passwordForms: ReadonlySet<string | null>): string | null {
  if (unit.score.vetoed) return unit.score.reasons[0] ?? 'another kind of field';
  if (unit.score.score < INPUT_THRESHOLD) return `score below ${INPUT_THRESHOLD}`;
  if (!unit.score.marked && !unit.score.asked)
    return 'only shaped like a code: neither its markup nor the text around it asks for one';
  if (!unit.score.marked && passwordForms.has(unit.inputs[0]?.form ?? null))
    return 'in a password form, and its markup does not say one-time code';
  return null;
}

/**
 * `decide` with its working shown: the ranked candidates, the channel evidence and a one-line verdict.
 *
 * @example
 * judge(probe).verdict // 'input[name=otp] scored 12.5 (autocomplete=one-time-code, text asks for a code); channel totp'
 */
export function judge(probe: ProbeResult): Judgement {
  if (looksLikeEnrollment(probe))
    return {
      decision: null,
      candidates: [],
      verdict: 'an authenticator set-up page (QR code / key): not a prompt',
    };
  const headings = probe.headings.join(' | ');
  // A form that also takes a password is a login or sign-up form; its "code" box is a captcha or PIN
  // unless the markup itself says one-time code.
  const passwordForms = new Set(
    probe.inputs.filter((i) => i.type === 'password' && !isCodeField(scoreInput(i))).map((i) => i.form),
  );
  const candidates: RankedCandidate[] = units(probe)
    .map((unit) => ({ ...unit, excluded: exclusion(unit, passwordForms) }))
    .sort((a, b) => b.score.score - a.score.score);
  // OAuth device activation / pairing ("Device Login", "enter the code shown on your TV"): the code comes
  // from the other device, never from a second factor, whatever the field's markup says.
  if (mentions(normalizeText(`${probe.title} | ${headings}`), KEYWORDS.deviceActivation)) {
    return {
      decision: null,
      candidates,
      verdict: 'a device activation / pairing page: not a sign-in challenge',
    };
  }
  const best = candidates.find((c) => c.excluded === null);
  if (!best) {
    const decision = decideNoInput(probe, headings);
    const verdict = decision
      ? `no code field; the page's words ask for ${decision.kind}`
      : candidates.length > 0
        ? 'no field counts as a code field, and no link, push or passkey wording'
        : 'no visible text field, and no link, push or passkey wording';
    return { decision, candidates, verdict };
  }
  const first = best.inputs[0] as ProbedInput;
  const evidence = {
    label: `${first.label} ${first.ariaLabel} ${first.placeholder} ${first.name} ${first.idAttr}`,
    context: first.context,
    headings,
    page: `${probe.title} ${probe.prose}`,
  };
  const kind = classifyChannel(evidence);
  const decision: Decision = {
    kind,
    inputIds: best.inputs.map((i) => i.id),
    submitId: submitFor(best, probe.buttons),
    codeLength: kind === 'recovery' ? null : codeLengthOf(best),
    text: maskDigitRuns(`${headings} ${first.context}`.trim()).slice(0, 300),
    confidence: Math.round(Math.min(1, best.score.score / 14) * 100) / 100,
  };
  const charset = charsetOf(best.inputs);
  if (charset) decision.charset = charset;
  const runnerUp = candidates.find((c) => c !== best && c.score.score > 0);
  const margin = runnerUp
    ? `; next best scored ${runnerUp.score.score}${runnerUp.excluded ? ` (left out: ${runnerUp.excluded})` : ''}`
    : '';
  return {
    decision,
    candidates,
    channel: channelScores(evidence),
    verdict: `the best code field scored ${best.score.score} (${best.score.reasons.join(', ')})${margin}; channel ${kind}`,
  };
}

function decideNoInput(probe: ProbeResult, headings: string): Decision | null {
  if (probe.articles > 0 || probe.prose.length > MAX_PROMPT_PROSE || probe.visiblePasswordFields > 0)
    return null;
  const text = normalizeText(`${headings} ${probe.prose}`);
  if (mentions(text, SETTINGS_WORDS)) return null;
  const kind = classifyNoInput(probe.headings, probe.prose);
  if (!kind) return null;
  const decision: Decision = {
    kind,
    inputIds: [],
    submitId: null,
    codeLength: null,
    text: maskDigitRuns(`${headings} ${probe.prose}`.trim()).slice(0, 300),
    confidence: matches(normalizeText(headings), KEYWORDS.challenge).length > 0 ? 0.8 : 0.6,
  };
  if (kind === 'push-approval') {
    // Number matching: the page shows a short number to pick or type on the phone.
    const shown = /(?:^|\s)(\d{2,3})(?:\s|$)/.exec(probe.prose);
    if (shown?.[1]) decision.matchNumber = shown[1];
  }
  return decision;
}
