import type { Page } from 'playwright-core';
import { maskInputs } from '../artifacts/index.js';
import { detectPrompt, type Prompt } from '../detect/index.js';
import {
  judgeLanding,
  rejectionBaseline,
  type SubmitMethod,
  type SubmitOutcome,
  submitCode,
  type TypingMethod,
  typeCode,
  waitForOutcome,
} from '../fill/index.js';

/** A custom way to put a code into a prompt, for widgets the built-in strategies cannot drive. */
export type CustomFill = (prompt: Prompt, code: string) => Promise<void>;

export interface AttemptResult {
  outcome: SubmitOutcome;
  typing: TypingMethod | 'custom';
  submit: SubmitMethod;
  /** From starting to type until the code was submitted. */
  filledInMs: number;
}

async function isGone(input: Prompt['inputs'][number] | undefined): Promise<boolean> {
  if (!input) return false;
  return !(await input.isVisible().catch(() => false));
}

/**
 * Once the prompt's input is gone: a prompt asked again (re-rendered with an error) is a rejection; a
 * logged-out or sign-in page is a restarted login (with the rejection it shows) or a lost session; anything
 * else moved on. A wrong "accepted" is worse than none, so a page that looks signed out never counts.
 */
export async function judgeGone(page: Page, outcome: SubmitOutcome): Promise<SubmitOutcome> {
  await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  const again = await detectPrompt(page).catch(() => null);
  if (again && again.inputs.length > 0) {
    if (outcome.status === 'rejected') return outcome;
    const baseline = {}; // everything on a re-rendered page is new
    const shown = await waitForOutcome(again.frame, undefined, baseline, { timeout: 250 });
    return shown.status === 'rejected'
      ? shown
      : { status: 'rejected', message: 'The page asked for the code again after it was submitted.' };
  }
  const landing = await judgeLanding(page);
  // The prompt is gone and the page is no sign-in page: a rejection word on the new page is about something else.
  if (landing.state === 'signed-in') return { status: 'moved-on' };
  const rejection = outcome.status === 'rejected' ? outcome.message : landing.rejection;
  return rejection
    ? { status: 'restarted', message: rejection }
    : { status: 'logged-out', message: landing.summary };
}

/**
 * After the answer: when the prompt's input went away — with or without a rejection shown on the way —
 * judge where the page landed (see `judgeGone`). A rejection next to the still-visible input stays one.
 */
async function settle(page: Page, prompt: Prompt, outcome: SubmitOutcome): Promise<SubmitOutcome> {
  if (outcome.status === 'moved-on') return judgeGone(page, outcome);
  if (outcome.status === 'rejected' && (await isGone(prompt.inputs[0]))) return judgeGone(page, outcome);
  return outcome;
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
    prompt,
    await waitForOutcome(prompt.frame, prompt.inputs[0], baseline, { timeout: opts.verifyTimeout }),
  );
  return { outcome, typing, submit, filledInMs };
}
