import type { BrowserContext, Page } from 'playwright-core';
import type { Vault } from '../vault/vault.js';
import {
  type AuthenticatorKind,
  armedAuthenticator,
  chooseAuthenticator,
  contextAuthenticator,
  keyAlgorithm,
  pageAuthenticator,
  type VirtualAuthenticator,
} from './passkey-authenticator.js';
import { cdpAuthenticator } from './passkey-cdp.js';
import {
  loadPasskeys,
  type PasskeyCredential,
  reserveSignCounts,
  type StoredPasskey,
} from './passkey-store.js';

/**
 * Arming: putting an account's stored passkeys into a browser's virtual authenticator, each with a
 * freshly reserved signature counter, so that the page's `navigator.credentials.get()` is answered with
 * the passkey the site knows.
 */

export interface ArmOptions {
  /**
   * `'playwright'` (browserContext.credentials, any browser), `'cdp'` (Chromium's own WebAuthn stack)
   * or `'auto'` (default): Playwright's where this Playwright has it. A context keeps its first choice.
   */
  authenticator?: AuthenticatorKind | 'auto';
  /** Only passkeys this accepts are seeded (default all of the label's). */
  wanted?: (passkey: StoredPasskey) => boolean;
  /** Epoch ms, for the counter's clock floor (default now). */
  at?: number;
}

/** What arming did, without key material: safe to log. */
export interface ArmedPasskeys {
  authenticator: AuthenticatorKind;
  passkeys: Array<{ rpId: string; credentialId: string; signCount: number }>;
}

/**
 * Seeds the label's stored passkeys into `authenticator`, each starting above every counter handed out
 * before (see `reserveSignCounts`), and returns what was seeded (private keys included: keep it in memory).
 *
 * @example
 * const seeded = await seedPasskeys(authenticator, vault, 'github');
 */
export async function seedPasskeys(
  authenticator: VirtualAuthenticator,
  vault: Vault,
  label: string,
  opts: Pick<ArmOptions, 'wanted' | 'at'> = {},
): Promise<PasskeyCredential[]> {
  const held = new Map(
    (await authenticator.list()).map((credential) => [credential.id, credential.signCount]),
  );
  const reserved = await reserveSignCounts(vault, label, {
    held,
    now: opts.at ?? Date.now(),
    ...(opts.wanted ? { wanted: opts.wanted } : {}),
  });
  for (const credential of reserved) await authenticator.put(credential);
  return reserved;
}

/**
 * The authenticator to ask for: `want`, except that on a context not armed yet, `'auto'` becomes `'cdp'`
 * for passkeys only Chromium's authenticator can sign (Ed25519 or RSA keys it registered itself).
 *
 * @example
 * await pageAuthenticator(page, authenticatorFor(page.context(), await loadPasskeys(vault, label)));
 */
export function authenticatorFor(
  context: BrowserContext,
  passkeys: readonly StoredPasskey[],
  want: AuthenticatorKind | 'auto' = 'auto',
): AuthenticatorKind | 'auto' {
  if (want !== 'auto' || armedAuthenticator(context)) return want;
  return passkeys.some((passkey) => keyAlgorithm(passkey.privateKey) !== 'ES256') ? 'cdp' : 'auto';
}

function isPage(target: BrowserContext | Page): target is Page {
  return typeof (target as Page).mainFrame === 'function';
}

function summary(kind: AuthenticatorKind, seeded: readonly PasskeyCredential[]): ArmedPasskeys {
  return {
    authenticator: kind,
    passkeys: seeded.map(({ rpId, id, signCount }) => ({ rpId, credentialId: id, signCount })),
  };
}

// CDP authenticators are per page: pages opened after arming a context are armed as they open.
const armedLabels = new WeakMap<BrowserContext, Map<string, { vault: Vault; opts: ArmOptions }>>();

function armFuturePages(context: BrowserContext, vault: Vault, label: string, opts: ArmOptions): void {
  let labels = armedLabels.get(context);
  if (!labels) {
    const known = new Map<string, { vault: Vault; opts: ArmOptions }>();
    labels = known;
    armedLabels.set(context, known);
    context.on('page', (page) => {
      for (const [armed, from] of known) {
        // Best effort: answering the prompt arms its page again, and reports a failure there.
        void cdpAuthenticator(page)
          .then((authenticator) => seedPasskeys(authenticator, from.vault, armed, from.opts))
          .catch(() => undefined);
      }
    });
  }
  labels.set(label, { vault, opts });
}

/**
 * Installs a virtual WebAuthn authenticator in a context (or page) and seeds it with the passkeys
 * stored under `label`. Call it before the page first touches `navigator.credentials` (e.g. before
 * `page.goto`) for sites that ask on load; `twoFactor.handle()` also arms, just before clicking. Calling
 * it again is harmless: the authenticator is installed once and the passkeys are re-seeded with new
 * counters. A label without passkeys only installs the authenticator. Throws `PW2FA_NO_PASSKEY` when no
 * virtual authenticator is available.
 *
 * @example
 * const context = await browser.newContext();
 * await armPasskeys(context, await Vault.open(), 'github');
 * const page = await context.newPage();
 * await page.goto('https://github.com/login'); // the site's passkey request is answered
 */
export async function armPasskeys(
  target: BrowserContext | Page,
  vault: Vault,
  label: string,
  opts: ArmOptions = {},
): Promise<ArmedPasskeys> {
  const context = isPage(target) ? target.context() : target;
  const stored = await loadPasskeys(vault, label);
  const kind = chooseAuthenticator(context, authenticatorFor(context, stored, opts.authenticator));
  if (isPage(target)) {
    const authenticator = await pageAuthenticator(target, kind);
    return summary(kind, await seedPasskeys(authenticator, vault, label, opts));
  }
  if (kind === 'playwright') {
    return summary(kind, await seedPasskeys(await contextAuthenticator(context), vault, label, opts));
  }
  armFuturePages(context, vault, label, opts);
  const seeded: PasskeyCredential[] = [];
  for (const page of context.pages()) {
    seeded.push(...(await seedPasskeys(await cdpAuthenticator(page), vault, label, opts)));
  }
  return summary(kind, seeded);
}
