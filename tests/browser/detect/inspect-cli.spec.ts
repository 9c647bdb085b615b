import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// `pw2fa inspect` from the built package (npm run build), as a user runs it.
const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'cli', 'index.js');

let dir: string;
const pw2fa = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, PW2FA_VAULT_KEY: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-inspect-'));
  // A prefilled value stands for what a user typed: inspect must never print it.
  writeFileSync(
    join(dir, 'login.html'),
    `<title>Sign in</title><h1>Two-factor authentication</h1>
    <p>Enter the code from your authenticator app.</p>
    <form><input type="password" name="password" value="hunter2-secret">
    <input name="otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6" value="918273">
    <input name="promo" placeholder="Promo code"><button>Verify</button></form>`,
  );
  writeFileSync(
    join(dir, 'tv.html'),
    '<h1>Activate your TV</h1><p>Enter the code shown on your TV.</p><input name="c">',
  );
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('pw2fa inspect <file> prints the prompt, the scored candidates and why the winner won', () => {
  const run = pw2fa(['inspect', 'login.html']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const out = run.stdout;
  expect(out).toMatch(
    /^prompt: totp \(6 characters, numeric, 1 input\(s\), submit button found, confidence [\d.]+\)$/m,
  );
  expect(out).toMatch(/^why: totp prompt in file:\/\/.*login\.html: the best code field scored/m);
  expect(out).toMatch(
    /^ {2}1\. winner +[\d.]+ +input\[type=text\]\[name=otp\]\[autocomplete=one-time-code\]/m,
  );
  expect(out).toContain('left out: a password field');
  expect(out).toContain('left out: its label says another kind of field (promo)');
  expect(out).not.toContain('hunter2-secret');
  expect(out).not.toContain('918273');
});

test('pw2fa inspect --json gives the same explanation for scripts', () => {
  const run = pw2fa(['inspect', 'login.html', '--json']);
  expect(run.status).toBe(0);
  const json = JSON.parse(run.stdout) as {
    prompt: { kind: string; codeLength: number; charset: string; inputs: number };
    candidates: { status: string; field: string }[];
    frames: { answered: boolean }[];
  };
  expect(json.prompt).toMatchObject({ kind: 'totp', codeLength: 6, charset: 'numeric', inputs: 1 });
  expect(json.candidates[0]).toMatchObject({
    status: 'winner',
    field: expect.stringContaining('[name=otp]'),
  });
  expect(json.frames).toEqual([expect.objectContaining({ answered: true })]);
  expect(run.stdout).not.toMatch(/hunter2-secret|918273/);
});

test('pw2fa inspect says why a page is not a prompt', () => {
  const run = pw2fa(['inspect', 'tv.html']);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^prompt: none$/m);
  expect(run.stdout).toContain('why: no prompt: a device activation / pairing page: not a sign-in challenge');
});

test('pw2fa inspect names a target that is neither a file nor a URL', () => {
  const run = pw2fa(['inspect', 'no-such-page.html']);
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(
    'pw2fa: Expected a URL (https://…) or an HTML file, got "no-such-page.html": no such file.\n',
  );
});
