import type { Frame, Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';
import { type Decision, decide } from './decide.js';
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
  return prompt;
}

/** Prompts with a field beat no-input ones (a "check your phone" banner beside a code box is still a code prompt). */
function rank(decision: Decision): number {
  return (decision.inputIds.length > 0 ? 10 : 0) + decision.confidence;
}

/**
 * Looks once at every frame of the page (cross-origin iframes and open shadow roots included) and returns
 * the 2FA prompt it shows, or `null`. Never waits for one to appear: see `waitForPrompt`.
 *
 * @example
 * const prompt = await detectPrompt(page);
 * if (prompt?.kind === 'totp') await prompt.inputs[0].fill(code);
 */
export async function detectPrompt(page: Page): Promise<Prompt | null> {
  if (page.isClosed()) {
    throw new TwoFactorError('PW2FA_PAGE_CLOSED', 'Cannot look for a 2FA prompt: the page is closed.');
  }
  const frames = page.frames();
  const probes = await Promise.all(frames.map((frame) => probeFrame(frame)));
  let best: { frame: Frame; decision: Decision } | null = null;
  probes.forEach((probe, i) => {
    const frame = frames[i];
    if (!probe || !frame) return;
    const decision = decide(probe);
    if (decision && (!best || rank(decision) > rank(best.decision))) best = { frame, decision };
  });
  if (!best) return null;
  const { frame, decision } = best;
  return toPrompt(frame, decision);
}
