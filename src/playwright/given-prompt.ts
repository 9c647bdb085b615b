import type { Locator } from 'playwright-core';
import type { CodeKind } from '../channels/index.js';
import type { Prompt } from '../detect/index.js';
import { TwoFactorError } from '../errors.js';
import { maskDigitRuns } from '../mask.js';

/** The escape hatch of `handle()`: the user names the field (and what it wants) instead of detection. */
export interface GivenPrompt {
  /** The code field, or all split boxes (one locator matching several inputs, in typing order). */
  input: Locator;
  /** What the field wants (default `code`: any configured source that answers a typed code). */
  kind?: CodeKind;
  /** The control that submits; default the submit button of the field's form, else Enter. */
  submit?: Locator | null;
}

const KINDS_WITHOUT_INPUT: readonly CodeKind[] = ['magic-link', 'push-approval', 'passkey'];

/** The form's own submit control, when there is exactly one visible way to send it. */
async function formSubmit(input: Locator): Promise<Locator | null> {
  const button = input
    .first()
    .locator('xpath=ancestor::form[1]')
    .locator('button[type=submit], input[type=submit], button:not([type])')
    .first();
  return (await button.isVisible().catch(() => false)) ? button : null;
}

/**
 * Builds the prompt for a field the user pointed at, skipping detection but nothing else: waits for the
 * field to be visible, reads its length (split boxes, maxlength) and the frame it lives in, and finds the
 * form's submit button. Throws `PW2FA_NO_PROMPT` when the field does not show up within `timeout`.
 *
 * @example
 * const prompt = await givenPrompt({ input: page.getByLabel('Code'), kind: 'totp' }, 30_000);
 */
export async function givenPrompt(given: GivenPrompt, timeout: number): Promise<Prompt> {
  const kind = given.kind ?? 'code';
  if (KINDS_WITHOUT_INPUT.includes(kind)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `\`input\` names a field to type into, but a ${kind} prompt has none: leave \`kind\` out (or pass totp, code, sms, email or recovery).`,
    );
  }
  const first = given.input.first();
  try {
    await first.waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new TwoFactorError(
      'PW2FA_NO_PROMPT',
      `The field passed as \`input\` (${String(given.input)}) did not become visible within ${Math.round(timeout / 1000)} s.`,
      { cause: error },
    );
  }
  const handle = await first.elementHandle();
  const frame = (await handle?.ownerFrame()) ?? given.input.page().mainFrame();
  await handle?.dispose();
  const count = await given.input.count();
  const inputs = count > 1 ? await given.input.all() : [first];
  const maxLength = await first.evaluate((el) => (el instanceof HTMLInputElement ? el.maxLength : -1));
  const codeLength = inputs.length > 1 ? inputs.length : maxLength > 0 && maxLength <= 12 ? maxLength : null;
  const submit = given.submit === undefined ? await formSubmit(given.input) : given.submit;
  const text = await frame
    .evaluate(() => (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 300))
    .catch(() => '');
  return { kind, inputs, codeLength, submit, frame, text: maskDigitRuns(text), confidence: 1 };
}
