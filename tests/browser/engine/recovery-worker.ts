// Run by recovery.spec.ts as a real, separate process: `node --import tsx recovery-worker.ts '<task json>'`.
// Launches its own Chromium, signs in with the password, prints "ready" at the 2FA prompt and waits for
// "go" on stdin so every worker reaches for a recovery code at once; then prints one JSON line.
import { chromium } from 'playwright-core';
import { TwoFactorError } from '../../../src/errors.js';
import { chromiumLaunchOptions } from '../../../src/playwright/browser.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import { Vault } from '../../../src/vault/vault.js';

export interface WorkerTask {
  siteUrl: string;
  vaultPath: string;
  username: string;
  password: string;
  account: string;
}

export interface WorkerOutcome {
  kind?: string;
  signedIn?: string | null;
  error?: { code: string; message: string };
  events: TwoFactorEvent[];
}

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
// The key comes from PW2FA_VAULT_KEY, as it would in CI.
const vault = await Vault.open({ path: task.vaultPath });
const browser = await chromium.launch(chromiumLaunchOptions());
const events: TwoFactorEvent[] = [];
let outcome: WorkerOutcome = { events };
try {
  const page = await browser.newPage();
  await page.goto(`${task.siteUrl}/login/recovery`);
  await page.locator('#username').fill(task.username);
  await page.locator('#password').fill(task.password);
  await page.locator('form button[type=submit]').click();
  await page.locator('input[name="code"]').waitFor();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  try {
    const result = await new TwoFactor(page, {
      vault,
      account: task.account,
      onEvent: (event) => events.push(event),
    }).handle();
    const signedIn = await page.getByTestId('signed-in').textContent({ timeout: 5000 });
    outcome = { kind: result.kind, signedIn, events };
  } catch (error) {
    if (!(error instanceof TwoFactorError)) throw error;
    outcome = { error: { code: error.code, message: error.message }, events };
  }
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.stdin.destroy();
