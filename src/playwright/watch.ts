import type { Page } from 'playwright-core';
import { detectPrompt, type Prompt } from '../detect/index.js';

/**
 * Cheap CSS that the input of nearly every code prompt matches. It only wakes the handler; the real
 * decision is `detectPrompt`, so a promo-code field that matches here is looked at and left alone.
 */
export const PROMPT_CANDIDATE_SELECTOR = [
  'input[autocomplete="one-time-code" i]',
  'input[maxlength="1"]',
  'input[name*="otp" i]',
  'input[id*="otp" i]',
  'input[name*="code" i]',
  'input[id*="code" i]',
  'input[name*="mfa" i]',
  'input[name*="2fa" i]',
  'input[name*="token" i]',
  'input[aria-label*="code" i]',
  'input[data-input-otp]',
].join(', ');

/**
 * Answers prompts that appear at any point of a test, before the test's next action, with Playwright's
 * `page.addLocatorHandler`. Returns a function that stops watching.
 *
 * @example
 * const stop = await watchForPrompts(page, (prompt) => twoFactor.handle({ prompt }));
 */
export async function watchForPrompts(
  page: Page,
  answer: (prompt: Prompt) => Promise<unknown>,
): Promise<() => Promise<void>> {
  const candidate = page.locator(PROMPT_CANDIDATE_SELECTOR).first();
  await page.addLocatorHandler(
    candidate,
    async () => {
      const prompt = await detectPrompt(page);
      if (prompt) await answer(prompt);
    },
    { noWaitAfter: true },
  );
  return () => page.removeLocatorHandler(candidate);
}
