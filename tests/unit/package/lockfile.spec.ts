/**
 * `npm ci` is what most CI set-ups run on a fresh clone, and it refuses a lockfile that lacks any package
 * package.json implies — including optional per-platform binaries (biome's `@biomejs/cli-*`), which a
 * lockfile written on one machine can miss. A dry run checks that without touching node_modules.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..', '..', '..');

test('package-lock.json agrees with package.json, so `npm ci` works on a fresh clone', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(
    npm,
    ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const missing = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => /Missing:|Invalid:|in sync/.test(line))
    .join('\n');
  expect(missing, 'run `npm install` and commit package-lock.json').toBe('');
  expect(run.status).toBe(0);
});
