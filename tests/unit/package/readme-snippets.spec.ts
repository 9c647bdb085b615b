/**
 * Every TypeScript snippet in the README, type-checked against the built package as a user's project would
 * (strict, no skipLibCheck). A snippet that calls a renamed option or a removed export fails here, not in a
 * user's editor. Names a snippet takes from its surroundings (`page`, `twoFactor`, a user name) are declared.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/** What the prose around a snippet provides; declared only when the snippet does not bind the name itself. */
const SURROUNDINGS: Record<string, string> = {
  page: "import('@playwright/test').Page",
  context: "import('@playwright/test').BrowserContext",
  twoFactor: "import('playwright-2fa').TwoFactor",
  user: 'string',
  pass: 'string',
  qrText: 'string',
};

function snippets(markdown: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  const fence = /^( *)```ts\n([\s\S]*?)^\1```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const indent = match[1]?.length ?? 0;
    const code = (match[2] ?? '')
      .split('\n')
      .map((line) => line.slice(indent))
      .join('\n');
    found.push({ line: markdown.slice(0, match.index).split('\n').length, code });
  }
  return found;
}

function prelude(code: string): string {
  return Object.entries(SURROUNDINGS)
    .filter(([name]) => !new RegExp(`(import[^;]*\\b${name}\\b|(const|let|function) ${name}\\b)`).test(code))
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code))
    .map(([name, type]) => `declare const ${name}: ${type};`)
    .join('\n');
}

test('every TypeScript snippet in the README compiles against the built package', () => {
  const blocks = snippets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-readme-'));
  try {
    mkdirSync(join(dir, 'node_modules', '@playwright'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'playwright-2fa'));
    symlinkSync(
      join(ROOT, 'node_modules', '@playwright', 'test'),
      join(dir, 'node_modules', '@playwright', 'test'),
    );
    symlinkSync(join(ROOT, 'node_modules', 'playwright-core'), join(dir, 'node_modules', 'playwright-core'));
    symlinkSync(join(ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const files = blocks.map(({ line, code }) => {
      const name = `readme-line-${line}.ts`;
      writeFileSync(join(dir, name), `${prelude(code)}\n${code}\nexport {};\n`);
      return name;
    });
    const compilerOptions = {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      types: ['node'],
      noUnusedLocals: false,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
    const run = spawnSync(TSC, ['-p', dir], { encoding: 'utf8', timeout: 120_000 });
    // Errors name the README line the snippet starts at: readme-line-<n>.ts(row,col).
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
