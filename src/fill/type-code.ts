import type { Locator } from 'playwright-core';
import { TwoFactorError } from '../errors.js';

/** What typing needs from a detected prompt: its inputs in typing order. */
export interface CodeInputs {
  inputs: readonly Locator[];
}

/** How the code finally got in, for progress output and benchmarks. */
export type TypingMethod = 'keyboard' | 'per-box' | 'paste' | 'fill' | 'auto-submitted';

const READ_TIMEOUT_MS = 1000;
/** The prompt's input was just found, so it exists; a busy CI machine may still take seconds to act on it. */
const ACT_TIMEOUT_MS = 5000;

/** Sites often show "123 456" or "123-456"; the code is the same. */
function sameCode(value: string, code: string): boolean {
  const bare = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();
  return bare(value) === bare(code);
}

/** The current value of each input, or `null` when one went away (an auto-submitting widget navigated). */
function readAll(inputs: readonly Locator[], timeout: number): Promise<string[]> {
  return Promise.all(inputs.map((input) => input.inputValue({ timeout })));
}

/** The inputs' values, or `null` when an input went away (an auto-submitting widget moved on). */
async function readValues(inputs: readonly Locator[]): Promise<string[] | null> {
  try {
    return await readAll(inputs, READ_TIMEOUT_MS);
  } catch {
    // A read that timed out on a busy machine is not a field that went away: only a missing one is.
    const present = await Promise.all(inputs.map((input) => input.count().catch(() => 0)));
    if (present.some((count) => count === 0)) return null;
    return readAll(inputs, ACT_TIMEOUT_MS).catch(() => null);
  }
}

async function typed(inputs: readonly Locator[], code: string): Promise<boolean | 'gone'> {
  const values = await readValues(inputs);
  if (values === null) return 'gone';
  return sameCode(values.join(''), code);
}

/**
 * Puts the caret in an input. `focus()` fires the same focus events a click would, without the click's
 * scrolling and hit-testing round trips; a click is the fallback for widgets that listen for it.
 */
async function focusInput(input: Locator): Promise<void> {
  try {
    await input.focus({ timeout: ACT_TIMEOUT_MS });
  } catch {
    await input.click({ timeout: ACT_TIMEOUT_MS });
  }
}

/** Empties inputs that hold something (a failed earlier try, browser autofill); untouched ones get no events. */
async function clearInputs(inputs: readonly Locator[]): Promise<void> {
  const values = (await readValues(inputs)) ?? [];
  for (const [i, input] of inputs.entries()) {
    if (values[i]) await input.fill('', { timeout: READ_TIMEOUT_MS }).catch(() => undefined);
  }
}

/** Splits the code over the boxes: one character each, or by each box's maxlength for grouped fields. */
function chunksFor(code: string, maxLengths: readonly number[]): string[] {
  if (maxLengths.length === code.length) return [...code];
  const chunks: string[] = [];
  let offset = 0;
  maxLengths.forEach((max, i) => {
    const size = i === maxLengths.length - 1 || max <= 0 ? code.length - offset : max;
    chunks.push(code.slice(offset, offset + size));
    offset += size;
  });
  return chunks;
}

/** Some banks block keystrokes and accept only paste: hand the field a paste event with the code. */
async function pasteInto(input: Locator, code: string): Promise<void> {
  await input.evaluate((element, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    if (element.dispatchEvent(event) && element instanceof HTMLInputElement) {
      // Nobody handled the paste: do what the browser's own paste would have done.
      element.value = text;
      element.dispatchEvent(
        new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: text }),
      );
    }
  }, code);
}

/**
 * Types a one-time code into a prompt's inputs with real keyboard events, so React/Vue/Angular widgets
 * see what a person's typing would produce. Handles one input, split boxes (with or without focus moving
 * by itself), grouped boxes, hidden inputs behind decorative boxes, auto-submit on the last digit and
 * paste-only fields, checking after each strategy whether the value took. Never logs the code.
 *
 * @example
 * const method = await typeCode(prompt, '123456'); // 'keyboard'
 */
export async function typeCode(target: CodeInputs, code: string): Promise<TypingMethod> {
  const { inputs } = target;
  const first = inputs[0];
  if (!first) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'This prompt has no input to type a code into (is it a magic link?).',
    );
  }
  const page = first.page();

  // 1. Like a person: click the first box and type; widgets move focus themselves.
  await clearInputs(inputs);
  await focusInput(first);
  await page.keyboard.type(code);
  let outcome = await typed(inputs, code);
  if (outcome === 'gone') return 'auto-submitted';
  if (outcome) return 'keyboard';

  // 2. Boxes that do not move focus: one chunk per box.
  if (inputs.length > 1) {
    const maxLengths = await Promise.all(
      inputs.map((input) => input.evaluate((el) => (el instanceof HTMLInputElement ? el.maxLength : -1))),
    );
    await clearInputs(inputs);
    const chunks = chunksFor(code, maxLengths);
    for (const [i, input] of inputs.entries()) {
      await focusInput(input);
      await page.keyboard.type(chunks[i] ?? '');
    }
    outcome = await typed(inputs, code);
    if (outcome === 'gone') return 'auto-submitted';
    if (outcome) return 'per-box';
  }

  // 3. Paste-only fields.
  await clearInputs(inputs);
  await pasteInto(first, code);
  outcome = await typed(inputs, code);
  if (outcome === 'gone') return 'auto-submitted';
  if (outcome) return 'paste';

  // 4. Last resort for a lone input that swallows events: set the value the way Playwright's fill does.
  if (inputs.length === 1) {
    await first.fill(code, { timeout: READ_TIMEOUT_MS }).catch(() => undefined);
    outcome = await typed(inputs, code);
    if (outcome === 'gone') return 'auto-submitted';
    if (outcome) return 'fill';
  }
  throw new TwoFactorError(
    'PW2FA_FILL_FAILED',
    `Typed the code into ${inputs.length} input(s) by keyboard, box by box and by paste, but the page did not keep it. ` +
      'The widget may need a custom fill: pass `fill` to TwoFactor, or report the site.',
  );
}
