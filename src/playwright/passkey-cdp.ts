import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { CDPSession, Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';
import type { VirtualAuthenticator } from './passkey-authenticator.js';
import type { PasskeyCredential } from './passkey-store.js';

/**
 * The fallback authenticator for Playwright versions without `browserContext.credentials`: Chromium's
 * CDP `WebAuthn` domain, one virtual authenticator per page. CDP speaks standard base64 and has no
 * public key field; the vault speaks Playwright's base64url, so credentials are converted both ways.
 */

/**
 * CDP's `WebAuthn.Credential`, the fields used here; binary fields are standard base64. (playwright-core
 * does not export its `Protocol` types.)
 *
 * @example
 * const credential: CdpCredential = { credentialId: 'AQID', isResidentCredential: true, privateKey, signCount: 0 };
 */
export interface CdpCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

function toBase64(base64url: string): string {
  return Buffer.from(base64url, 'base64url').toString('base64');
}

function toBase64Url(base64: string): string {
  return Buffer.from(base64, 'base64').toString('base64url');
}

/**
 * The SPKI public key (base64url) of a PKCS#8 private key (base64url): CDP returns only the private key.
 *
 * @example
 * publicKeyOf(credential.privateKey) === credential.publicKey // true
 */
export function publicKeyOf(privateKey: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64url'), format: 'der', type: 'pkcs8' });
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64url');
}

/**
 * A vault credential as CDP's `WebAuthn.addCredential` takes it.
 *
 * @example
 * await session.send('WebAuthn.addCredential', { authenticatorId, credential: toCdpCredential(credential) });
 */
export function toCdpCredential(credential: PasskeyCredential): CdpCredential {
  return {
    credentialId: toBase64(credential.id),
    // Resident, like Playwright's seeded credentials: usernameless sign-ins find it without an allow list.
    isResidentCredential: true,
    rpId: credential.rpId,
    privateKey: toBase64(credential.privateKey),
    userHandle: toBase64(credential.userHandle),
    signCount: credential.signCount,
  };
}

/**
 * A credential from CDP's `WebAuthn.getCredentials` in the vault's shape; `rpId` fills in when CDP leaves
 * it out (non-resident credentials).
 *
 * @example
 * const credentials = result.credentials.map((c) => fromCdpCredential(c, 'example.com'));
 */
export function fromCdpCredential(credential: CdpCredential, rpId: string): PasskeyCredential {
  const privateKey = toBase64Url(credential.privateKey);
  return {
    id: toBase64Url(credential.credentialId),
    rpId: credential.rpId ?? rpId,
    userHandle: toBase64Url(credential.userHandle ?? ''),
    privateKey,
    publicKey: publicKeyOf(privateKey),
    signCount: credential.signCount,
  };
}

function cdpUnavailable(page: Page, cause: unknown): TwoFactorError {
  const browser = page.context().browser()?.browserType().name() ?? 'this browser';
  return new TwoFactorError(
    'PW2FA_NO_PASSKEY',
    `No virtual WebAuthn authenticator: this Playwright has no browserContext.credentials and ${browser} ` +
      'does not offer the CDP WebAuthn domain (Chromium only). Upgrade @playwright/test / playwright-core, ' +
      'or run the passkey login in Chromium.',
    { cause },
  );
}

async function install(page: Page): Promise<VirtualAuthenticator> {
  let session: CDPSession;
  let authenticatorId: string;
  try {
    session = await page.context().newCDPSession(page);
    await session.send('WebAuthn.enable', { enableUI: false });
    // A platform authenticator that says yes at once: user present and verified, resident keys.
    ({ authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  } catch (error) {
    throw cdpUnavailable(page, error);
  }
  const hostname = () => {
    try {
      return new URL(page.url()).hostname;
    } catch {
      return '';
    }
  };
  const remove = async (id: string) => {
    await session
      .send('WebAuthn.removeCredential', { authenticatorId, credentialId: toBase64(id) })
      .catch(() => undefined); // not held: nothing to remove
  };
  return {
    kind: 'cdp',
    async list() {
      const { credentials } = await session.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials.map((credential) => fromCdpCredential(credential, hostname()));
    },
    async put(credential) {
      await remove(credential.id);
      await session.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: toCdpCredential(credential),
      });
    },
    remove,
  };
}

const perPage = new WeakMap<Page, Promise<VirtualAuthenticator>>();

/**
 * The page's CDP virtual authenticator, added on first use. Throws `PW2FA_NO_PASSKEY` outside Chromium.
 *
 * @example
 * const authenticator = await cdpAuthenticator(page);
 * await authenticator.put(credential);
 */
export function cdpAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  let ready = perPage.get(page);
  if (!ready) {
    ready = install(page);
    void ready.catch(() => {
      perPage.delete(page);
    });
    perPage.set(page, ready);
  }
  return ready;
}
