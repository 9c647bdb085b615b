/**
 * What a consumer's compiler sees: a fresh project that imports every entry point of the built package,
 * type-checked strictly WITHOUT `skipLibCheck` under each module resolution people use. Our `.d.ts` must
 * not drag in a dependency's types that only compile with special globals (zxing's Emscripten types did).
 * Also: the packed tarball ships no source map pointing at a source it does not ship.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

const CONSUMER = `import { detectPrompt, extractCode, generateCode, parseOtpauth, SmtpInbox, TwoFactor, Vault } from 'playwright-2fa';
import { createTwoFactorMcp } from 'playwright-2fa/mcp';
import { expect, test } from 'playwright-2fa/test';
export const code: string = generateCode(parseOtpauth('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP')).code;
export { createTwoFactorMcp, detectPrompt, expect, extractCode, SmtpInbox, test, TwoFactor, Vault };
`;

for (const [module, moduleResolution] of [
  ['node16', 'node16'],
  ['nodenext', 'nodenext'],
  ['esnext', 'bundler'],
] as const) {
  test(`the published types compile in a strict ${moduleResolution} project without skipLibCheck`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw2fa-consumer-'));
    try {
      mkdirSync(join(dir, 'node_modules', '@playwright'), { recursive: true });
      symlinkSync(ROOT, join(dir, 'node_modules', 'playwright-2fa'));
      symlinkSync(
        join(ROOT, 'node_modules', '@playwright', 'test'),
        join(dir, 'node_modules', '@playwright', 'test'),
      );
      symlinkSync(
        join(ROOT, 'node_modules', 'playwright-core'),
        join(dir, 'node_modules', 'playwright-core'),
      );
      symlinkSync(join(ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'));
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      writeFileSync(join(dir, 'index.ts'), CONSUMER);
      const compilerOptions = {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        module,
        moduleResolution,
        target: 'es2022',
        types: ['node'],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
      const run = spawnSync(TSC, ['-p', dir], { encoding: 'utf8', timeout: 120_000 });
      expect(`${run.stdout}${run.stderr}`).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the tarball ships no source maps that point at files it does not ship', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  const [pack] = JSON.parse(run.stdout) as [{ files: { path: string }[] }];
  const shipped = new Set(pack.files.map((file) => file.path));
  expect(shipped.has('dist/src/index.js')).toBe(true);
  const maps = [...shipped].filter((path) => path.endsWith('.map'));
  const shipsSources = [...shipped].some((path) => path.startsWith('src/'));
  expect(shipsSources || maps.length === 0, `${maps.length} maps, e.g. ${maps[0]}`).toBe(true);
});
