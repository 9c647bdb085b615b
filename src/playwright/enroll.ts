import type { Page } from 'playwright-core';
import { detectEnrollment } from '../detect/enrollment.js';
import { KEYWORDS } from '../detect/keywords/index.js';
import { mentions, normalizeText } from '../detect/text-match.js';
import { TwoFactorError } from '../errors.js';
import { rejectionBaseline, waitForOutcome } from '../fill/outcome.js';
import { submitCode } from '../fill/submit.js';
import { typeCode } from '../fill/type-code.js';
import { readEnrollment } from '../image/enrollment.js';
import type { OtpAccount } from '../otp/account.js';
import { freshCode } from '../otp/freshness.js';
import type { Vault } from '../vault/vault.js';

export interface EnrollOptions {
  /** Vault label to store the account under. */
  label: string;
  /** Type the first code into the page's confirm field (default true when there is one). */
  confirm?: boolean;
  /** Longest wait for the site to accept the confirmation code (default 10 s). */
  verifyTimeout?: number;
}

/** "xxxxx-xxxxx" (GitHub, the demo site) or 8–10 character codes, listed after set-up. */
const RECOVERY_CODE = /\b[a-z0-9]{4,6}-[a-z0-9]{4,6}\b|\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{8,10}\b/gi;
/recovery|backup|wiederherstellung|récupération|recuperación|recuperação|recupero|herstel|восстановлени|リカバリー|バックアップ|恢复|备用|복구|백업/i;

/** Recovery codes the page shows after set-up: five or more code-like tokens under recovery wording. */
export async function shownRecoveryCodes(page: Page): Promise<string[]> {
  const text = await page
    .locator('body')
    .innerText()
    .catch(() => '');
  // The detector's multilingual recovery-code phrases decide whether the page is showing such codes.
  if (!mentions(normalizeText(text), KEYWORDS.recovery)) return [];
  const codes = [...new Set(text.match(RECOVERY_CODE) ?? [])];
  return codes.length >= 5 ? codes : [];
}

/**
 * Enrolls an authenticator on a site's "set up authenticator app" page: reads the QR code (or the printed
 * key), stores the account in the vault, types the first code into the confirm field, and stores the
 * recovery codes the site then shows. If the site rejects the first code, the new entry is removed again
 * (a wrongly read key must not be kept) and `PW2FA_CODE_REJECTED` is thrown.
 *
 * @example
 * await page.goto('https://example.com/settings/2fa/setup');
 * const account = await enrollAuthenticator(page, vault, { label: 'example' });
 */
export async function enrollAuthenticator(
  page: Page,
  vault: Vault,
  opts: EnrollOptions,
): Promise<OtpAccount> {
  const setup = await detectEnrollment(page);
  if (!setup) {
    throw new TwoFactorError(
      'PW2FA_NO_QR',
      'This page is not an authenticator set-up page: looked for a QR code with words about scanning it or a printed key. ' +
        'Open the site’s "set up authenticator app" page first.',
    );
  }
  const accounts = await readEnrollment(setup.qr ?? page).catch(async (error: unknown) => {
    if (setup.qr && error instanceof TwoFactorError && error.code === 'PW2FA_NO_QR')
      return readEnrollment(page);
    throw error;
  });
  const account = accounts[0] as OtpAccount;
  const existed = await vault.has(opts.label);
  await vault.add(opts.label, account);
  if (opts.confirm === false || !setup.confirmInput) return account;

  const { code } = await freshCode(account);
  const baseline = await rejectionBaseline(setup.frame);
  const inputs = [setup.confirmInput];
  await submitCode({ inputs, submit: setup.submit }, await typeCode({ inputs }, code));
  const outcome = await waitForOutcome(setup.frame, setup.confirmInput, baseline, {
    timeout: opts.verifyTimeout ?? 10_000,
  });
  if (outcome.status !== 'moved-on') {
    if (!existed) await vault.remove(opts.label);
    const said = outcome.status === 'rejected' ? `: "${outcome.message}"` : '';
    throw new TwoFactorError(
      'PW2FA_CODE_REJECTED',
      `The site did not accept the first code from the key read on its set-up page${said}. ` +
        `Nothing was kept under "${opts.label}". Check that the QR code or key was fully visible, then try again.`,
    );
  }
  await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  const recovery = await shownRecoveryCodes(page);
  if (recovery.length) await vault.addRecoveryCodes(opts.label, recovery);
  return account;
}
