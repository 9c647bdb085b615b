import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKey, isRawKey } from '../../../src/vault/keys.js';
import { resolveVaultSettings } from '../../../src/vault/settings.js';
import { Vault } from '../../../src/vault/vault.js';
import { caught, expect, RAW_KEY, TOTP_URI, test } from './helpers.js';

const PASSPHRASE = 'correct horse battery staple';
const header = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

test.describe('vault keys', () => {
  test('a passphrase is stretched with scrypt whose salt and cost are stored in the header', async ({
    open,
  }) => {
    const vault = await open({ key: PASSPHRASE });
    await vault.add('github', TOTP_URI);
    const kdf = (await header(vault.path)).kdf as Record<string, unknown>;
    expect(kdf).toEqual({ name: 'scrypt', salt: expect.any(String), N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(kdf.salt as string, 'base64').length).toBe(16);
    expect((await (await open({ key: PASSPHRASE })).get('github')).secret).toBe('JBSWY3DPEHPK3PXP');
  });

  test('a passphrase opens a vault whose header asks for a different scrypt cost', async ({ open }) => {
    const vault = await open({ key: PASSPHRASE });
    await vault.add('github', TOTP_URI);
    // Re-create the vault by hand with N = 2^14, as a future version with other defaults would.
    const file = await header(vault.path);
    const { MasterKey, makeKeyCheck } = await import('../../../src/vault/keys.js');
    const { sealEnvelope } = await import('../../../src/vault/envelope.js');
    const kdf = {
      name: 'scrypt' as const,
      salt: Buffer.alloc(16, 1).toString('base64'),
      N: 2 ** 14,
      r: 8,
      p: 1,
    };
    const master = await new MasterKey(PASSPHRASE).derive(kdf);
    const entry = Buffer.from(
      JSON.stringify({ otp: await vault.get('github'), recoveryCodes: [], data: {} }),
    );
    const stamp = new Date().toISOString();
    const entries = {
      github: { ...sealEnvelope(master, 'github', entry), createdAt: stamp, updatedAt: stamp },
    };
    await writeFile(vault.path, JSON.stringify({ ...file, kdf, check: makeKeyCheck(master), entries }));
    expect((await (await open({ key: PASSPHRASE })).get('github')).secret).toBe('JBSWY3DPEHPK3PXP');
  });

  test('a base64 key of 32 bytes is used raw, in standard or URL-safe base64', async ({ open, dir }) => {
    const key = generateKey();
    expect(isRawKey(key)).toBe(true);
    expect(isRawKey(PASSPHRASE)).toBe(false);
    expect(isRawKey(Buffer.alloc(31).toString('base64'))).toBe(false);
    const vault = await open({ key });
    await vault.add('github', TOTP_URI);
    expect((await header(vault.path)).kdf).toEqual({ name: 'none' });
    const urlSafe = Buffer.from(key, 'base64').toString('base64url');
    expect((await (await open({ key: urlSafe })).get('github')).account).toBe('octocat');
    const other = await open({ key, path: join(dir, 'b.json') });
    await other.add('x', TOTP_URI);
    expect((await readFile(other.path, 'utf8')).includes('scrypt')).toBe(false);
  });

  test('a wrong key is reported as a mismatch with where the key came from', async ({ open }) => {
    const vault = await open({ key: PASSPHRASE });
    await vault.add('github', TOTP_URI);
    const before = await readFile(vault.path);
    const wrong = await caught(() => open({ key: 'correct horse battery stapler' }));
    expect(wrong.code).toBe('PW2FA_VAULT_KEY_MISMATCH');
    expect(wrong.message).toBe(
      `The vault key does not open ${vault.path}. Set PW2FA_VAULT_KEY to the key it was created with. ` +
        '(The key tried came from the `key` option.)',
    );
    expect(wrong.message).not.toContain('stapler');
    const raw = await caught(() => open({ key: RAW_KEY }));
    expect(raw.code).toBe('PW2FA_VAULT_KEY_MISMATCH');
    expect(await readFile(vault.path)).toEqual(before);
  });

  test('a raw-key vault opened with a passphrase says which kind of key it needs', async ({ open }) => {
    const vault = await open({ key: RAW_KEY });
    await vault.add('github', TOTP_URI);
    const error = await caught(() => open({ key: PASSPHRASE }));
    expect(error.code).toBe('PW2FA_VAULT_KEY_MISMATCH');
    expect(error.message).toContain('created with a 32-byte base64 key, but the key given is a passphrase');
  });

  test('without any key, a new vault gets a 0600 key file and a .gitignore for it', async ({ dir }) => {
    const vault = await Vault.open({ cwd: dir, env: {} });
    expect(vault.path).toBe(join(dir, '.pw2fa', 'vault.json'));
    expect(vault.keySource).toBe('created');
    expect(vault.keyFile).toBe(join(dir, '.pw2fa', 'vault.key'));
    const keyFile = join(dir, '.pw2fa', 'vault.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(isRawKey((await readFile(keyFile, 'utf8')).trim())).toBe(true);
    expect(await readFile(join(dir, '.pw2fa', '.gitignore'), 'utf8')).toMatch(/^vault\.key$/m);
    await vault.add('github', TOTP_URI);
    expect((await stat(vault.path)).mode & 0o777).toBe(0o600);
    const again = await Vault.open({ cwd: dir, env: {} });
    expect(again.keySource).toBe('keyFile');
    expect((await again.get('github')).account).toBe('octocat');
  });

  test('no .gitignore is written into a directory that already existed', async ({ dir }) => {
    const vault = await Vault.open({ path: join(dir, 'vault.json'), env: {} });
    expect(vault.keySource).toBe('created');
    await expect(stat(join(dir, '.gitignore'))).rejects.toThrow(/ENOENT/);
  });

  test('processes opening a new vault at the same time agree on one key file', async ({ dir }) => {
    const vaults = await Promise.all(Array.from({ length: 6 }, () => Vault.open({ cwd: dir, env: {} })));
    expect(vaults.filter((vault) => vault.keySource === 'created')).toHaveLength(1);
    await Promise.all(vaults.map((vault, i) => vault.add(`label-${i}`, TOTP_URI)));
    expect(await (await Vault.open({ cwd: dir, env: {} })).list()).toHaveLength(6);
  });

  test('an existing vault without a key fails naming every place searched', async ({ dir, open }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    const error = await caught(() => Vault.open({ cwd: dir, env: {} }));
    expect(error.code).toBe('PW2FA_VAULT_KEY_MISSING');
    expect(error.message).toBe(
      `The vault ${vault.path} exists but no key for it was found. Looked in: the \`key\` option, ` +
        `PW2FA_VAULT_KEY in the environment, PW2FA_VAULT_KEY in ${join(dir, '.env')}, ` +
        `the key file ${join(dir, '.pw2fa', 'vault.key')}. Set PW2FA_VAULT_KEY to the key the vault was created with.`,
    );
  });
});

test.describe('vault settings', () => {
  test('defaults to .pw2fa/vault.json and vault.key under the working directory', async ({ dir }) => {
    const settings = await resolveVaultSettings({ cwd: dir, env: {} });
    expect(settings).toMatchObject({
      path: join(dir, '.pw2fa', 'vault.json'),
      keyFile: join(dir, '.pw2fa', 'vault.key'),
    });
    expect(settings.key).toBeUndefined();
  });

  test('reads PW2FA_VAULT and PW2FA_VAULT_KEY from .env without touching process.env', async ({ dir }) => {
    await writeFile(join(dir, '.env'), 'PW2FA_VAULT=secrets/v.json\nPW2FA_VAULT_KEY="from dotenv"\n');
    const settings = await resolveVaultSettings({ cwd: dir, env: {} });
    expect(settings.path).toBe(join(dir, 'secrets', 'v.json'));
    expect(settings.keyFile).toBe(join(dir, 'secrets', 'vault.key'));
    expect(settings.key).toEqual({ value: 'from dotenv', source: 'dotenv' });
    expect(process.env.PW2FA_VAULT_KEY === 'from dotenv').toBe(false);
  });

  test('the environment wins over .env, and options win over both', async ({ dir }) => {
    await writeFile(join(dir, '.env'), 'PW2FA_VAULT=dotenv.json\nPW2FA_VAULT_KEY=dotenv-key\n');
    const env = { PW2FA_VAULT: '/abs/env.json', PW2FA_VAULT_KEY: 'env-key' };
    expect(await resolveVaultSettings({ cwd: dir, env })).toMatchObject({
      path: '/abs/env.json',
      key: { value: 'env-key', source: 'env' },
    });
    expect(await resolveVaultSettings({ cwd: dir, env, path: 'opt.json', key: 'opt-key' })).toMatchObject({
      path: join(dir, 'opt.json'),
      key: { value: 'opt-key', source: 'option' },
    });
  });

  test('blank variables count as unset and the key file is the last resort', async ({ dir }) => {
    await mkdir(join(dir, 'keys'));
    await writeFile(join(dir, 'keys', 'k'), `${RAW_KEY}\n`);
    const env = { PW2FA_VAULT_KEY: '  ', PW2FA_VAULT_KEY_FILE: 'keys/k' };
    expect(await resolveVaultSettings({ cwd: dir, env })).toMatchObject({
      keyFile: join(dir, 'keys', 'k'),
      key: { value: RAW_KEY, source: 'keyFile' },
    });
    expect((await resolveVaultSettings({ cwd: dir, env, keyFile: 'elsewhere' })).keyFile).toBe(
      join(dir, 'elsewhere'),
    );
  });

  test('an empty key option is a usage error, not a silent fallback', async ({ dir }) => {
    expect((await caught(() => Vault.open({ cwd: dir, env: {}, key: '' }))).code).toBe('PW2FA_BAD_OPTION');
  });
});
