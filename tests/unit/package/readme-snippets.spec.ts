/**
 * Every TypeScript snippet in the README, type-checked against the built package as a user's project would
 * (strict, no skipLibCheck). A snippet that calls a renamed option or a removed export fails here, not in a
 * user's editor. Names a snippet takes from its surroundings (`page`, `twoFactor`, a user name) are declared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { typecheckConsumer } from '../../support/consumer-project.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

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
  const files = Object.fromEntries(
    blocks.map(({ line, code }) => [`readme-line-${line}.ts`, `${prelude(code)}\n${code}\nexport {};\n`]),
  );
  const run = typecheckConsumer(files, {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    noUnusedLocals: false,
  });
  // Errors name the README line the snippet starts at: readme-line-<n>.ts(row,col).
  expect(run.output).toBe('');
  expect(run.status).toBe(0);
});
