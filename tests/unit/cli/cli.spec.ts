import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateCode } from '../../../src/otp/generate.js';
import { parseOtpauth } from '../../../src/otp/uri.js';

// The CLI as users get it: the compiled bin (`npm test` builds first).
const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'cli', 'index.js');
const GITHUB = 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const BANK = 'otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let key: string;

function pw2fa(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', PW2FA_VAULT_KEY: key, ...opts.env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-cli-'));
  key = randomBytes(32).toString('base64');
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('adds an account and prints its current code as JSON', () => {
  expect(pw2fa(['add', 'github', '--uri', GITHUB]).status).toBe(0);
  const run = pw2fa(['code', 'github', '--json']);
  expect(run.status).toBe(0);
  const out = JSON.parse(run.stdout) as { label: string; code: string; remainingMs: number };
  expect(out.label).toBe('github');
  expect(out.remainingMs).toBeGreaterThan(0);
  expect(out.remainingMs).toBeLessThanOrEqual(30_000);
  const expected = generateCode(parseOtpauth(GITHUB), { at: Date.now() - 30_000 + out.remainingMs }).code;
  expect(out.code).toBe(expected);
});

test('reads the URI from stdin and never writes the secret in plain text', () => {
  expect(pw2fa(['add', 'github', '--uri', '-'], { input: `${GITHUB}\n` }).status).toBe(0);
  const file = readFileSync(join(dir, '.pw2fa', 'vault.json'), 'utf8');
  expect(file).not.toContain('JBSWY3DPEHPK3PXP');
  const list = pw2fa(['list', '--json']);
  expect(list.stdout).not.toContain('JBSWY3DPEHPK3PXP');
  expect(JSON.parse(list.stdout)).toEqual([
    expect.objectContaining({ label: 'github', issuer: 'GitHub', type: 'totp' }),
  ]);
});

test('adds from a printed key with options and lists it for people', () => {
  const add = pw2fa([
    'add',
    'aws',
    '--secret',
    'jbsw y3dp ehpk 3pxp',
    '--issuer',
    'AWS',
    '--digits',
    '8',
    '--period',
    '60',
  ]);
  expect(add.stdout).toContain('Added aws: AWS (TOTP, 8 digits every 60 s)');
  expect(pw2fa(['code', 'aws']).stdout).toMatch(/^\d{8} {2}\(\d+ s left\)\n$/);
  expect(pw2fa(['list']).stdout).toMatch(
    /LABEL\s+ISSUER\s+ACCOUNT\s+TYPE\s+DIGITS\s+RECOVERY CODES\naws\s+AWS\s+totp\s+8\s+0/,
  );
});

test('advances the HOTP counter on every code', () => {
  pw2fa(['add', 'bank', '--uri', BANK]);
  // RFC 4226 appendix D values for counters 0, 1, 2.
  expect([1, 2, 3].map(() => pw2fa(['code', 'bank']).stdout.trim())).toEqual(['755224', '287082', '359152']);
  expect(JSON.parse(pw2fa(['code', 'bank', '--json']).stdout)).toEqual({
    label: 'bank',
    code: '969429',
    remainingMs: null,
  });
});

test('removes an account', () => {
  pw2fa(['add', 'github', '--uri', GITHUB]);
  expect(pw2fa(['remove', 'github']).stdout).toBe('Removed github.\n');
  expect(pw2fa(['list']).stdout).toContain('The vault is empty');
});

const USER_ERRORS: Array<[string, string[], RegExp, Record<string, string>?]> = [
  [
    'an unknown label',
    ['code', 'nope'],
    /^pw2fa: No entry "nope" in the vault .*vault\.json\. Known labels: "github"\.\n$/,
  ],
  [
    'bad base32',
    ['add', 'x', '--secret', 'JBSWY3DPEHPK3PX1'],
    /^pw2fa: The secret is not base32: it contains "1"/,
  ],
  [
    'a bad URI',
    ['add', 'x', '--uri', 'https://example.com'],
    /^pw2fa: Not a usable otpauth URI: it starts with "https:\/\/exa/,
  ],
  [
    'a wrong vault key',
    ['list'],
    /^pw2fa: The vault key does not open .*vault\.json\./,
    { PW2FA_VAULT_KEY: 'not the key' },
  ],
  ['no secret given', ['add', 'x'], /^pw2fa: Nothing to add: give --uri/],
  [
    'both --uri and --secret',
    ['add', 'x', '--uri', GITHUB, '--secret', 'JBSWY3DPEHPK3PXP'],
    /Give one of --uri, --secret or --qr/,
  ],
  [
    'a non-numeric --digits',
    ['add', 'x', '--secret', 'JBSWY3DPEHPK3PXP', '--digits', 'six'],
    /--digits to be a whole number/,
  ],
  ['removing an unknown label', ['remove', 'nope'], /^pw2fa: No account labelled "nope"/],
];
for (const [name, args, message, env] of USER_ERRORS) {
  test(`exits 1 with one clear line for ${name}`, () => {
    pw2fa(['add', 'github', '--uri', GITHUB]);
    const run = pw2fa(args, env ? { env } : {});
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stderr).not.toContain('JBSWY3DPEHPK3P');
  });
}

test('exits 1 with usage help for an unknown command', () => {
  const run = pw2fa(['bogus']);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("unknown command 'bogus'");
});

test('refuses to open an existing vault without its key', () => {
  pw2fa(['add', 'github', '--uri', GITHUB]);
  rmSync(join(dir, '.pw2fa', 'vault.key'), { force: true });
  const run = pw2fa(['list'], { env: { PW2FA_VAULT_KEY: '' } });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^pw2fa: The vault .* exists but no key for it was found\. Looked in: /);
});

test.describe('secrets off the command line', () => {
  const PS_WARNING = /^pw2fa: warning: --secret on the command line is visible to other users in `ps`/;

  test('a secret given as an argument still works, with one warning line that does not echo it', () => {
    const run = pw2fa(['add', 'github', '--secret', 'JBSWY3DPEHPK3PXP']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(PS_WARNING);
    expect(run.stderr).toContain('--secret-file <path>');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('JBSWY3DPEHPK3PXP');
    const uri = pw2fa(['add', 'other', '--uri', GITHUB]);
    expect(uri.stderr).toMatch(/^pw2fa: warning: --uri on the command line is visible/);
    expect(uri.stderr).not.toContain('JBSWY3DPEHPK3PXP');
  });

  test('reads --secret-file, --uri-file, stdin and the environment without a warning', () => {
    writeFileSync(join(dir, 'secret.txt'), 'JBSWY3DPEHPK3PXP\n', { mode: 0o600 });
    writeFileSync(join(dir, 'uri.txt'), `${BANK}\n`, { mode: 0o600 });
    const runs = [
      pw2fa(['add', 'from-file', '--secret-file', 'secret.txt']),
      pw2fa(['add', 'uri-file', '--uri-file', 'uri.txt']),
      pw2fa(['add', 'from-stdin', '--secret-file', '-'], { input: 'JBSWY3DPEHPK3PXP\n' }),
      pw2fa(['add', 'from-env'], { env: { PW2FA_ADD_URI: GITHUB } }),
    ];
    for (const run of runs)
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const listed = JSON.parse(pw2fa(['list', '--json']).stdout) as Array<{ label: string; type: string }>;
    expect(listed.map((e) => [e.label, e.type])).toEqual([
      ['from-env', 'totp'],
      ['from-file', 'totp'],
      ['from-stdin', 'totp'],
      ['uri-file', 'hotp'],
    ]);
    // The same secret, whichever way it came in. Two commands may straddle a 30 s window on a busy
    // machine, so compare only when the code read before and after the other one is the same.
    const codeOf = (label: string) =>
      (JSON.parse(pw2fa(['code', label, '--json']).stdout) as { code: string }).code;
    let compared = false;
    for (let attempt = 0; attempt < 3 && !compared; attempt++) {
      const before = codeOf('from-file');
      const other = codeOf('from-env');
      if (codeOf('from-file') !== before) continue;
      expect(other).toBe(before);
      compared = true;
    }
    expect(compared).toBe(true);
  });

  test('a failing command keeps its one error line: the warning comes only with success', () => {
    const run = pw2fa(['add', 'x', '--secret', 'JBSWY3DPEHPK3PX1']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^pw2fa: The secret is not base32/),
    ]);
    const missing = pw2fa(['add', 'x', '--secret-file', 'nope.txt']);
    expect(missing.stderr).toMatch(/^pw2fa: Could not read --secret-file nope\.txt \(ENOENT\)\.\n$/);
    const both = pw2fa(['add', 'x', '--secret', 'JBSWY3DPEHPK3PXP', '--secret-file', 'nope.txt']);
    expect(both.stderr).toMatch(/^pw2fa: Give one of --secret and --secret-file\.\n$/);
  });

  test('pw2fa relay takes --api-key-file; --api-key <k> still works, with the ps warning', async () => {
    writeFileSync(join(dir, 'relay.key'), 'relay-key-from-a-file-0123\n', { mode: 0o600 });
    for (const [args, warns] of [
      [['--api-key-file', 'relay.key'], false],
      [['--api-key', 'relay-key-from-a-file-0123'], true],
    ] as const) {
      const relay = spawn(process.execPath, [CLI, 'relay', '--host', '127.0.0.1', '--port', '0', ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '' },
      });
      try {
        let stderr = '';
        relay.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk;
        });
        const url = await new Promise<string>((resolve, reject) => {
          relay.stdout.on('data', (chunk: Buffer) => {
            const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
            if (found?.[1]) resolve(found[1]);
          });
          relay.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${stderr}`)));
        });
        const push = await new Promise<number | null>((resolve) => {
          const child = spawn(
            process.execPath,
            [CLI, 'push', 'me@example.test', '123456', '--url', url, '--api-key-file', 'relay.key'],
            {
              cwd: dir,
              env: { PATH: process.env.PATH ?? '' },
            },
          );
          child.once('exit', resolve);
        });
        expect(push).toBe(0);
        if (warns)
          expect(stderr).toMatch(
            /^pw2fa: warning: --api-key on the command line is visible to other users in `ps`/,
          );
        else expect(stderr).toBe('');
        expect(stderr).not.toContain('relay-key-from-a-file');
      } finally {
        relay.kill('SIGTERM');
      }
    }
  });
});

test('pw2fa list shows the readable entries and names the broken one, exiting 1', () => {
  pw2fa(['add', 'github', '--uri', GITHUB]);
  pw2fa(['add', 'bank', '--uri', BANK]);
  const path = join(dir, '.pw2fa', 'vault.json');
  const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { data: string }> };
  const entry = file.entries.bank as { data: string };
  // One changed character of the ciphertext: the entry no longer authenticates.
  entry.data = `${entry.data.startsWith('A') ? 'B' : 'A'}${entry.data.slice(1)}`;
  writeFileSync(path, JSON.stringify(file, null, 2));
  const run = pw2fa(['list']);
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/^LABEL.*\ngithub\s+GitHub\s+octocat\s+totp/);
  expect(run.stdout).not.toContain('bank');
  expect(run.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^pw2fa: The vault file .* is corrupt: entry "bank"/),
  ]);
  const json = pw2fa(['list', '--json']);
  expect(json.status).toBe(1);
  expect((JSON.parse(json.stdout) as Array<{ label: string }>).map((e) => e.label)).toEqual(['github']);
});

test('pw2fa add says when it created a key file, where, and that it must be kept and never committed', () => {
  const created = pw2fa(['add', 'github', '--uri', '-'], {
    input: `${GITHUB}\n`,
    env: { PW2FA_VAULT_KEY: '' },
  });
  expect(created.status).toBe(0);
  const keyFile = join(dir, '.pw2fa', 'vault.key');
  expect(created.stderr).toBe(
    `pw2fa: no vault key was set, so a new one was written to ${keyFile} (mode 0600, git-ignored). Keep it: without it the vault cannot be opened. Never commit it; in CI pass it as PW2FA_VAULT_KEY.\n`,
  );
  expect(created.stderr).not.toContain(readFileSync(keyFile, 'utf8').trim());
  // The next add reads that key file: nothing is created, nothing is said.
  const again = pw2fa(['add', 'bank', '--uri', BANK], { env: { PW2FA_VAULT_KEY: '' } });
  expect(again.status).toBe(0);
  expect(again.stderr).not.toContain('new one was written');
});
