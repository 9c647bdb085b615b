// Issue 17, checked the way a user would: run two logins (two workers) with trace, screenshots and video on,
// the HTML report and playwright-2fa/reporter, then unzip everything under test-results/ and
// playwright-report/ and blob-report/ (nested trace zips, the report's embedded base64 zip) and search every file
// for the codes that could have been typed, the password, and the vault key — as is, base64 and
// URL-encoded. A control run with `twoFactorScrub: false` must find them, so the search itself can fail.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateCode } from '../../../src/otp/generate.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault } from '../../support/demo.js';
import { ROOT, runInline } from '../../support/inline-run.js';

const REPORTER = join(ROOT, 'dist', 'fixtures', 'reporter.js');

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vaultPath: string;
let key: string;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  let vault: { path: string };
  ({ vault, key, dispose } = await demoVault(['totp']));
  vaultPath = vault.path;
});
test.afterAll(async () => {
  await site.close();
  dispose();
});

const config = (scrub: boolean) => `import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from 'playwright-2fa';
export default defineConfig({
  outputDir: './test-results',
  workers: 2,
  reporter: [
    // As 'playwright-2fa/reporter' once installed; self-references do not resolve for reporters.
    ${scrub ? `[${JSON.stringify(REPORTER)}, { outputFile: '2fa.json' }],` : ''}
    ['html', { outputFolder: 'playwright-report', open: 'never' }],
    ['blob', { outputDir: 'blob-report' }],
    ['json', { outputFile: 'report.json' }],
  ],
  use: {
    // Videos are recorded with the ffmpeg \`npm run setup -- ffmpeg\` provides; video.spec.ts checks their frames.
    launchOptions: chromiumLaunchOptions(), trace: 'on', screenshot: 'on', video: 'on',

    twoFactorVaultPath: process.env.VAULT_PATH, twoFactorCoordinator: false, twoFactorScrub: ${scrub},
  },
});
`;

const SPEC = (n: number, mark: string) => `import { test, expect } from 'playwright-2fa/test';
test.use({ twoFactorAccount: 'totp'${mark === 'option' ? ', twoFactorRedact: [process.env.DEMO_PASSWORD]' : ''} });
test('logs in ${n}', async ({ page, twoFactor }) => {
  await page.goto(process.env.SITE_URL + '/login/totp');
  await page.locator('#username').fill('totp+art${n}@example.test');
  await page.locator('#password').fill(${mark !== 'option' ? 'twoFactor.redact(process.env.DEMO_PASSWORD)' : 'process.env.DEMO_PASSWORD'});
  await page.locator('form button[type=submit]').click();
  await twoFactor.handle();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  ${mark === 'fail' ? "await expect(page.getByText('a line this page never shows')).toBeVisible({ timeout: 500 });" : ''}
});`;

/** Every file's bytes, with zips (also zips inside zips, and base64 zips inside HTML) opened. */
function contents(dir: string): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  const visit = (name: string, bytes: Buffer, depth: number) => {
    out.push({ name, bytes });
    if (depth > 3) return;
    const zips: Buffer[] = [];
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) zips.push(bytes);
    for (const m of bytes.toString('latin1').matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g)) {
      zips.push(Buffer.from(m[1] ?? '', 'base64'));
    }
    for (const [i, zip] of zips.entries()) {
      const where = mkdtempSync(join(tmpdir(), 'pw2fa-unzip-'));
      try {
        writeFileSync(join(where, 'a.zip'), zip);
        execFileSync('unzip', ['-qq', '-o', join(where, 'a.zip'), '-d', join(where, 'x')], {
          stdio: 'ignore',
        });
        for (const f of readdirSync(join(where, 'x'), { recursive: true, encoding: 'utf8' })) {
          const path = join(where, 'x', f);
          if (statSync(path).isFile()) visit(`${name}#${i}/${f}`, readFileSync(path), depth + 1);
        }
      } catch {
        // not a zip after all
      } finally {
        rmSync(where, { recursive: true, force: true });
      }
    }
  };
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, f);
    if (statSync(path).isFile()) visit(f, readFileSync(path), 0);
  }
  return out;
}

/**
 * Occurrences of a value; a letters-and-digits value only where it stands alone — not inside a longer
 * number, and not one part of a decimal or a time (`254631.125`, `13:26:21.123456`): traces hold
 * thousands of such numbers, and a 6-digit code matching one of them by chance is not a leak.
 */
function occurrences(haystack: string, value: string): number[] {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = /^[A-Za-z0-9]+$/.test(value)
    ? `(?<![A-Za-z0-9]|[0-9][.:,])${escaped}(?![A-Za-z0-9]|[.:,][0-9])`
    : escaped;
  return [...haystack.matchAll(new RegExp(pattern, 'g'))].map((m) => m.index);
}

function forms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64').replace(/=+$/, '');
  return [...new Set([value, encodeURIComponent(value), b64])];
}

async function runLogins(scrub: boolean) {
  const started = Date.now();
  const name = scrub ? 'artifacts-scrubbed' : 'artifacts-control';
  const run = await runInline(
    name,
    {
      'playwright.config.ts': config(scrub),
      'a.spec.ts': SPEC(scrub ? 1 : 3, 'option'),
      'b.spec.ts': SPEC(scrub ? 2 : 4, 'method'),
      // Fails after logging in: its trace is written after the worker's own teardown, and must be clean too.
      'c.spec.ts': SPEC(scrub ? 5 : 6, 'fail'),
    },
    {
      PW2FA_VAULT_KEY: key,
      SITE_URL: site.url,
      VAULT_PATH: vaultPath,
      DEMO_PASSWORD: DEMO_ACCOUNTS.totp.password,
    },
    { timeoutMs: 200_000 },
  );
  const account = parseOtpauth(DEMO_ACCOUNTS.totp.otpauth ?? '');
  const codes = new Set<string>();
  // Every code that could have been typed: the windows of the run, and one either side.
  for (let at = started - 30_000; at <= Date.now() + 30_000; at += 10_000)
    codes.add(generateCode(account, { at }).code);
  const values: Record<string, string[]> = {
    code: [...codes],
    password: [DEMO_ACCOUNTS.totp.password],
    'vault key': [key],
  };
  if (run.report.stats?.expected !== 2) console.log(run.output);
  const files = ['test-results', 'playwright-report', 'blob-report'].flatMap((d) =>
    contents(join(run.dir, d)),
  );
  const found: Record<string, number> = {};
  const where = new Set<string>();
  const samples: string[] = [];
  for (const file of files) {
    const text = file.bytes.toString('latin1');
    for (const [label, list] of Object.entries(values)) {
      for (const value of list) {
        for (const form of forms(value)) {
          const hits = occurrences(text, form);
          const at = hits[0];
          if (at === undefined) continue;
          found[label] = (found[label] ?? 0) + hits.length;
          where.add(file.name.replace(/[0-9a-f]{40}/g, '<sha1>'));
          // What surrounds it, the value itself masked: enough to tell a leak from a coincidence.
          if (samples.length < 5)
            samples.push(
              `${label} in ${file.name}: ${JSON.stringify(`${text.slice(Math.max(0, at - 60), at)}<${label}>${text.slice(at + form.length, at + form.length + 60)}`)}`,
            );
        }
      }
    }
  }
  return { run, files: files.length, found, where: [...where].sort(), samples };
}

test('no code, password or vault key in any artifact of a run with trace and screenshots on, two workers', async () => {
  const { run, files, found, where, samples } = await runLogins(true);
  console.log(`scrubbed run: ${files} files searched, occurrences ${JSON.stringify(found)}`, where, samples);
  // Scrubbing never changes a result: two passed, the one meant to fail failed.
  expect(run.report.stats).toMatchObject({ expected: 2, unexpected: 1 });
  expect(files).toBeGreaterThan(10);
  expect(found).toEqual({});
  // The rewritten traces are whole zips that unzip checks entry by entry (CRCs included).
  const traces = readdirSync(join(run.dir, 'test-results'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('trace.zip'),
  );
  expect(traces).toHaveLength(3);
  const videos = readdirSync(join(run.dir, 'test-results'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.webm'),
  );
  expect(videos.length).toBeGreaterThanOrEqual(3);
  for (const trace of traces) execFileSync('unzip', ['-tqq', join(run.dir, 'test-results', trace)]);
  // The reporter's table and JSON: two TOTP logins, never a code.
  expect(run.output).toMatch(/2FA logins\s+3 \(3 accepted\)/);
  const summary = JSON.parse(readFileSync(join(run.dir, '2fa.json'), 'utf8'));
  expect(summary).toMatchObject({ logins: 3, succeeded: 3, byKindAndChannel: { 'totp via vault:totp': 3 } });
  expect(summary.promptToCode.p50).toEqual(expect.any(Number));
});

test('control: without scrubbing, the same search finds the codes and the password', async () => {
  const { run, files, found, where } = await runLogins(false);
  console.log(`control run: ${files} files searched, occurrences ${JSON.stringify(found)}`, where);
  expect(run.report.stats).toMatchObject({ expected: 2, unexpected: 1 });
  expect(found.code ?? 0).toBeGreaterThan(0);
  expect(found.password ?? 0).toBeGreaterThan(0);
});
