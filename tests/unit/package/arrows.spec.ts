/**
 * The dependency rules (.dependency-cruiser.cjs) mirror shared/DESIGN.md. These tests build a tiny tree that
 * breaks one rule each and check the same command `npm test` runs rejects it, so a rule that silently stopped
 * matching (a renamed folder, a parser that reads nothing) is caught.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-arrows-'));
  try {
    cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext' } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(
      process.execPath,
      [CRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a tree that follows the arrows passes', () => {
  const run = cruise({
    'src/otp/index.ts': "export { base32 } from './base32.js';\n",
    'src/otp/base32.ts': 'export const base32 = 1;\n',
    'src/playwright/index.ts': "import { base32 } from '../otp/index.js';\nexport const x = base32;\n",
  });
  expect(run.output).toContain('no dependency violations');
  expect(run.status).toBe(0);
});

test('a new cycle fails the check', () => {
  const run = cruise({
    'src/fill/index.ts': "export { a } from './a.js';\n",
    'src/fill/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
    'src/fill/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  });
  expect(run.output).toContain('no-circular');
  expect(run.status).not.toBe(0);
});

test('reaching past another room’s index fails, and otp importing the engine fails', () => {
  const run = cruise({
    'src/otp/index.ts': "import { x } from '../playwright/index.js';\nexport const y = x;\n",
    'src/playwright/index.ts': "import { z } from '../vault/file.js';\nexport const x = z;\n",
    'src/vault/index.ts': "export { z } from './file.js';\n",
    'src/vault/file.ts': 'export const z = 1;\n',
  });
  expect(run.output).toContain('otp-stands-alone');
  expect(run.output).toContain('no-reaching-past-a-door');
  expect(run.status).not.toBe(0);
});

test('the relay driving a browser or channels importing the relay fails', () => {
  const run = cruise({
    'src/relay/index.ts': "import type { Page } from 'playwright-core';\nexport type P = Page;\n",
    'src/channels/index.ts': "import type { P } from '../relay/index.js';\nexport type Q = P;\n",
  });
  expect(run.output).toContain('relay-never-drives-a-browser');
  expect(run.output).toContain('channels-not-to-relay');
  expect(run.status).not.toBe(0);
});
