import type { Locator, Page } from 'playwright-core';

/**
 * Runs in the page: the visible text under `root`, one line per rendered line, plus the values of
 * read-only fields (some sites show the key in an `<input readonly>`). Plain data back, one evaluate.
 */
function collectText(root: Element | null): string[] {
  if (!root) return [];
  const lines = ((root as HTMLElement).innerText ?? root.textContent ?? '').split('\n');
  for (const field of Array.from(root.querySelectorAll('input, textarea'))) {
    const input = field as HTMLInputElement;
    if ((input.readOnly || input.disabled) && input.value) lines.push(input.value);
  }
  return lines.map((line) => line.trim()).filter((line) => line.length > 0 && line.length < 500);
}

/**
 * The text a set-up page shows, for finding a printed key without OCR when the page is at hand.
 *
 * @example
 * const lines = await pageText(page); // ["Can't scan? Enter this key:", 'JBSW Y3DP EHPK 3PXP', …]
 */
export async function pageText(source: Page | Locator): Promise<string[]> {
  const root = isPage(source) ? source.locator('body') : source;
  return root.evaluate(collectText);
}

/**
 * Tells a Page from a Locator without importing Playwright at run time.
 *
 * @example
 * isPage(page.locator('img')) // false
 */
export function isPage(source: Page | Locator): source is Page {
  return typeof (source as Page).mainFrame === 'function';
}
