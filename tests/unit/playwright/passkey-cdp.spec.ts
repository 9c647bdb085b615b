import { generateKeyPairSync } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page } from 'playwright-core';
import { contextAuthenticator } from '../../../src/playwright/passkey-authenticator.js';
import {
  cdpAuthenticator,
  fromCdpCredential,
  publicKeyOf,
  toCdpCredential,
} from '../../../src/playwright/passkey-cdp.js';
import type { PasskeyCredential } from '../../../src/playwright/passkey-store.js';

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateKey = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' });

// Bytes whose base64 has '+' and '/', so the two alphabets differ visibly.
const ID = Buffer.from([0xfb, 0xff, 0xbf, 0xfb, 0xef, 0xbe]);
const HANDLE = Buffer.from('user-7');

const credential: PasskeyCredential = {
  id: ID.toString('base64url'),
  rpId: 'example.com',
  userHandle: HANDLE.toString('base64url'),
  privateKey: privateKey.toString('base64url'),
  publicKey: publicKey.toString('base64url'),
  signCount: 41,
};

test('converts a vault credential to CDP: standard base64, resident, no public key', () => {
  expect(credential.id).toBe('-_-_----');
  expect(toCdpCredential(credential)).toEqual({
    credentialId: '+/+/++++',
    isResidentCredential: true,
    rpId: 'example.com',
    privateKey: privateKey.toString('base64'),
    userHandle: HANDLE.toString('base64'),
    signCount: 41,
  });
});

test('converts a CDP credential back, deriving the SPKI public key from the PKCS#8 private key', () => {
  expect(fromCdpCredential(toCdpCredential(credential), 'fallback.test')).toEqual(credential);
  expect(publicKeyOf(credential.privateKey)).toBe(credential.publicKey);
});

test('a CDP credential without rpId or user handle takes the page host and an empty handle', () => {
  const bare = {
    credentialId: ID.toString('base64'),
    isResidentCredential: false,
    privateKey: privateKey.toString('base64'),
    signCount: 0,
  };
  expect(fromCdpCredential(bare, 'localhost')).toMatchObject({
    rpId: 'localhost',
    userHandle: '',
    signCount: 0,
  });
});

test('no browserContext.credentials: a clear PW2FA_NO_PASSKEY', () => {
  const oldContext = {} as unknown as BrowserContext;
  expect(() => contextAuthenticator(oldContext)).toThrow(
    expect.objectContaining({
      code: 'PW2FA_NO_PASSKEY',
      message: expect.stringContaining('This Playwright has no virtual WebAuthn authenticator'),
    }),
  );
});

test('no CDP (not Chromium): a clear PW2FA_NO_PASSKEY naming the browser', async () => {
  const firefoxPage = {
    context: () => ({
      newCDPSession: () => Promise.reject(new Error('CDP session is only available in Chromium')),
      browser: () => ({ browserType: () => ({ name: () => 'firefox' }) }),
    }),
  } as unknown as Page;
  await expect(cdpAuthenticator(firefoxPage)).rejects.toMatchObject({
    code: 'PW2FA_NO_PASSKEY',
    message:
      'No virtual WebAuthn authenticator: this Playwright has no browserContext.credentials and firefox does not ' +
      'offer the CDP WebAuthn domain (Chromium only). Upgrade @playwright/test / playwright-core, or run the ' +
      'passkey login in Chromium.',
  });
});
