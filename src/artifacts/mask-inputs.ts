import type { Locator } from 'playwright-core';

/** Inline, so it reaches inputs inside shadow roots too; `!important` beats the site's own rules. */
const MASKING: ReadonlyArray<readonly [string, string]> = [
  ['color', 'transparent'],
  ['-webkit-text-fill-color', 'transparent'],
  ['text-shadow', 'none'],
];

/**
 * Hides what is typed into a prompt's inputs from screenshots, trace screencasts and videos: the text is
 * drawn transparent (the box and the caret stay). The style is not taken off again: an accepted code's
 * input goes away with the prompt, and a rejected code stays in its box, where it must stay hidden too.
 * Never throws: masking is best effort, typing must go on.
 *
 * @example
 * await maskInputs(prompt.inputs);
 * await typeCode(prompt, code);
 */
export async function maskInputs(inputs: readonly Locator[]): Promise<void> {
  await Promise.all(
    inputs.map((input) =>
      input
        .evaluate(
          (element, rules) => {
            if (!(element instanceof HTMLElement)) return;
            for (const [name, value] of rules) element.style.setProperty(name, value, 'important');
          },
          MASKING,
          { timeout: 1000 },
        )
        .catch(() => undefined),
    ),
  );
}
