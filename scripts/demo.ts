// `npm run demo`: stores the demo site's authenticator secrets in a fresh encrypted vault with the pw2fa
// CLI, then runs tests/demo/login.spec.ts — four logins past four kinds of 2FA prompt — with the fixture.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../tests/site/accounts.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'pw2fa-demo-'));
const env = {
  ...process.env,
  PW2FA_VAULT: join(dir, 'vault.json'),
  PW2FA_VAULT_KEY: randomBytes(32).toString('base64'),
  PLAYWRIGHT_LIST_PRINT_STEPS: '1',
};

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    input,
    stdio: [input ? 'pipe' : 'ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
}

console.log(
  '1. Store the demo accounts in an encrypted vault (secrets go in on stdin, never on the command line):\n',
);
for (const label of ['totp', 'input-otp', 'de'] as const) {
  console.log(`   $ pw2fa add ${label} --uri -`);
  run(process.execPath, ['dist/src/cli/index.js', 'add', label, '--uri', '-'], DEMO_ACCOUNTS[label].otpauth);
}
console.log('\n   $ pw2fa list');
run(process.execPath, ['dist/src/cli/index.js', 'list']);

console.log('\n2. Log into the demo site with the playwright-2fa fixture (tests/demo/login.spec.ts):\n');
run(process.execPath, [
  join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
  'test',
  '-c',
  'tests/demo/playwright.config.ts',
]);
rmSync(dir, { recursive: true, force: true });
console.log('\nDone: every login got past its 2FA prompt. Read tests/demo/login.spec.ts to see how.');
