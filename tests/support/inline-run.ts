// Runs a small Playwright Test project in a child process, as users run the fixture (like Playwright's own
// runInlineTest): spec files importing `playwright-2fa/test` from the built package.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines } from './error-lines.js';

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

interface ReportResult {
  status?: string;
  duration?: number;
  errors?: { message?: string }[];
  stdout?: ({ text?: string } | string)[];
  stderr?: ({ text?: string } | string)[];
}
interface ReportSuite {
  suites?: ReportSuite[];
  specs?: { title: string; tests: { results: ReportResult[] }[] }[];
}

/**
 * What went wrong in a child run, short enough for an assertion message whose head a CI log shows: each
 * failed test's title, the head of its error and the last lines it printed (the 2FA progress), then the
 * tail of the run's output when the run failed before writing a report.
 *
 * @example
 * expect(run.report.stats, failuresOf(run)).toMatchObject({ unexpected: 0 });
 */
export function failuresOf(run: InlineRun): string {
  const lines: string[] = [];
  const visit = (suite: ReportSuite) => {
    for (const child of suite.suites ?? []) visit(child);
    for (const spec of suite.specs ?? []) {
      for (const result of spec.tests.flatMap((t) => t.results)) {
        if (result.status === 'passed' || result.status === 'skipped') continue;
        const error = errorLines(result.errors?.[0]?.message ?? '', 6);
        const printed = [...(result.stdout ?? []), ...(result.stderr ?? [])]
          .map((chunk) => (typeof chunk === 'string' ? chunk : (chunk.text ?? '')))
          .join('')
          .split('\n')
          .filter((line) => line.trim())
          .slice(-8);
        lines.push(`${spec.title}: ${result.status} after ${Math.round((result.duration ?? 0) / 1000)} s`);
        lines.push(...error.map((line) => `  ${line}`), ...printed.map((line) => `  | ${line}`));
      }
    }
  };
  visit(run.report as ReportSuite);
  if (lines.length === 0)
    lines.push(`no failed test in the report (exit ${run.status}); output ends:`, run.output.slice(-1500));
  return lines.join('\n');
}
