import type { CodeChannel } from './channel.js';
import type { Judgement, RankedCandidate } from './decide.js';
import type { ProbedInput } from './probe.js';
import type { Prompt } from './prompt.js';

/** One field (or split-box group) the detector scored, described by its markup only — never its value. */
export interface ExplainedCandidate {
  /** The frame's address, without query string or fragment (they may carry tokens). */
  frame: string;
  /** Its markup: `input[type=text][name=otp] label "One-time code"`. */
  field: string;
  /** 1 for one field, the number of boxes for a split-box widget. */
  boxes: number;
  score: number;
  /** What added to (or took from) the score: "autocomplete=one-time-code", "text asks for a code" … */
  reasons: string[];
  /** `winner`: the prompt's inputs; `counted`: a code field that scored lower; `left out`: see `why`. */
  status: 'winner' | 'counted' | 'left out';
  /** For `left out`: the rule that left it out. */
  why?: string;
}

/** What the detector concluded for one frame. */
export interface ExplainedFrame {
  /** The frame's address, without query string or fragment. */
  url: string;
  /** False when the frame did not answer in time (still loading, hung, gone). */
  answered: boolean;
  verdict: string;
  /** Channel evidence for the frame's best code field (weighted counts per channel). */
  channel?: Record<CodeChannel, number>;
}

/** `detectPrompt(page, { explain: true })`: the prompt and the working behind it. */
export interface PromptExplanation {
  /** What `detectPrompt(page)` returns for the same page. */
  prompt: Prompt | null;
  /** Every scored field of every frame, best first. */
  candidates: ExplainedCandidate[];
  frames: ExplainedFrame[];
  /** One sentence: why the winner won, or why there is no prompt. */
  summary: string;
}

/** An address without query string and fragment: those may carry one-time tokens. */
export function bareUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:') return `file://${parsed.host}${parsed.pathname}`;
    return parsed.origin === 'null'
      ? `${parsed.protocol}${parsed.pathname}`
      : `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? url;
  }
}

/** `input[type=tel][name=otp][autocomplete=one-time-code] label "Code"`: the attributes that scored. */
export function describeField(input: ProbedInput): string {
  const attrs: Array<[string, string]> = [
    ['type', input.type],
    ['name', input.name],
    ['id', input.idAttr],
    ['autocomplete', input.autocomplete],
    ['inputmode', input.inputMode],
    ['maxlength', input.maxLength > 0 ? String(input.maxLength) : ''],
    ['pattern', input.pattern],
  ];
  let text = `input${attrs
    .filter(([, value]) => value)
    .map(([key, value]) => `[${key}=${value.slice(0, 40)}]`)
    .join('')}`;
  const label = (input.label || input.ariaLabel).slice(0, 60);
  if (label) text += ` label "${label}"`;
  if (input.placeholder) text += ` placeholder "${input.placeholder.slice(0, 40)}"`;
  return text;
}

/** The candidates of one frame's judgement, described. */
export function explainCandidates(
  frameUrl: string,
  judgement: Judgement,
  won: boolean,
): ExplainedCandidate[] {
  const winner = won ? judgement.candidates.find((c) => c.excluded === null) : undefined;
  return judgement.candidates.map((candidate: RankedCandidate) => {
    const first = candidate.inputs[0];
    const explained: ExplainedCandidate = {
      frame: bareUrl(frameUrl),
      field: first ? describeField(first) : 'input',
      boxes: candidate.inputs.length,
      score: candidate.score.score,
      reasons: candidate.score.reasons,
      status: candidate === winner ? 'winner' : candidate.excluded === null ? 'counted' : 'left out',
    };
    if (candidate.excluded !== null) explained.why = candidate.excluded;
    return explained;
  });
}
