import { readFile, writeFile } from 'node:fs/promises';
import { generateKey } from '../../../src/vault/keys.js';
import type { VaultOpenOptions } from '../../../src/vault/settings.js';
import type { Vault } from '../../../src/vault/vault.js';
import { caught, expect, HOTP_URI, RFC_SECRET, TOTP_URI, test } from './helpers.js';

type Json = {
  version: unknown;
  kdf: unknown;
  check: string;
  entries: Record<string, Record<string, string>>;
};
const readJson = async (vault: Vault) => JSON.parse(await readFile(vault.path, 'utf8')) as Json;

/** Flips one bit in the middle of a base64 blob, keeping it valid base64. */
function flipBit(blob: string): string {
  const bytes = Buffer.from(blob, 'base64');
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

async function seeded(open: (options?: VaultOpenOptions) => Promise<Vault>, options?: VaultOpenOptions) {
  const vault = await open(options);
  await vault.add('github', TOTP_URI);
  await vault.add('bank', HOTP_URI);
  await vault.addRecoveryCodes('github', ['recov-aaaa-1111', 'recov-bbbb-2222']);
  return vault;
}

/** Every operation touching `label` must fail with CORRUPT and leave the file byte for byte as it was. */
async function expectCorruptAndUntouched(vault: Vault, label: string): Promise<void> {
  const before = await readFile(vault.path);
  const calls: Array<() => Promise<unknown>> = [
    () => vault.get(label),
    () => vault.list(),
    () => vault.add(label, TOTP_URI),
    () => vault.addRecoveryCodes(label, ['new-code-9999']),
    () => vault.takeRecoveryCode(label),
    () => vault.update(label, (entry) => entry),
  ];
  for (const call of calls) {
    const error = await caught(call);
    expect(error.code).toBe('PW2FA_VAULT_CORRUPT');
    expect(error.message).toContain(vault.path);
    // list() stops at the first damaged entry in label order, which may be another damaged label.
    expect(error.message).toMatch(call === calls[1] ? /entry "[^"]+"/ : `entry "${label}"`);
    expect(error.message).toContain('left unchanged');
  }
  expect(await readFile(vault.path)).toEqual(before);
}

test.describe('vault file integrity', () => {
  test('the file holds no secret, recovery code or data value in any common encoding', async ({
    open,
    dir,
  }) => {
    for (const options of [{}, { key: 'a passphrase for this test', path: `${dir}/passphrase.json` }]) {
      const vault = await seeded(open, options);
      await vault.update('github', (entry) => entry && { ...entry, data: { token: 'data-value-secret' } });
      const bytes = await readFile(vault.path);
      const text = bytes.toString('utf8');
      const secrets = [
        'JBSWY3DPEHPK3PXP',
        RFC_SECRET,
        'recov-aaaa-1111',
        'recov-bbbb-2222',
        'data-value-secret',
      ];
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
        expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
        expect(text).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
        expect(text).not.toContain(Buffer.from(secret).toString('hex'));
      }
      expect(text).not.toContain(Buffer.from('12345678901234567890').toString('base64').slice(0, 12));
      expect(text).not.toContain('a passphrase for this test');
    }
  });

  test('the same account under two labels encrypts to unrelated bytes', async ({ open }) => {
    const vault = await open();
    await vault.add('one', TOTP_URI);
    await vault.add('two', TOTP_URI);
    const { entries } = await readJson(vault);
    expect(entries.one?.data).not.toBe(entries.two?.data);
    expect(entries.one?.key).not.toBe(entries.two?.key);
  });

  test('a changed bit in an entry is reported as corrupt and the file is not rewritten', async ({ open }) => {
    const vault = await seeded(open);
    const json = await readJson(vault);
    const github = json.entries.github as Record<string, string>;
    github.data = flipBit(github.data as string);
    await writeFile(vault.path, JSON.stringify(json));
    await expectCorruptAndUntouched(vault, 'github');
    expect((await vault.get('bank')).type).toBe('hotp');
  });

  test('a changed bit in a wrapped data key is reported as corrupt', async ({ open }) => {
    const vault = await seeded(open);
    const json = await readJson(vault);
    const bank = json.entries.bank as Record<string, string>;
    bank.key = flipBit(bank.key as string);
    await writeFile(vault.path, JSON.stringify(json));
    await expectCorruptAndUntouched(vault, 'bank');
    const error = await caught(() => vault.nextHotp('bank'));
    expect(error.code).toBe('PW2FA_VAULT_CORRUPT');
    expect(error.message).toContain('edited or moved from another label');
  });

  test('entries swapped between labels do not open under the wrong label', async ({ open }) => {
    const vault = await seeded(open);
    const json = await readJson(vault);
    [json.entries.github, json.entries.bank] = [json.entries.bank ?? {}, json.entries.github ?? {}];
    await writeFile(vault.path, JSON.stringify(json));
    await expectCorruptAndUntouched(vault, 'github');
    await expectCorruptAndUntouched(vault, 'bank');
  });

  test('an entry copied from another vault with another key does not open', async ({ open, dir }) => {
    const vault = await seeded(open);
    const other = await open({ key: generateKey(), path: `${dir}/other.json` });
    await other.add('github', TOTP_URI);
    const json = await readJson(vault);
    json.entries.github = (await readJson(other)).entries.github ?? {};
    await writeFile(vault.path, JSON.stringify(json));
    await expectCorruptAndUntouched(vault, 'github');
  });

  for (const [name, damage] of [
    ['a truncated file', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['an empty file', () => ''],
    ['an unknown format version', (text: string) => text.replace('"version": 1', '"version": 2')],
    ['an entry with a missing field', (text: string) => text.replace(/"createdAt": "[^"]+",/, '')],
    [
      'a header asking for an absurd scrypt cost',
      (text: string) => text.replace('"N": 32768', '"N": 1073741824'),
    ],
    [
      'a header asking for a gigabyte of scrypt memory',
      (text: string) => text.replace('"N": 32768', '"N": 1048576'),
    ],
    [
      'a header that is not base64',
      (text: string) => text.replace(/"check": "[^"]+"/, '"check": "not base64!"'),
    ],
  ] as const) {
    test(`${name} is reported as corrupt on open, read and write, and left as it was`, async ({ open }) => {
      const vault = await seeded(open, { key: 'passphrase for corruption tests' });
      const damaged = damage(await readFile(vault.path, 'utf8'));
      await writeFile(vault.path, damaged);
      const calls: Array<() => Promise<unknown>> = [
        () => open({ key: 'passphrase for corruption tests' }),
        () => vault.get('github'),
        () => vault.list(),
        () => vault.add('new', TOTP_URI),
        () => vault.remove('github'),
        () => vault.nextHotp('bank'),
      ];
      for (const call of calls) {
        const error = await caught(call);
        expect(error.code).toBe('PW2FA_VAULT_CORRUPT');
        expect(error.message).toContain(vault.path);
      }
      expect(await readFile(vault.path, 'utf8')).toBe(damaged);
    });
  }

  test('the version message says to upgrade', async ({ open }) => {
    const vault = await seeded(open);
    await writeFile(vault.path, (await readFile(vault.path, 'utf8')).replace('"version": 1', '"version": 2'));
    expect((await caught(() => vault.list())).message).toBe(
      `The vault file ${vault.path} has format version 2, but this playwright-2fa reads version 1 (upgrade ` +
        'playwright-2fa if the file came from a newer one). The file was left unchanged; restore it from ' +
        'version control or a backup.',
    );
  });

  test('a corrupt entry can still be removed on purpose, and the others survive', async ({ open }) => {
    const vault = await seeded(open);
    const json = await readJson(vault);
    const github = json.entries.github as Record<string, string>;
    github.data = flipBit(github.data as string);
    await writeFile(vault.path, JSON.stringify(json));
    expect(await vault.remove('github')).toBe(true);
    expect((await vault.list()).map((info) => info.label)).toEqual(['bank']);
  });
});
