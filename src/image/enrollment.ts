import type { Locator, Page } from 'playwright-core';
import { isTwoFactorError, TwoFactorError } from '../errors.js';
import type { OtpAccount } from '../otp/account.js';
import { parseMigration } from '../otp/migration.js';
import { accountFromSecret, parseOtpauth } from '../otp/uri.js';
import { throwIfAborted } from './abort.js';
import { isBase32Candidate, resolveConfusions } from './base32-candidate.js';
import { saysKey } from './key-label.js';
import { findKeySpans, findLabels } from './key-text.js';
import { ocrSecretCandidates } from './ocr.js';
import { isPage, pageText } from './page-text.js';
import { readQrWithRaster } from './qr.js';
import { describeQrTexts, isOtpauth } from './qr-summary.js';
import { type ImageInput, loadRaster } from './raster.js';

/** Where to read an enrollment from: an image (buffer, path, data URL), or a page or element to screenshot. */
export type EnrollmentSource = ImageInput | Page | Locator;

/** Options for {@link readEnrollment}. */
export interface ReadEnrollmentOptions {
  /** Fall back to the printed key when no otpauth QR code is readable (default true). */
  ocr?: boolean;
  /** Stops between steps (screenshot, QR passes, OCR passes) with `PW2FA_ABORTED`. */
  signal?: AbortSignal;
  /** Lowest OCR confidence (0–1) accepted for a printed key (default 0.3). */
  minConfidence?: number;
  /**
   * The caller checks a code made from a printed key against the site before keeping it (as
   * `TwoFactor.enroll` does on a page with a confirm field). Only then is a key accepted that the
   * picture does not label as one; otherwise a printed key needs a "setup key"/"secret key"/"manual
   * entry" label near it, so that recovery codes and other strings are never taken for a key.
   * Default false.
   */
  siteConfirms?: boolean;
}

/** What {@link readEnrollmentCandidates} found, and how. */
export interface EnrollmentReading {
  accounts: OtpAccount[];
  /** Where the accounts came from: a QR code, the page's own text, or OCR of the printed key. */
  source: 'qr' | 'page-text' | 'ocr';
  /**
   * OCR only: the other readings of the printed key, best first, as accounts. A caller that can check a
   * code against the site tries them in turn when the first is rejected. Never log their secrets.
   */
  alternatives: OtpAccount[];
}

/**
 * Reads the authenticator accounts a set-up page offers: every otpauth QR code in the image (a Google
 * Authenticator export gives several accounts), else the printed key ("Can't scan? Enter this key"),
 * read from the page's text when a Page or Locator is given and by OCR otherwise. A printed key is only
 * taken when the picture says it is one (a "Setup key", "Secret key", "Can't scan?" label next to it,
 * in the detector's languages) or `siteConfirms` is set; a recovery-codes page, a code prompt or a
 * settings page gives `PW2FA_NO_QR`, never an account. A key becomes a
 * 6-digit, 30-second SHA-1 TOTP account, with issuer and account taken from "Issuer:"/"Account:" lines
 * when the page prints them.
 *
 * Throws `PW2FA_NO_QR` (saying what was found instead) when there is neither, `PW2FA_BAD_IMAGE` for
 * inputs that are not images, and the parser's `PW2FA_BAD_URI`/`PW2FA_BAD_SECRET` when the only
 * otpauth QR code is malformed.
 *
 * @example
 * await page.goto('https://github.com/settings/two_factor_authentication/setup/intro');
 * const [account] = await readEnrollment(page.locator('.two-factor-qr'));
 * await vault.add('github', account);
 */
export async function readEnrollment(
  source: EnrollmentSource,
  opts: ReadEnrollmentOptions = {},
): Promise<OtpAccount[]> {
  return (await readEnrollmentCandidates(source, opts)).accounts;
}

/**
 * {@link readEnrollment}, also saying where the accounts came from and, for a printed key read by OCR,
 * the other readings to try if the site rejects a code made from the first.
 *
 * @example
 * const { accounts, source, alternatives } = await readEnrollmentCandidates(page);
 * if (source === 'ocr') console.log(`${alternatives.length} other readings`); // never the secrets
 */
export async function readEnrollmentCandidates(
  source: EnrollmentSource,
  opts: ReadEnrollmentOptions = {},
): Promise<EnrollmentReading> {
  const signal = opts.signal;
  throwIfAborted(signal, 'Reading the enrollment');
  const live = isLive(source) ? source : null;
  const image = live ? await screenshot(live) : (source as ImageInput);
  throwIfAborted(signal, 'Reading the enrollment');
  const read = await readQrWithRaster(image, signal ? { signal } : {});
  const { texts, width, height } = read;
  const { accounts, failure } = parseQrTexts(texts);
  if (accounts.length > 0) return { accounts, source: 'qr', alternatives: [] };

  let keyNote = 'no printed key';
  if (opts.ocr !== false) {
    throwIfAborted(signal, 'Reading the enrollment');
    const trusted = opts.siteConfirms === true;
    if (live) {
      const fromText = keyFromText(await pageText(live), trusted);
      if (fromText) return { accounts: [fromText], source: 'page-text', alternatives: [] };
    }
    const raster = read.raster ?? (await loadRaster(image));
    const candidates = await ocrSecretCandidates(raster, signal ? { signal } : {});
    const best = candidates[0];
    const confident = !!best && best.confidence >= (opts.minConfidence ?? 0.3);
    if (best && confident && (best.labelled || trusted)) {
      const [first, ...rest] = candidates.flatMap((c) => {
        try {
          return [accountFromSecret(c.secret, { issuer: c.issuer, account: c.account })];
        } catch {
          return []; // a reading no secret can have (ruled out by its length or padding)
        }
      });
      if (first) return { accounts: [first], source: 'ocr', alternatives: rest };
    }
    if (best && confident && !best.labelled) {
      keyNote =
        'a string that looks like a key but no "setup key" or "secret" label next to it (recovery codes and ' +
        'tokens look the same; pass siteConfirms: true if the site will check a code made from it)';
    } else if (best) keyNote = 'a printed key that could not be read reliably';
  } else keyNote = 'no printed key (OCR was turned off)';

  if (failure) throw failure;
  throw new TwoFactorError(
    'PW2FA_NO_QR',
    `Looked for an otpauth:// QR code or a printed setup key in the ${width}×${height} ` +
      `image, but found ${describeQrTexts(texts)} and ${keyNote}. Make sure the set-up page shows the QR code ` +
      '(scroll it into view, or pass the locator of the QR image), or add the account from its key with ' +
      'accountFromSecret().',
  );
}

function isLive(source: EnrollmentSource): source is Page | Locator {
  return (
    typeof source === 'object' && source !== null && typeof (source as Locator).screenshot === 'function'
  );
}

async function screenshot(source: Page | Locator): Promise<Buffer> {
  if (isPage(source)) return source.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
  return source.screenshot({ animations: 'disabled', caret: 'hide' });
}

/** Parses every otpauth QR text; keeps the first parse error to report if nothing else works. */
function parseQrTexts(texts: readonly string[]): { accounts: OtpAccount[]; failure: TwoFactorError | null } {
  const accounts: OtpAccount[] = [];
  let failure: TwoFactorError | null = null;
  for (const text of texts.filter(isOtpauth)) {
    try {
      const parsed = /^otpauth-migration:/i.test(text.trim()) ? parseMigration(text) : [parseOtpauth(text)];
      for (const account of parsed)
        if (!accounts.some((a) => sameAccount(a, account))) accounts.push(account);
    } catch (error) {
      if (!isTwoFactorError(error)) throw error;
      failure ??= new TwoFactorError(
        error.code,
        `Read an otpauth QR code from the image, but it is unusable: ${error.message}`,
        { cause: error },
      );
    }
  }
  return { accounts, failure };
}

function sameAccount(a: OtpAccount, b: OtpAccount): boolean {
  return a.secret === b.secret && a.issuer === b.issuer && a.account === b.account;
}

/**
 * A key printed in the page's text as an account: labelled as one ("Setup key", "Secret") on its line
 * or the few above, unless the site will confirm it.
 */
function keyFromText(lines: string[], trusted: boolean): OtpAccount | null {
  const best = findKeySpans(lines).find((span) => span.score >= 0.7);
  if (!best || !isBase32Candidate(best.text)) return null;
  if (!trusted && !saysKey(lines.slice(Math.max(0, best.line - 5), best.line + 1))) return null;
  const labels = findLabels(lines);
  try {
    return accountFromSecret(resolveConfusions(best.text), labels);
  } catch {
    return null;
  }
}
