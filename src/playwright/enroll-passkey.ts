import type { Locator, Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';
import { rejectionBaseline, waitForOutcome } from '../fill/index.js';
import { normalizeLabel } from '../vault/entry.js';
import type { Vault } from '../vault/vault.js';
import { type AuthenticatorKind, pageAuthenticator } from './passkey-authenticator.js';
import { findPasskeyButton } from './passkey-button.js';
import { storePasskey } from './passkey-store.js';

export interface EnrollPasskeyOptions {
  /** Vault label to store the passkey under; later `handle({ account: label })` signs in with it. */
  label: string;
  /** The control that starts registration. Default: the page's "Add a passkey"-like button or link. */
  button?: Locator;
  /** Longest wait for the page to register the passkey and the site to confirm it (default 10 s). */
  timeout?: number;
  /** Which virtual authenticator registers it (see `armPasskeys`); default `'auto'`. */
  authenticator?: AuthenticatorKind | 'auto';
}

/** What was registered, without key material: safe to log. */
export interface EnrolledPasskey {
  label: string;
  rpId: string;
  /** base64url; public, the site stores it too. */
  credentialId: string;
  signCount: number;
  authenticator: AuthenticatorKind;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function checkOptions(opts: EnrollPasskeyOptions): { label: string; timeout: number } {
  const label = normalizeLabel(opts?.label);
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeout) && timeout > 0)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`timeout\` to be a positive number of ms, got ${timeout}.`,
    );
  }
  return { label, timeout };
}

/**
 * Registers a passkey on the page (sign-up step or security settings) through a virtual authenticator
 * and stores it — private key, public key, credential id, rpId, user handle, counter — encrypted in the
 * vault under `label`. Clicks the page's "Add a passkey" button (or `button`), waits for the page to
 * create the credential and for the site to confirm it, and keeps it only then. A site that keeps its
 * button on screen after success is confirmed after `timeout`. Throws `PW2FA_NO_PROMPT` (no registration
 * button), `PW2FA_NO_PASSKEY` (no virtual authenticator) or `PW2FA_PASSKEY_REJECTED` (the page or site
 * refused, with the page's error text).
 *
 * @example
 * await page.goto('https://example.com/settings/security');
 * await enrollPasskey(page, vault, { label: 'example' }); // later: new TwoFactor(page, { account: 'example' }).handle()
 */
export async function enrollPasskey(
  page: Page,
  vault: Vault,
  opts: EnrollPasskeyOptions,
): Promise<EnrolledPasskey> {
  const { label, timeout } = checkOptions(opts);
  const frame = page.mainFrame();
  const button = opts.button ?? (await findPasskeyButton(frame, 'register'));
  if (!button) {
    throw new TwoFactorError(
      'PW2FA_NO_PROMPT',
      'This page offers no passkey registration: looked for a button such as "Add a passkey", "Create a ' +
        'passkey" or "Register security key". Open the site’s security settings first, or pass `button`.',
    );
  }
  const authenticator = await pageAuthenticator(page, opts.authenticator ?? 'auto');
  const before = new Set((await authenticator.list()).map((credential) => credential.id));
  const baseline = await rejectionBaseline(frame);
  await button.click();
  const outcome = await waitForOutcome(frame, button, baseline, { timeout });
  const fresh = (await authenticator.list()).filter((credential) => !before.has(credential.id));
  const credential = fresh.at(-1);
  if (outcome.status === 'rejected' || !credential) {
    // A credential the site refused must not linger: it would answer later ceremonies in this context.
    for (const stray of fresh) await authenticator.remove(stray.id);
    const said =
      outcome.status === 'rejected'
        ? `the page said "${outcome.message}"`
        : 'the page never called navigator.credentials.create()';
    throw new TwoFactorError(
      'PW2FA_PASSKEY_REJECTED',
      `No passkey was registered within ${timeout} ms of the click: ${said}. Nothing was stored for ` +
        `${JSON.stringify(label)}. Check that the button starts passkey registration and that the page is a ` +
        'secure context (https, localhost or 127.0.0.1).',
    );
  }
  await storePasskey(vault, label, credential);
  return {
    label,
    rpId: credential.rpId,
    credentialId: credential.id,
    signCount: credential.signCount,
    authenticator: authenticator.kind,
  };
}
