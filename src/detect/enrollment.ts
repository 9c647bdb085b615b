import type { Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';
import { decide } from './decide.js';
import { stamped } from './detect-prompt.js';
import { looksLikeEnrollment, qrImageId } from './enrollment-signals.js';
import type { ProbeResult } from './probe.js';
import type { Enrollment } from './prompt.js';
import { probeFrame } from './run-probe.js';
import { isCodeField, scoreInput } from './score.js';

/** The confirm field on a set-up page: the best code-like input, judged as if the page asked for a code. */
function confirmInputId(probe: ProbeResult): string | null {
  const scored = probe.inputs
    .map((input) => ({
      input,
      score: scoreInput({ ...input, context: `${input.context} verification code` }),
    }))
    .filter(({ score }) => isCodeField(score))
    .sort((a, b) => b.score.score - a.score.score);
  return scored[0]?.input.id ?? null;
}

/** Recovery codes shown after set-up: an element listing several short code-like tokens. */
const RECOVERY_LIST = /(?:\b[a-z0-9]{4,6}[- ]?[a-z0-9]{4,6}\b[\s,]+){5,}/i;

/**
 * Finds an authenticator set-up page ("Scan this QR code with your app … Can't scan? Enter this key") and
 * the parts enrollment needs. Returns `null` on other pages, including sign-in prompts.
 *
 * @example
 * const setup = await detectEnrollment(page);
 * if (setup?.qr) await readEnrollment(setup.qr);
 */
export async function detectEnrollment(page: Page): Promise<Enrollment | null> {
  if (page.isClosed()) {
    throw new TwoFactorError('PW2FA_PAGE_CLOSED', 'Cannot look for an enrollment page: the page is closed.');
  }
  for (const frame of page.frames()) {
    const probe = await probeFrame(frame);
    if (!probe || !looksLikeEnrollment(probe)) continue;
    const qr = qrImageId(probe);
    const confirm = confirmInputId(probe);
    const asPrompt = decide({ ...probe, images: [], keyTexts: [] });
    const recoveryList = await frame
      .locator('pre, code, ul, ol, div, p')
      .filter({ hasText: RECOVERY_LIST })
      .last()
      .elementHandle({ timeout: 200 })
      .catch(() => null);
    return {
      frame,
      qr: qr ? stamped(frame, qr) : null,
      secretText: probe.keyTexts[0] ? stamped(frame, probe.keyTexts[0]) : null,
      confirmInput: confirm ? stamped(frame, confirm) : null,
      submit: asPrompt?.submitId ? stamped(frame, asPrompt.submitId) : null,
      recoveryCodes: recoveryList
        ? frame.locator('pre, code, ul, ol, div, p').filter({ hasText: RECOVERY_LIST }).last()
        : null,
    };
  }
  return null;
}
