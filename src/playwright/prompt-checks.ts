import type { Prompt } from '../detect/index.js';
import { TwoFactorError } from '../errors.js';

/**
 * Split boxes say exactly how long the code is, and a code longer than the field cannot fit: either way a
 * mismatch means the wrong account, not a typo to retry. (A lone field's maxlength may be generous.)
 */
export function checkCodeLength(prompt: Prompt, code: string, sourceName: string): void {
  if (prompt.codeLength === null || prompt.kind === 'recovery') return;
  const boxes = prompt.inputs.length > 1;
  if ((boxes && prompt.codeLength !== code.length) || code.length > prompt.codeLength) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `The page wants a ${prompt.codeLength}-character code but ${sourceName} gives ${code.length}-character codes. ` +
        'Is `account` the right vault label for this site?',
    );
  }
}

/** Codes older than this are never taken, however early the page's navigation began. */
const MAX_CODE_AGE_MS = 10 * 60_000;

/**
 * When the request that produced the prompt began: the prompt page's navigation start. Sites send the
 * code while answering the password form, before the prompt is on screen, so "after the prompt was seen"
 * would miss it; "after this page was requested" does not, and still ignores earlier runs' codes.
 */
export async function codesSentSince(prompt: Prompt): Promise<number> {
  const now = Date.now();
  const page = prompt.frame.page();
  const origin = await page
    .mainFrame()
    .evaluate(() => performance.timeOrigin)
    .catch(() => now);
  return Math.max(now - MAX_CODE_AGE_MS, Math.min(now, Math.floor(origin)));
}
