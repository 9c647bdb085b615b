import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import {
  guardAttachments,
  RedactionRegistry,
  ScrubError,
  scrubDirectorySync,
  scrubFileSync,
} from '../../../src/artifacts/index.js';
import { readZip, replaceContent, writeZip, type ZipEntry } from '../../../src/artifacts/zip.js';
import { LoginRecorder } from '../../../src/report/login-record.js';
import { formatSummary, summarize } from '../../../src/report/summary.js';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-scrub-'));
});
test.afterEach(() => {
  readOnly(dir, false);
  rmSync(dir, { recursive: true, force: true });
});

/** Root ignores permission bits, so as root the folder is made immutable instead (same errors for writers). */
function readOnly(folder: string, on: boolean): void {
  if (process.getuid?.() === 0) execFileSync('chattr', [on ? '+i' : '-i', folder]);
  else chmodSync(folder, on ? 0o500 : 0o700);
}

function registryWith(...values: string[]): RedactionRegistry {
  const registry = new RedactionRegistry();
  for (const value of values) registry.add(value);
  return registry;
}

function scrubbed(text: string, ...values: string[]): string {
  const buffer = Buffer.from(text);
  registryWith(...values).redact(buffer);
  return buffer.toString();
}

/** A zip as `zip` would write it, so the reader is not only tested against our own writer. */
function systemZip(files: Record<string, string | Buffer>): string {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(src, name), body);
  const out = join(dir, 'trace.zip');
  execFileSync('zip', ['-qr', out, '.'], { cwd: src });
  return out;
}

test('masks a code in JSON params, form bodies and snapshots, keeping the length', () => {
  const text = '{"params":{"text":"493817"}} otp=493817&x=1 <input __playwright_value_="493817">';
  expect(scrubbed(text, '493817')).toBe(
    '{"params":{"text":"******"}} otp=******&x=1 <input __playwright_value_="******">',
  );
});

test('masks a common code like 000000 only where it stands alone, not inside numbers', () => {
  const text = '"value":"000000" "wallTime":1733000000001 width=1000000 code=000000';
  expect(scrubbed(text, '000000')).toBe(
    '"value":"******" "wallTime":1733000000001 width=1000000 code=******',
  );
});

test('masks a password with symbols anywhere, and its URL-encoded and base64 forms', () => {
  const password = 'p@ss w0rd/!';
  const b64 = Buffer.from(password).toString('base64').replace(/=+$/, '');
  const text = `x${password}y password=${encodeURIComponent(password)} ${b64}`;
  const out = scrubbed(text, password);
  expect(out).not.toContain(password);
  expect(out).not.toContain(encodeURIComponent(password));
  expect(out).not.toContain(b64);
});

test('ignores values shorter than 4 characters and leaves text without values untouched', () => {
  expect(scrubbed('abc 123 abc', 'abc')).toBe('abc 123 abc');
  const registry = registryWith('493817');
  expect(registry.redact(Buffer.from('nothing here 49381 4938170'))).toBe(0);
});

test('rewrites a trace zip written by zip(1): entries intact, the value gone, pictures untouched', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('493817 inside a picture')]);
  const path = systemZip({ 'test.trace': '{"text":"493817"}\n'.repeat(50), 'page.jpeg': jpeg });
  expect(scrubFileSync(path, registryWith('493817')).masked).toBe(50);
  execFileSync('unzip', ['-tqq', path]);
  const out = execFileSync('unzip', ['-p', path, 'test.trace'], { encoding: 'utf8' });
  expect(out).not.toContain('493817');
  expect(out).toContain('"text":"******"');
  expect(execFileSync('unzip', ['-p', path, 'page.jpeg'])).toEqual(jpeg);
});

test('leaves a file without a handled value byte for byte as it was (no rewrite)', () => {
  const path = systemZip({ 'test.trace': 'nothing secret' });
  const before = readFileSync(path);
  expect(scrubFileSync(path, registryWith('493817')).masked).toBe(0);
  expect(readFileSync(path)).toEqual(before);
});

test('a trace still being written (cut short) fails loudly and is left as it was', () => {
  const whole = readFileSync(systemZip({ 'test.trace': '{"text":"493817"}' }));
  const path = join(dir, 'partial.zip');
  const partial = whole.subarray(0, whole.length - 30);
  writeFileSync(path, partial);
  expect(() => scrubFileSync(path, registryWith('493817'))).toThrow(ScrubError);
  expect(() => scrubFileSync(path, registryWith('493817'))).toThrow(/still being written/);
  expect(readFileSync(path)).toEqual(partial);
});

test('a trace that failed to write (missing file) fails with the path and no value in the message', () => {
  const path = join(dir, 'missing', 'trace.zip');
  const error = (() => {
    try {
      scrubFileSync(path, registryWith('493817'));
    } catch (e) {
      return e as ScrubError;
    }
    return undefined;
  })();
  expect(error?.code).toBe('PW2FA_SCRUB_FAILED');
  expect(error?.path).toBe(path);
  expect(error?.message).not.toContain('493817');
});

test('a read-only folder fails loudly, keeps the file, and leaves no temporary file behind', () => {
  const path = join(dir, 'error-context.md');
  writeFileSync(path, 'typed 493817');
  readOnly(dir, true);
  expect(() => scrubFileSync(path, registryWith('493817'))).toThrow(
    /could not replace it \((EACCES|EPERM)\)/,
  );
  expect(readFileSync(path, 'utf8')).toBe('typed 493817');
  expect(readdirSync(dir)).toEqual(['error-context.md']);
});

test('scrubbing a folder goes on after a bad file and then names it', () => {
  writeFileSync(join(dir, 'a.md'), 'typed 493817');
  writeFileSync(join(dir, 'broken.zip'), 'PK not really');
  expect(() => scrubDirectorySync(dir, registryWith('493817'))).toThrow(/broken\.zip/);
  expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('typed ******');
});

test('our zip writer round-trips entries copied raw and entries replaced', () => {
  const content = Buffer.from('keep me');
  const raw = deflateRawSync(content);
  const entry: ZipEntry = {
    name: 'a.txt',
    method: 8,
    flags: 0,
    crc: 0,
    compressedSize: raw.length,
    size: content.length,
    time: 0,
    date: 0x21,
    raw,
  };
  const fixed = replaceContent(entry, content);
  const zip = writeZip([fixed, replaceContent({ ...entry, name: 'b.txt' }, Buffer.from('other'))]);
  const path = join(dir, 'ours.zip');
  writeFileSync(path, zip);
  execFileSync('unzip', ['-tqq', path]);
  expect(readZip(zip, path).map((e) => e.name)).toEqual(['a.txt', 'b.txt']);
});

test('login records carry timings and causes, and the table never shows a code', () => {
  let now = 0;
  const recorder = new LoginRecorder(() => now);
  recorder.onEvent({
    type: 'prompt',
    kind: 'totp',
    codeLength: 6,
    frameUrl: 'https://x.test',
    confidence: 1,
  });
  now = 40;
  recorder.onEvent({ type: 'code', channel: 'vault:github', receivedInMs: 40 });
  now = 90;
  recorder.onEvent({ type: 'filled', method: 'keyboard', submit: 'enter', filledInMs: 20 });
  recorder.onEvent({ type: 'verified', attempt: 1 });
  recorder.onEvent({
    type: 'prompt',
    kind: 'email',
    codeLength: 6,
    frameUrl: 'https://x.test',
    confidence: 1,
  });
  now = 500;
  recorder.onEvent({ type: 'failed', code: 'PW2FA_TIMEOUT' });
  const records = recorder.take();
  expect(records).toEqual([
    expect.objectContaining({
      kind: 'totp',
      channel: 'vault:github',
      promptToCodeMs: 40,
      codeToAcceptedMs: 50,
      loginMs: 90,
      attempts: 1,
      ok: true,
    }),
    expect.objectContaining({ kind: 'email', channel: null, ok: false, cause: 'code never came' }),
  ]);
  const table = formatSummary(summarize(records, []));
  expect(table).toContain('2FA logins');
  expect(table).toMatch(/totp via vault:github\s+1/);
  expect(table).toMatch(/code never came\s+1/);
  expect(table).toMatch(/prompt → code\s+p50 40 ms, p95 40 ms \(n=1\)/);
});

test('the attachment guard scrubs a file as it is attached, and a failure is reported, not thrown', () => {
  const path = join(dir, 'error-context.md');
  writeFileSync(path, 'page shows 493817');
  const info = { attachments: [] as Array<{ name: string; path?: string; contentType: string }> };
  const failures: ScrubError[] = [];
  guardAttachments(info, registryWith('493817'), (error) => failures.push(error));
  info.attachments.push({ name: 'error-context', path, contentType: 'text/markdown' });
  expect(readFileSync(path, 'utf8')).toBe('page shows ******');
  const broken = join(dir, 'trace.zip');
  writeFileSync(broken, 'PK cut short');
  info.attachments.push({ name: 'trace', path: broken, contentType: 'application/zip' });
  expect(info.attachments.map((a) => a.name)).toEqual(['error-context', 'trace']); // still attached
  expect(failures.map((f) => f.path)).toEqual([broken]);
});
