import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import QRCode from 'qrcode';
import sharp from 'sharp';

const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'cli', 'index.js');
const URI =
  'otpauth://totp/Acme:ada%40acme.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme&digits=8';

let dir: string;
const env = { PATH: process.env.PATH ?? '', PW2FA_VAULT_KEY: randomBytes(32).toString('base64') };
const pw2fa = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env, encoding: 'utf8' });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-scan-'));
  writeFileSync(join(dir, 'qr.png'), await QRCode.toBuffer(URI, { margin: 4, scale: 6 }));
  const blank = await sharp({ create: { width: 200, height: 120, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();
  writeFileSync(join(dir, 'blank.png'), blank);
  writeFileSync(join(dir, 'empty.png'), Buffer.alloc(0));
  writeFileSync(join(dir, 'notes.png'), 'not an image, just text named like one\n');
  const qr = await QRCode.toBuffer(URI, { margin: 4, scale: 6 });
  writeFileSync(join(dir, 'cut.png'), qr.subarray(0, qr.length >> 1));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('pw2fa scan --json prints the accounts with the secret hidden, and the text form never shows it', () => {
  const run = pw2fa(['scan', 'qr.png', '--json']);
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual([
    {
      type: 'totp',
      secret: '(hidden: pass --show-secret)',
      issuer: 'Acme',
      account: 'ada@acme.test',
      algorithm: 'SHA1',
      digits: 8,
      period: 30,
      counter: 0,
    },
  ]);
  expect(run.stdout + run.stderr).not.toContain('JBSWY3DP');
  const text = pw2fa(['scan', 'qr.png']);
  expect(text.stdout).toBe('Acme: ada@acme.test — TOTP, 8 digits every 30 s\n');
  expect(text.stdout + text.stderr).not.toContain('JBSWY3DP');
});

test('pw2fa scan --json --show-secret prints the secret, ready for pw2fa add --uri', () => {
  const run = pw2fa(['scan', 'qr.png', '--json', '--show-secret']);
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual([
    expect.objectContaining({
      type: 'totp',
      issuer: 'Acme',
      account: 'ada@acme.test',
      digits: 8,
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    }),
  ]);
});

test('pw2fa add --qr stores the scanned account', () => {
  expect(pw2fa(['add', 'acme', '--qr', 'qr.png']).status).toBe(0);
  expect(JSON.parse(pw2fa(['code', 'acme', '--json']).stdout).code).toMatch(/^\d{8}$/);
});

test('an image without a code is one clear error line', () => {
  const run = pw2fa(['scan', 'blank.png']);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(
    /^pw2fa: Looked for an otpauth:\/\/ QR code or a printed setup key in the 200×120 image, but found no QR code/,
  );
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
});

test('bad files are one typed error line each, and never an account', () => {
  for (const [file, says] of [
    ['empty.png', 'the input is empty'],
    ['notes.png', 'is not in any image format sharp knows'],
    ['cut.png', 'the PNG data is damaged or truncated'],
  ] as const) {
    const run = pw2fa(['scan', file, '--json', '--show-secret']);
    expect(run.status, file).toBe(1);
    expect(run.stdout, file).toBe('');
    expect(run.stderr, file).toMatch(new RegExp(`^pw2fa: Expected a PNG or JPEG image, but .*${says}`));
    expect(run.stderr.trim().split('\n'), file).toHaveLength(1);
  }
});
