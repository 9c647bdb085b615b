import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { servesHost } from '../../../src/playwright/passkey-login.js';
import {
  clockFloor,
  loadPasskeys,
  type PasskeyCredential,
  recordSignCounts,
  reserveSignCounts,
  storePasskey,
} from '../../../src/playwright/passkey-store.js';
import { Vault } from '../../../src/vault/vault.js';

const EPOCH = Date.UTC(2024, 0, 1);

function newCredential(rpId = 'example.com', signCount = 0): PasskeyCredential {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    id: randomBytes(16).toString('base64url'),
    rpId,
    userHandle: randomBytes(16).toString('base64url'),
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
    signCount,
  };
}

let dir: string;
let vault: Vault;
test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-passkey-'));
  vault = await Vault.open({ path: join(dir, 'vault.json'), key: randomBytes(32).toString('base64') });
});
test.afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('stores a passkey encrypted: neither the file nor list() shows key material', async () => {
  const credential = newCredential();
  await vault.add('site', 'otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site');
  await storePasskey(vault, 'site', credential);
  const file = readFileSync(vault.path, 'utf8');
  for (const value of [credential.privateKey, credential.publicKey, credential.id, credential.userHandle]) {
    expect(file).not.toContain(value);
  }
  const listed = await vault.list();
  expect(listed).toMatchObject([{ label: 'site', type: 'totp', dataKeys: ['passkeys'] }]);
  expect(JSON.stringify(listed)).not.toContain(credential.privateKey);
  // The authenticator secret stays next to the passkey.
  expect((await vault.get('site')).secret).toBe('JBSWY3DPEHPK3PXP');
  expect(await loadPasskeys(vault, 'site')).toEqual([{ ...credential, createdAt: expect.any(String) }]);
});

test('keeps one passkey per relying party; a new one for the same rpId replaces the old', async () => {
  const first = newCredential('example.com');
  const other = newCredential('other.test');
  const second = newCredential('example.com');
  for (const credential of [first, other, second]) await storePasskey(vault, 'site', credential);
  const ids = (await loadPasskeys(vault, 'site')).map((passkey) => passkey.id).sort();
  expect(ids).toEqual([other.id, second.id].sort());
});

test('a label without passkeys loads as none and creates no vault file', async () => {
  expect(await loadPasskeys(vault, 'nobody')).toEqual([]);
  expect(() => readFileSync(vault.path)).toThrow(/ENOENT/);
});

test('each reservation starts above every counter handed out before, and above the clock floor', async () => {
  await storePasskey(vault, 'site', newCredential('example.com', 3));
  const at = EPOCH + 2_000; // floor 2: below the stored 3
  const [a] = await reserveSignCounts(vault, 'site', { held: new Map(), now: at });
  const [b] = await reserveSignCounts(vault, 'site', { held: new Map(), now: at });
  expect([a?.signCount, b?.signCount]).toEqual([3, 4]); // the assertions report 4 and 5
  // A copy that already counted further (several logins in one context) moves the next seed up.
  const [c] = await reserveSignCounts(vault, 'site', { held: new Map([[a?.id ?? '', 40]]), now: at });
  expect(c?.signCount).toBe(40);
  // Later on a machine with its own copy of the vault: the clock alone is above what it has seen.
  const [d] = await reserveSignCounts(vault, 'site', { held: new Map(), now: EPOCH + 1_000_000 });
  expect(d?.signCount).toBe(1000);
  expect((await loadPasskeys(vault, 'site'))[0]?.signCount).toBe(1001);
});

test('parallel reservations never hand out the same counter', async () => {
  await storePasskey(vault, 'site', newCredential());
  const seeds = await Promise.all(
    Array.from({ length: 12 }, () => reserveSignCounts(vault, 'site', { held: new Map(), now: EPOCH })),
  );
  const counts = seeds.map(([seed]) => seed?.signCount ?? -1).sort((x, y) => x - y);
  expect(counts).toEqual(Array.from({ length: 12 }, (_, index) => index));
});

test('only wanted passkeys are reserved; recorded counters only ever go up', async () => {
  const mine = newCredential('example.com');
  const theirs = newCredential('other.test');
  await storePasskey(vault, 'site', mine);
  await storePasskey(vault, 'site', theirs);
  const reserved = await reserveSignCounts(vault, 'site', {
    held: new Map(),
    now: EPOCH,
    wanted: (passkey) => passkey.rpId === 'example.com',
  });
  expect(reserved.map((credential) => credential.id)).toEqual([mine.id]);
  await recordSignCounts(vault, 'site', [
    { ...mine, signCount: 9 },
    { ...theirs, signCount: 0 },
  ]);
  await recordSignCounts(vault, 'site', [{ ...mine, signCount: 2 }]);
  const counts = Object.fromEntries((await loadPasskeys(vault, 'site')).map((p) => [p.rpId, p.signCount]));
  expect(counts).toEqual({ 'example.com': 9, 'other.test': 0 });
});

test('a malformed passkey record is reported by field, never by value', async () => {
  await vault.update('site', () => ({
    recoveryCodes: [],
    data: { passkeys: { 'example.com': { id: 'abc', privateKey: 'secret material' } } },
  }));
  await expect(loadPasskeys(vault, 'site')).rejects.toMatchObject({ code: 'PW2FA_VAULT_CORRUPT' });
  await expect(loadPasskeys(vault, 'site')).rejects.not.toThrow(/secret material/);
});

test('clock floor: seconds since 2024, clamped to the 32-bit counter', () => {
  expect(clockFloor(EPOCH - 5_000)).toBe(0);
  expect(clockFloor(EPOCH + 60_999)).toBe(60);
  expect(clockFloor(Date.UTC(2300, 0, 1))).toBe(0xffff_fffe);
});

test('a passkey serves its rpId and the subdomains of it', () => {
  expect(servesHost('example.com', 'example.com')).toBe(true);
  expect(servesHost('example.com', 'login.example.com')).toBe(true);
  expect(servesHost('example.com', 'badexample.com')).toBe(false);
  expect(servesHost('login.example.com', 'example.com')).toBe(false);
  expect(servesHost('localhost', '127.0.0.1')).toBe(false);
});
