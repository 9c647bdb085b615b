import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/**
 * Type-checks `files` in a throwaway ESM project that has this repository installed as `playwright-2fa`
 * (a symlink to the built package) next to the Playwright and Node types a user would have, strictly and
 * without `skipLibCheck` unless `compilerOptions` says otherwise. Returns the compiler's exit code and output.
 */
export function typecheckConsumer(
  files: Record<string, string>,
  compilerOptions: Record<string, unknown>,
): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-consumer-'));
  try {
    mkdirSync(join(dir, 'node_modules', '@playwright'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'playwright-2fa'));
    for (const dep of ['@playwright/test', 'playwright-core', '@types']) {
      symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep));
    }
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const options = {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'es2022',
      types: ['node'],
      ...compilerOptions,
    };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: options, files: Object.keys(files) }),
    );
    const run = spawnSync(TSC, ['-p', dir], { encoding: 'utf8', timeout: 120_000 });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
