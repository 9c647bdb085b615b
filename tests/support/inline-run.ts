// Runs a small Playwright Test project in a child process, as users run the fixture (like Playwright's own
// runInlineTest): spec files importing `playwright-2fa/test` from the built package.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');

export interface InlineRun {
  status: number | null;
  output: string;
  report: { suites?: unknown[]; stats?: { expected?: number; unexpected?: number } };
  dir: string;
}

/**
 * Writes `files` (a `playwright.config.ts` among them) to tests/.inline/<name> and runs them. Asynchronous,
 * because servers the run talks to (the demo site) live in this process and must keep answering.
 *
 * @example
 * const run = await runInline('auto', { 'playwright.config.ts': CONFIG, 'a.spec.ts': SPEC }, { SITE_URL: url });
 */
export async function runInline(
  name: string,
  files: Record<string, string>,
  env: Record<string, string>,
  opts: { timeoutMs?: number; args?: string[] } = {},
): Promise<InlineRun> {
  const dir = join(ROOT, 'tests', '.inline', name); // inside the package, so `playwright-2fa` resolves to it
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, body] of Object.entries(files)) writeFileSync(join(dir, file), body);
  const args = [CLI, 'test', '-c', join(dir, 'playwright.config.ts'), '--output', join(dir, 'test-results')];
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [...args, ...(opts.args ?? [])],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        env: {
          // A clean environment: the parent worker's own Playwright variables must not leak into the child run.
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...(process.env.PW2FA_CHROMIUM ? { PW2FA_CHROMIUM: process.env.PW2FA_CHROMIUM } : {}),
          PW_TEST_HTML_REPORT_OPEN: 'never',
          ...env,
        },
        timeout: opts.timeoutMs ?? 120_000,
      },
      (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
  let report = {};
  try {
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  } catch {
    // no report: the run failed before testing
  }
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, report, dir };
}
