import type { Page } from 'playwright-core';
import { type Coordinator, takeTotpTurn } from '../coordination/index.js';
import { detectEnrollment } from '../detect/enrollment.js';
import { KEYWORDS } from '../detect/keywords/index.js';
import type { Enrollment } from '../detect/prompt.js';
import { mentions, normalizeText } from '../detect/text-match.js';
import { TwoFactorError } from '../errors.js';
import {
  rejectionBaseline,
  type SubmitOutcome,
  submitCode,
  typeCode,
  waitForOutcome,
} from '../fill/index.js';
import { type EnrollmentReading, readEnrollmentCandidates } from '../image/enrollment.js';
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
  /**
   * When the key was read by OCR and the site rejects the code made from it, how many readings to try
   * in all, each with its own code (default 3). QR codes and page text are exact and tried once.
   */
  maxCandidates?: number;
}

/** Reads the set-up page's accounts; a seam so tests can hand the loop readings of their choice. */
export type ReadSetup = (page: Page, setup: Enrollment, siteConfirms: boolean) => Promise<EnrollmentReading>;

/** "xxxxx-xxxxx" (GitHub, the demo site) or 8–10 character codes, listed after set-up. */
const RECOVERY_CODE = /\b[a-z0-9]{4,6}-[a-z0-9]{4,6}\b|\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{8,10}\b/gi;

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
 * QR first (the code image, then the whole page), then the printed key. A printed key without a "setup
 * key" label is taken only when the site will check it (`siteConfirms`: a confirm field we type into).
 */
const readSetup: ReadSetup = (page, setup, siteConfirms) =>
  readEnrollmentCandidates(setup.qr ?? page, { siteConfirms }).catch(async (error: unknown) => {
    if (setup.qr && error instanceof TwoFactorError && error.code === 'PW2FA_NO_QR')
      return readEnrollmentCandidates(page, { siteConfirms });
    throw error;
  });

/**
 * Enrolls an authenticator on a site's "set up authenticator app" page: reads the QR code (or the printed
 * key), stores the account in the vault, types the first code into the confirm field, and stores the
 * recovery codes the site then shows. A key read by OCR may be misread: when the site rejects the code,
 * the next readings are tried (see `maxCandidates`), each stored in place of the last, so only the one the
 * site accepted is kept. If none is accepted, the vault entry is put back as it was and
 * `PW2FA_CODE_REJECTED` says how many readings were tried.
 *
 * @example
 * await page.goto('https://example.com/settings/2fa/setup');
 * const account = await enrollAuthenticator(page, vault, { label: 'example' });
 */
export async function enrollAuthenticator(
  page: Page,
  vault: Vault,
  opts: EnrollOptions,
  read: ReadSetup = readSetup,
  coordinator?: () => Promise<Coordinator>,
): Promise<OtpAccount> {
  const max = opts.maxCandidates ?? 3;
  if (!Number.isInteger(max) || max < 1) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `maxCandidates` to be a positive whole number.');
  }
  const setup = await detectEnrollment(page);
  if (!setup) {
    throw new TwoFactorError(
      'PW2FA_NO_QR',
      'This page is not an authenticator set-up page: looked for a QR code with words about scanning it or a printed key. ' +
        'Open the site’s "set up authenticator app" page first.',
    );
  }
  const reading = await read(page, setup, opts.confirm !== false && !!setup.confirmInput);
  const account = reading.accounts[0] as OtpAccount;
  if (opts.confirm === false || !setup.confirmInput) {
    await vault.add(opts.label, account);
    return account;
  }
  const candidates = reading.source === 'ocr' ? [account, ...reading.alternatives].slice(0, max) : [account];
  // A snapshot to put back if no reading is accepted (a misread key must not replace a good one).
  const previous = await vault.entry(opts.label);
  let current: Enrollment | null = setup;
  let tried = 0;
  let said = '';
  for (const candidate of candidates) {
    // A site that re-renders its set-up page after a wrong code gives a new confirm field.
    current = tried === 0 ? setup : await detectEnrollment(page);
    if (!current?.confirmInput) break;
    // Stored before it is confirmed, so a key the site has accepted is never lost to a crash.
    await vault.add(opts.label, candidate);
    tried++;
    const outcome = await confirm(page, current, candidate, opts.verifyTimeout ?? 10_000, coordinator);
    // Confirmed in place ("Verified") counts like a new page.
    if (outcome.status === 'moved-on' || outcome.status === 'confirmed') {
      const recovery = await shownRecoveryCodes(page);
      if (recovery.length) await vault.addRecoveryCodes(opts.label, recovery);
      return candidate;
    }
    said = outcome.status === 'rejected' ? outcome.message : '';
    if (outcome.status !== 'rejected') break; // the site said nothing: more codes would not help
  }
  await vault.update(opts.label, () => previous ?? null);
  throw rejected(opts.label, reading, tried, candidates.length, said);
}

/**
 * Types a fresh code for `account` into the confirm field, submits, and watches what the page does. With a
 * coordinator the confirmation takes the account's TOTP window like any login, so the first sign-in after
 * enrolling waits for a later window instead of spending a try on one the site has just accepted.
 */
async function confirm(
  page: Page,
  setup: Enrollment,
  account: OtpAccount,
  timeout: number,
  coordinator?: () => Promise<Coordinator>,
): Promise<SubmitOutcome> {
  const input = setup.confirmInput as NonNullable<Enrollment['confirmInput']>;
  const turn =
    coordinator && account.type === 'totp'
      ? await takeTotpTurn({ coordinator: await coordinator(), account })
      : { ...(await freshCode(account)), release: async () => {} };
  let outcome: SubmitOutcome;
  try {
    const baseline = await rejectionBaseline(setup.frame);
    const inputs = [input];
    await submitCode({ inputs, submit: setup.submit }, await typeCode({ inputs }, turn.code));
    outcome = await waitForOutcome(setup.frame, input, baseline, { timeout });
  } finally {
    await turn.release();
  }
  if (outcome.status !== 'moved-on') return outcome;
  // The field went away: a new page, or the same set-up page rendered again with an error.
  await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  const again = await detectEnrollment(page).catch(() => null);
  if (!again?.confirmInput) return outcome;
  // The error is usually in the re-rendered page already; the time is for a loaded machine's first poll.
  const shown = await waitForOutcome(again.frame, undefined, {}, { timeout: 2_000 });
  return shown.status === 'rejected'
    ? shown
    : { status: 'rejected', message: 'The set-up page asked for a code again after one was submitted.' };
}

function rejected(
  label: string,
  reading: EnrollmentReading,
  tried: number,
  available: number,
  said: string,
): TwoFactorError {
  const site = said ? ` (it said: "${said}")` : '';
  const what =
    reading.source === 'ocr'
      ? `any of ${tried} reading${tried === 1 ? '' : 's'} of the printed key (of ${available} candidate${available === 1 ? '' : 's'})`
      : `the key read from its ${reading.source === 'qr' ? 'QR code' : 'page text'}`;
  const todo =
    reading.source === 'ocr'
      ? 'The key was read by OCR; make the QR code visible (or zoom the page so the key prints larger), then try again.'
      : 'Check that the QR code or key was fully visible, then try again.';
  return new TwoFactorError(
    'PW2FA_CODE_REJECTED',
    `The site did not accept a code made from ${what}${site}. ` +
      `Nothing new was kept under "${label}". ${todo}`,
  );
}
