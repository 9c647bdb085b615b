import { createPrivateKey } from 'node:crypto';
import type { BrowserContext, Credentials, Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';
import { cdpAuthenticator } from './passkey-cdp.js';
import type { PasskeyCredential } from './passkey-store.js';

/**
 * The virtual authenticator that answers the page's `navigator.credentials.create/get`: Playwright's own
 * `browserContext.credentials` where this Playwright has it (one per context, any browser), otherwise
 * Chromium's CDP `WebAuthn` domain (one per page).
 */

/** Which virtual authenticator answers WebAuthn in a context. */
export type AuthenticatorKind = 'playwright' | 'cdp';

/**
 * What the engine needs from a virtual authenticator.
 *
 * @example
 * const authenticator = await pageAuthenticator(page);
 * await authenticator.put(credential);
 */
export interface VirtualAuthenticator {
  readonly kind: AuthenticatorKind;
  /** Every credential held, private keys and counters included. */
  list(): Promise<PasskeyCredential[]>;
  /** Adds `credential`, replacing one with the same id (so its counter is the given one). */
  put(credential: PasskeyCredential): Promise<void>;
  remove(id: string): Promise<void>;
}

// Once a context is armed with one kind, later calls reuse it: two authenticators would race for the
// page's ceremonies (Playwright's script replaces navigator.credentials before Chromium's stack sees it).
const chosen = new WeakMap<BrowserContext, AuthenticatorKind>();
const installed = new WeakMap<BrowserContext, Promise<VirtualAuthenticator>>();

/** `browserContext.credentials`, when this Playwright has it. */
function credentialsOf(context: BrowserContext): Credentials | undefined {
  const credentials = (context as { credentials?: Credentials }).credentials;
  return credentials && typeof credentials.install === 'function' ? credentials : undefined;
}

/**
 * Which authenticator a context uses: the one it was armed with, else `want`, else Playwright's when
 * available and CDP otherwise. Throws `PW2FA_BAD_OPTION` when `want` contradicts an earlier choice.
 *
 * @example
 * chooseAuthenticator(context, 'auto') // 'playwright' on Playwright 1.65
 */
export function chooseAuthenticator(
  context: BrowserContext,
  want: AuthenticatorKind | 'auto' = 'auto',
): AuthenticatorKind {
  const earlier = chosen.get(context);
  if (earlier && want !== 'auto' && want !== earlier) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `This browser context already answers passkeys with the ${earlier} authenticator; it cannot switch to ${want}. ` +
        'Use a new context.',
    );
  }
  const kind = earlier ?? (want === 'auto' ? (credentialsOf(context) ? 'playwright' : 'cdp') : want);
  chosen.set(context, kind);
  return kind;
}

/**
 * The signature algorithm of a passkey's private key (base64url PKCS#8): `ES256` for P-256 ECDSA, the
 * only one Playwright's virtual authenticator signs with; Chromium's may also register Ed25519 or RSA keys.
 *
 * @example
 * keyAlgorithm(credential.privateKey) // 'ES256'
 */
export function keyAlgorithm(privateKey: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64url'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1' ? 'ES256' : `ECDSA ${curve ?? ''}`.trim();
  }
  return key.asymmetricKeyType === 'ed25519' ? 'EdDSA' : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
}

/** The authenticator a context was armed with, if any. */
export function armedAuthenticator(context: BrowserContext): AuthenticatorKind | undefined {
  return chosen.get(context);
}

function playwrightAuthenticator(credentials: Credentials): VirtualAuthenticator {
  return {
    kind: 'playwright',
    list: () => credentials.get(),
    async put(credential) {
      const algorithm = keyAlgorithm(credential.privateKey);
      if (algorithm !== 'ES256') {
        throw new TwoFactorError(
          'PW2FA_NO_PASSKEY',
          `The passkey for ${credential.rpId} has an ${algorithm} key, but Playwright's virtual authenticator ` +
            "signs only ES256 (P-256) keys. It was registered by Chromium's own authenticator: use that one " +
            "again with `authenticator: 'cdp'` in armPasskeys(), in a new context.",
        );
      }
      await credentials.delete(credential.id);
      const { rpId, ...rest } = credential;
      await credentials.create(rpId, rest);
    },
    remove: (id) => credentials.delete(id),
  };
}

/**
 * Installs Playwright's virtual authenticator in the context (once; later calls reuse it). Throws
 * `PW2FA_NO_PASSKEY` when this Playwright has no `browserContext.credentials`.
 *
 * @example
 * const authenticator = await contextAuthenticator(context);
 */
export function contextAuthenticator(context: BrowserContext): Promise<VirtualAuthenticator> {
  let ready = installed.get(context);
  if (!ready) {
    const credentials = credentialsOf(context);
    if (!credentials) {
      throw new TwoFactorError(
        'PW2FA_NO_PASSKEY',
        'This Playwright has no virtual WebAuthn authenticator (browserContext.credentials). Upgrade ' +
          '@playwright/test / playwright-core to a version that has it, or run Chromium and pass ' +
          "`authenticator: 'cdp'`.",
      );
    }
    ready = credentials.install().then(() => playwrightAuthenticator(credentials));
    // A failed install is not remembered, so the next call tries again.
    void ready.catch(() => {
      installed.delete(context);
    });
    installed.set(context, ready);
  }
  return ready;
}

/**
 * The authenticator answering WebAuthn on `page`, installed on first use: the context's Playwright
 * authenticator, or the page's CDP one. Throws `PW2FA_NO_PASSKEY` when neither can be had.
 *
 * @example
 * const authenticator = await pageAuthenticator(page, 'auto');
 * console.log(authenticator.kind, (await authenticator.list()).length);
 */
export async function pageAuthenticator(
  page: Page,
  want: AuthenticatorKind | 'auto' = 'auto',
): Promise<VirtualAuthenticator> {
  const context = page.context();
  return chooseAuthenticator(context, want) === 'playwright'
    ? contextAuthenticator(context)
    : cdpAuthenticator(page);
}
