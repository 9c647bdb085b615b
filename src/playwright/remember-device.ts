import type { Locator } from 'playwright-core';
import type { Prompt } from '../detect/index.js';
import { maskDigitRuns } from '../mask.js';
import type { PromptRun } from './prompt-run.js';
import { isRememberDeviceLabel } from './remember-words.js';

/** Native checkboxes and ARIA ones (custom toggles built from divs). */
const CHECKBOXES = 'input[type="checkbox" i], [role="checkbox"]';

interface Checkbox {
  label: string;
  checked: boolean;
  /** Hidden native inputs behind a styled label are ticked through the label. */
  visible: boolean;
}

/**
 * Runs in the page: each checkbox's label text, state and visibility, in document order. No named inner
 * functions: tsx/esbuild's keepNames would wrap them in a `__name` helper the page does not have.
 */
function describeCheckboxes(elements: Element[]): Checkbox[] {
  return elements.map((el) => {
    const input = el instanceof HTMLInputElement ? el : null;
    const texts = [
      ...[...(input?.labels ?? [])].map((label) => label.innerText),
      el.getAttribute('aria-label') ?? '',
      ...(el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .map((id) => (id ? (document.getElementById(id)?.innerText ?? '') : '')),
      el.closest('label')?.innerText ?? '',
      (el as HTMLElement).innerText ?? '',
      el.parentElement?.innerText ?? '',
    ].map((text) => text.replace(/\s+/g, ' ').trim());
    const box = el.getBoundingClientRect();
    return {
      label: (texts.find((text) => text !== '') ?? '').slice(0, 300),
      checked: input ? input.checked : el.getAttribute('aria-checked') === 'true',
      visible: box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden',
    };
  });
}

async function tick(box: Locator, visible: boolean): Promise<void> {
  if (visible) {
    await box.check({ timeout: 5000 });
    return;
  }
  // Styled toggles hide the real input and draw the label: click what the person would click.
  await box.evaluate((el) => {
    const target = el instanceof HTMLInputElement ? (el.labels?.[0] ?? el) : el;
    (target as HTMLElement).click();
  });
}

/**
 * When `run.rememberDevice` is on, ticks the prompt's "Trust this device" / "Don't ask again for 30 days"
 * box (several languages, see remember-words.ts) so the site sets its long-lived device cookie and later
 * sign-ins with the saved storageState skip the prompt. Leaves every other checkbox alone, and does
 * nothing when the option is off (the default). Emits `remembered-device`; resolves whether it ticked.
 *
 * @example
 * await rememberDevice(run, prompt); // before submitting the code
 */
export async function rememberDevice(
  run: Pick<PromptRun, 'rememberDevice' | 'emit' | 'step'>,
  prompt: Prompt,
): Promise<boolean> {
  if (!run.rememberDevice || prompt.frame.isDetached()) return false;
  const boxes = prompt.frame.locator(CHECKBOXES);
  const found = await boxes.evaluateAll(describeCheckboxes).catch((): Checkbox[] => []);
  const index = found.findIndex((box) => isRememberDeviceLabel(box.label));
  const box = found[index];
  if (!box) return false;
  const label = maskDigitRuns(box.label).slice(0, 80);
  if (!box.checked) {
    await run.step(`2FA: tick "${label}"`, () => tick(boxes.nth(index), box.visible));
  }
  run.emit({ type: 'remembered-device', label });
  return true;
}
