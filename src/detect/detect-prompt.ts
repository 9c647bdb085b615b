import type { Frame, Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';
import { type Decision, type Judgement, judge } from './decide.js';
import { bareUrl, explainCandidates, type PromptExplanation } from './explain.js';
import type { Prompt } from './prompt.js';
import { probeFrame } from './run-probe.js';

/** Locator for an element the probe stamped. */
export function stamped(frame: Frame, id: string) {
  return frame.locator(`[data-pw2fa-id="${id}"]`);
}

function toPrompt(frame: Frame, decision: Decision): Prompt {
  const prompt: Prompt = {
    kind: decision.kind,
    inputs: decision.inputIds.map((id) => stamped(frame, id)),
    codeLength: decision.codeLength,
    submit: decision.submitId ? stamped(frame, decision.submitId) : null,
    frame,
    text: decision.text,
    confidence: decision.confidence,
  };
  if (decision.matchNumber) prompt.matchNumber = decision.matchNumber;
  if (decision.charset) prompt.charset = decision.charset;
  return prompt;
}

/** Prompts with a field beat no-input ones (a "check your phone" banner beside a code box is still a code prompt). */
function rank(decision: Decision): number {
  return (decision.inputIds.length > 0 ? 10 : 0) + decision.confidence;
}

interface FrameScan {
  frame: Frame;
  /** Null when the frame did not answer (gone, hung, mid-navigation). */
  judgement: Judgement | null;
}

/** Probes every frame at once and judges each; the best decision across frames wins. */
async function scan(page: Page): Promise<{ scans: FrameScan[]; best: FrameScan | null }> {
  if (page.isClosed()) {
    throw new TwoFactorError('PW2FA_PAGE_CLOSED', 'Cannot look for a 2FA prompt: the page is closed.');
  }
  const frames = page.frames();
  const probes = await Promise.all(frames.map((frame) => probeFrame(frame)));
  const scans = frames.map((frame, i) => {
    const probe = probes[i];
    return { frame, judgement: probe ? judge(probe) : null };
  });
  let best: FrameScan | null = null;
  for (const s of scans) {
    const decision = s.judgement?.decision;
    const bestDecision = best?.judgement?.decision;
    if (decision && (!bestDecision || rank(decision) > rank(bestDecision))) best = s;
  }
  return { scans, best };
}

/** Options for {@link detectPrompt}. */
export interface DetectPromptOptions {
  /** Return a {@link PromptExplanation} (scored candidates and the reasons) instead of the bare prompt. */
  explain?: boolean;
}

/**
 * Looks once at every frame of the page (cross-origin iframes and open shadow roots included) and returns
 * the 2FA prompt it shows, or `null`. Never waits for one to appear: see `waitForPrompt`.
 *
 * With `{ explain: true }` it returns a {@link PromptExplanation} instead: the same prompt (or null), every
 * field it scored in every frame with its score and reasons, the rule that left each loser out, and a
 * one-line summary — what `pw2fa inspect` prints. Input values are never read.
 *
 * @example
 * const prompt = await detectPrompt(page);
 * if (prompt?.kind === 'totp') await prompt.inputs[0].fill(code);
 *
 * @example
 * const { summary, candidates } = await detectPrompt(page, { explain: true });
 * console.log(summary, candidates.slice(0, 3));
 */
export function detectPrompt(page: Page): Promise<Prompt | null>;
export function detectPrompt(page: Page, options: { explain: true }): Promise<PromptExplanation>;
export function detectPrompt(
  page: Page,
  options: DetectPromptOptions,
): Promise<Prompt | PromptExplanation | null>;
export async function detectPrompt(
  page: Page,
  options: DetectPromptOptions = {},
): Promise<Prompt | PromptExplanation | null> {
  if (options.explain) return explainPrompt(page);
  const { best } = await scan(page);
  const decision = best?.judgement?.decision;
  return best && decision ? toPrompt(best.frame, decision) : null;
}

/**
 * Same as `detectPrompt(page, { explain: true })`: the prompt, the scored candidates of every frame
 * (best first) and why the winner won — so a miss can be fixed with `handle({ input, kind })` or reported.
 *
 * @example
 * const explanation = await explainPrompt(page);
 * if (!explanation.prompt) console.log(explanation.summary);
 */
export async function explainPrompt(page: Page): Promise<PromptExplanation> {
  const { scans, best } = await scan(page);
  const decision = best?.judgement?.decision;
  const prompt = best && decision ? toPrompt(best.frame, decision) : null;
  const candidates = scans
    .flatMap((s) => (s.judgement ? explainCandidates(s.frame.url(), s.judgement, s === best) : []))
    .sort((a, b) => (a.status === 'winner' ? -1 : b.status === 'winner' ? 1 : b.score - a.score));
  const frames = scans.map((s) => {
    const explained: PromptExplanation['frames'][number] = {
      url: bareUrl(s.frame.url()),
      answered: s.judgement !== null,
      verdict: s.judgement?.verdict ?? 'the frame did not answer in time (loading, hung or gone)',
    };
    if (s.judgement?.channel) explained.channel = s.judgement.channel;
    return explained;
  });
  const summary =
    best?.judgement && prompt
      ? `${prompt.kind} prompt in ${bareUrl(best.frame.url())}: ${best.judgement.verdict}`
      : `no prompt: ${frames[0]?.verdict ?? 'no frames'}`;
  return { prompt, candidates, frames, summary };
}
