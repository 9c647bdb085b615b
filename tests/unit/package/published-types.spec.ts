/**
 * What a consumer's compiler sees: a fresh project that imports every entry point of the built package,
 * type-checked strictly WITHOUT `skipLibCheck` under each module resolution people use. Our `.d.ts` must
 * not drag in a dependency's types that only compile with special globals (zxing's Emscripten types did).
 * Also: the packed tarball ships no source map pointing at a source it does not ship.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { typecheckConsumer } from '../../support/consumer-project.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

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
    const run = typecheckConsumer({ 'index.ts': CONSUMER }, { module, moduleResolution });
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
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
