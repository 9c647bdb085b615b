import type { Page } from 'playwright-core';
import { maskInputs } from '../artifacts/index.js';
import { detectPrompt, type Prompt } from '../detect/index.js';
import { rejectionBaseline, type SubmitOutcome, waitForOutcome } from '../fill/outcome.js';
import { type SubmitMethod, submitCode } from '../fill/submit.js';
import { type TypingMethod, typeCode } from '../fill/type-code.js';

/** A custom way to put a code into a prompt, for widgets the built-in strategies cannot drive. */
export type CustomFill = (prompt: Prompt, code: string) => Promise<void>;

export interface AttemptResult {
  outcome: SubmitOutcome;
  typing: TypingMethod | 'custom';
  submit: SubmitMethod;
  /** From starting to type until the code was submitted. */
  filledInMs: number;
}

/** After the prompt's input went away: is the page showing a prompt again (re-rendered with an error)? */
async function settle(page: Page, moved: SubmitOutcome): Promise<SubmitOutcome> {
  if (moved.status !== 'moved-on') return moved;
  await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  const again = await detectPrompt(page).catch(() => null);
  if (!again || again.inputs.length === 0) return moved;
  const baseline = {}; // everything on a re-rendered page is new
  const shown = await waitForOutcome(again.frame, undefined, baseline, { timeout: 250 });
  return shown.status === 'rejected'
    ? shown
    : { status: 'rejected', message: 'The page asked for the code again after it was submitted.' };
}

/**
 * One try: type the code, submit it, and watch what the page does. Returns the outcome as a value;
 * deciding whether to retry is the caller's job.
 *
 * @example
 * const { outcome } = await attemptCode(page, prompt, code, { verifyTimeout: 10_000 });
 */
export async function attemptCode(
  page: Page,
  prompt: Prompt,
  code: string,
  opts: { verifyTimeout: number; fill?: CustomFill | undefined },
): Promise<AttemptResult> {
  const baseline = await rejectionBaseline(prompt.frame);
  // Screenshots, screencasts and videos taken while the code is in the inputs show blank boxes.
  await maskInputs(prompt.inputs);
  const started = performance.now();
  let typing: AttemptResult['typing'];
  if (opts.fill) {
    await opts.fill(prompt, code);
    typing = 'custom';
  } else {
    typing = await typeCode(prompt, code);
  }
  const submit = await submitCode(prompt, typing === 'custom' ? 'keyboard' : typing);
  const filledInMs = Math.round(performance.now() - started);
  const outcome = await settle(
    page,
    await waitForOutcome(prompt.frame, prompt.inputs[0], baseline, { timeout: opts.verifyTimeout }),
  );
  return { outcome, typing, submit, filledInMs };
}
