import type { Locator } from 'playwright-core';
import type { TypingMethod } from './type-code.js';

/** What submitting needs from a detected prompt. */
export interface SubmitTarget {
  inputs: readonly Locator[];
  submit: Locator | null;
}

/** How the code was sent. */
export type SubmitMethod = 'button' | 'enter' | 'auto';

/** Widgets without a button usually submit on the last digit; give them this long before pressing Enter. */
const AUTO_SUBMIT_GRACE_MS = 300;
/** The button was just found; a loaded CI machine may still take seconds to click it. */
const ACTION_TIMEOUT_MS = 5000;

async function isGone(input: Locator, timeout: number): Promise<boolean> {
  try {
    await input.waitFor({ state: 'hidden', timeout });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends the typed code: clicks the prompt's submit control when there is one, else gives an auto-submitting
 * widget a moment and then presses Enter in the last input. A control or input that disappears mid-way
 * means the page already submitted by itself.
 *
 * @example
 * const how = await submitCode(prompt, await typeCode(prompt, code)); // 'button'
 */
export async function submitCode(target: SubmitTarget, typing: TypingMethod): Promise<SubmitMethod> {
  if (typing === 'auto-submitted') return 'auto';
  const first = target.inputs[0];
  const last = target.inputs.at(-1);
  if (target.submit && (await target.submit.isVisible().catch(() => false))) {
    try {
      await target.submit.click({ timeout: ACTION_TIMEOUT_MS });
      return 'button';
    } catch {
      // Detached or disabled because the widget submitted on its own.
      if (first && (await isGone(first, 0))) return 'auto';
    }
  }
  if (first && (await isGone(first, AUTO_SUBMIT_GRACE_MS))) return 'auto';
  if (!last) return 'auto';
  try {
    await last.press('Enter', { timeout: ACTION_TIMEOUT_MS });
    return 'enter';
  } catch {
    return 'auto';
  }
}
