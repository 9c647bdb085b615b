import { readFile, stat } from 'node:fs/promises';
import type { OtpAccount } from '../../../src/otp/account.js';
import { generateCode } from '../../../src/otp/generate.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { caught, expect, HOTP_URI, RFC_SECRET, TOTP_URI, test } from './helpers.js';

test.describe('Vault entries', () => {
  test('returns the account an otpauth URI was stored as, also from a fresh open', async ({ open }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    expect(await vault.get('github')).toEqual(parseOtpauth(TOTP_URI));
    const again = await open();
    expect(again.path).toBe(vault.path);
    expect(await again.get('github')).toEqual(parseOtpauth(TOTP_URI));
  });

  test('accepts an OtpAccount object, normalises its secret and drops unknown fields', async ({ open }) => {
    const vault = await open();
    const account = { ...parseOtpauth(TOTP_URI), secret: 'jbsw y3dp ehpk 3pxp', extra: 'ignored' };
    await vault.add('github', account as OtpAccount);
    expect(await vault.get('github')).toEqual(parseOtpauth(TOTP_URI));
  });

  test('rejects a bad URI or account before writing anything', async ({ open }) => {
    const vault = await open();
    expect((await caught(() => vault.add('x', 'https://example.com'))).code).toBe('PW2FA_BAD_URI');
    expect((await caught(() => vault.add('x', 'otpauth://totp/x?secret=0000'))).code).toBe(
      'PW2FA_BAD_SECRET',
    );
    const badDigits = { ...parseOtpauth(TOTP_URI), digits: 12 };
    const error = await caught(() => vault.add('x', badDigits));
    expect(error.code).toBe('PW2FA_BAD_OPTION');
    expect(error.message).toContain('digits');
    await expect(stat(vault.path)).rejects.toThrow(/ENOENT/);
  });

  test('entry() reads a whole entry without writing, and creates no vault for a missing label', async ({
    open,
  }) => {
    const vault = await open();
    expect(await vault.entry('github')).toBeUndefined();
    await expect(stat(vault.path)).rejects.toThrow(/ENOENT/);
    await vault.add('github', TOTP_URI);
    await vault.addRecoveryCodes('github', ['a1b2-c3d4']);
    await vault.update('github', (entry) => entry && { ...entry, data: { note: 'kept' } });
    const before = await readFile(vault.path, 'utf8');
    expect(await vault.entry('github')).toEqual({
      otp: parseOtpauth(TOTP_URI),
      recoveryCodes: ['a1b2-c3d4'],
      data: { note: 'kept' },
    });
    expect(await readFile(vault.path, 'utf8')).toBe(before);
  });

  test('lists secret-free summaries sorted by label', async ({ open }) => {
    const vault = await open();
    await vault.add('zeta', TOTP_URI);
    await vault.add('alpha', HOTP_URI);
    await vault.addRecoveryCodes('alpha', ['rc-one-1111', 'rc-two-2222']);
    await vault.update('passkey-only', () => ({ recoveryCodes: [], data: { credential: 'cred-value-xyz' } }));
    const list = await vault.list();
    expect(list.map((info) => info.label)).toEqual(['alpha', 'passkey-only', 'zeta']);
    expect(list[0]).toMatchObject({
      label: 'alpha',
      type: 'hotp',
      issuer: 'Bank',
      account: 'me',
      algorithm: 'SHA1',
      digits: 6,
      counter: 0,
      recoveryCodesLeft: 2,
      dataKeys: [],
    });
    expect(list[0]).not.toHaveProperty('period');
    expect(list[1]).toEqual({
      label: 'passkey-only',
      recoveryCodesLeft: 0,
      dataKeys: ['credential'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(list[2]).toMatchObject({ label: 'zeta', type: 'totp', period: 30 });
    const text = JSON.stringify(list);
    for (const secret of ['JBSWY3DPEHPK3PXP', RFC_SECRET, 'rc-one-1111', 'rc-two-2222', 'cred-value-xyz']) {
      expect(text).not.toContain(secret);
    }
    for (const info of list) expect(Object.keys(info)).not.toContain('secret');
  });

  test('adding to an existing label rotates the secret and keeps recovery codes, data and createdAt', async ({
    open,
  }) => {
    const vault = await open();
    const first = await vault.add('github', TOTP_URI);
    await vault.addRecoveryCodes('github', ['keep-me-1234']);
    await vault.update('github', (entry) => entry && { ...entry, data: { note: 'kept' } });
    const rotated = `otpauth://totp/GitHub:octocat?secret=${RFC_SECRET}&issuer=GitHub`;
    const info = await vault.add('github', rotated);
    expect((await vault.get('github')).secret).toBe(RFC_SECRET);
    expect(info).toMatchObject({ label: 'github', recoveryCodesLeft: 1, dataKeys: ['note'] });
    expect(info.createdAt).toBe(first.createdAt);
    expect(Date.parse(info.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
    expect((await vault.list()).length).toBe(1);
  });

  test('remove deletes an entry and returns false when there was none', async ({ open }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    expect(await vault.has('github')).toBe(true);
    expect(await vault.remove('github')).toBe(true);
    expect(await vault.has('github')).toBe(false);
    expect(await vault.remove('github')).toBe(false);
    expect(await vault.list()).toEqual([]);
  });

  test('an unknown label names the labels that exist and a case-only near miss', async ({ open }) => {
    const vault = await open();
    const empty = await caught(() => vault.get('github'));
    expect(empty.code).toBe('PW2FA_UNKNOWN_ACCOUNT');
    expect(empty.message).toBe(
      `No entry "github": the vault ${vault.path} is empty. ` +
        'Add one with vault.add(label, otpauthUri) or `pw2fa add <label> --uri <otpauth>`.',
    );
    await vault.add('github', TOTP_URI);
    await vault.add('bank', HOTP_URI);
    const error = await caught(() => vault.get('GitHub'));
    expect(error.code).toBe('PW2FA_UNKNOWN_ACCOUNT');
    expect(error.message).toBe(
      `No entry "GitHub" in the vault ${vault.path}. Did you mean "github"? Labels are case-sensitive. ` +
        'Known labels: "bank", "github".',
    );
  });

  test('get on an entry without an authenticator says so instead of returning nothing', async ({ open }) => {
    const vault = await open();
    await vault.update('site', () => ({ recoveryCodes: [], data: { passkey: { id: 'abc' } } }));
    const error = await caught(() => vault.get('site'));
    expect(error.code).toBe('PW2FA_UNKNOWN_ACCOUNT');
    expect(error.message).toContain('"site" in');
    expect(error.message).toContain('has no authenticator secret (it holds only data (passkey))');
  });

  test('labels are trimmed; empty, over-long and control-character labels are refused', async ({ open }) => {
    const vault = await open();
    expect((await vault.add('  github  ', TOTP_URI)).label).toBe('github');
    expect(await vault.has('github ')).toBe(true);
    await vault.add('x'.repeat(200), TOTP_URI);
    for (const bad of ['', '   ', 'x'.repeat(201), 'line\nbreak', 'tab\there', 'nul\u0000']) {
      const error = await caught(() => vault.add(bad, TOTP_URI));
      expect(error.code, JSON.stringify(bad)).toBe('PW2FA_BAD_OPTION');
    }
    expect((await caught(() => vault.get('a\u0007b'))).message).toBe(
      'The label contains the control character U+0007; use printable characters only.',
    );
  });

  test('labels that are Object.prototype names are stored like any other', async ({ open }) => {
    const vault = await open();
    await vault.add('__proto__', TOTP_URI);
    await vault.add('constructor', HOTP_URI);
    const again = await open();
    expect((await again.list()).map((info) => info.label)).toEqual(['__proto__', 'constructor']);
    expect((await again.get('__proto__')).type).toBe('totp');
  });
});

test.describe('HOTP counters', () => {
  test('nextHotp hands out consecutive counters with RFC 4226 codes and persists the next one', async ({
    open,
  }) => {
    const vault = await open();
    await vault.add('bank', HOTP_URI);
    expect(await vault.nextHotp('bank')).toEqual({ code: '755224', counter: 0 });
    expect(await vault.nextHotp('bank')).toEqual({ code: '287082', counter: 1 });
    const again = await open();
    expect(await again.nextHotp('bank')).toEqual({ code: '359152', counter: 2 });
    expect((await again.get('bank')).counter).toBe(3);
    expect((await again.list())[0]?.counter).toBe(3);
  });

  test('nextHotp refuses a TOTP entry and leaves it unchanged', async ({ open }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    const before = await readFile(vault.path);
    const error = await caught(() => vault.nextHotp('github'));
    expect(error.code).toBe('PW2FA_BAD_OPTION');
    expect(error.message).toContain('TOTP');
    expect(await readFile(vault.path)).toEqual(before);
    expect(generateCode(await vault.get('github'), { at: 0 }).code).toBe('282760');
  });
});

test.describe('recovery codes', () => {
  test('addRecoveryCodes trims, skips blanks and duplicates, and returns how many are stored', async ({
    open,
  }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    expect(await vault.addRecoveryCodes('github', [' aaaa-1111 ', 'bbbb-2222', 'aaaa-1111', '', '  '])).toBe(
      2,
    );
    expect(await vault.addRecoveryCodes('github', ['bbbb-2222', 'cccc-3333'])).toBe(3);
    expect((await vault.list())[0]?.recoveryCodesLeft).toBe(3);
  });

  test('takeRecoveryCode consumes codes oldest first, each once, then reports none left', async ({
    open,
  }) => {
    const vault = await open();
    await vault.addRecoveryCodes('github', ['aaaa-1111', 'bbbb-2222']);
    expect(await vault.takeRecoveryCode('github')).toEqual({ code: 'aaaa-1111', remaining: 1 });
    expect(await (await open()).takeRecoveryCode('github')).toEqual({ code: 'bbbb-2222', remaining: 0 });
    const error = await caught(() => vault.takeRecoveryCode('github'));
    expect(error.code).toBe('PW2FA_NO_RECOVERY_CODE');
    expect(error.message).toBe(
      `No recovery codes left for "github" in ${vault.path}. Generate new ones on the site and store them ` +
        'with vault.addRecoveryCodes(label, codes).',
    );
  });

  test('takeRecoveryCode on an unknown label is an unknown account, not an empty list', async ({ open }) => {
    const vault = await open();
    expect((await caught(() => vault.takeRecoveryCode('nope'))).code).toBe('PW2FA_UNKNOWN_ACCOUNT');
  });

  test('refuses a multi-line blob passed as one code', async ({ open }) => {
    const vault = await open();
    const error = await caught(() => vault.addRecoveryCodes('github', ['aaaa\nbbbb']));
    expect(error.code).toBe('PW2FA_BAD_OPTION');
    expect(error.message).not.toContain('aaaa');
  });
});

test.describe('update', () => {
  test('creates, changes and removes an entry holding only data', async ({ open }) => {
    const vault = await open();
    const created = await vault.update('site', (entry) => {
      expect(entry).toBeUndefined();
      return { recoveryCodes: [], data: { passkey: { id: 'cred-1', signCount: 0 } } };
    });
    expect(created).toEqual({ recoveryCodes: [], data: { passkey: { id: 'cred-1', signCount: 0 } } });
    await vault.update('site', (entry) => {
      if (entry) entry.data.passkey = { id: 'cred-1', signCount: 1 };
    });
    expect((await vault.list())[0]).toMatchObject({ label: 'site', dataKeys: ['passkey'] });
    expect(await vault.update('site', (entry) => entry)).toEqual({
      recoveryCodes: [],
      data: { passkey: { id: 'cred-1', signCount: 1 } },
    });
    expect(await vault.update('site', () => null)).toBeUndefined();
    expect(await vault.has('site')).toBe(false);
  });

  test('does not rewrite the file when nothing changed', async ({ open }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    const before = await readFile(vault.path);
    await vault.update('github', (entry) => entry);
    await vault.update('absent', () => undefined);
    expect(await readFile(vault.path)).toEqual(before);
    expect(await vault.has('absent')).toBe(false);
  });

  test('refuses an entry that is not JSON data and writes nothing', async ({ open }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    const before = await readFile(vault.path);
    const error = await caught(() =>
      vault.update('github', (entry) => entry && { ...entry, data: { when: new Date() as never } }),
    );
    expect(error.code).toBe('PW2FA_BAD_OPTION');
    expect(error.message).toContain('data.when');
    expect(await readFile(vault.path)).toEqual(before);
  });
});
