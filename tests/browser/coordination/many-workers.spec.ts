// Sixteen Playwright workers, one account, a site that accepts each TOTP time step once: every worker logs
// in on its first code. The workers coordinate through a real Redis, as workers on separate CI machines do.
import { expect, test } from '@playwright/test';
import type { Vault } from '../../../src/vault/vault.js';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault } from '../../support/demo.js';
import { failuresOf, runInline } from '../../support/inline-run.js';
import { type RedisServer, startRedis } from '../../support/redis.js';

const WORKERS = 16;

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vault: Vault;
let key: string;
let dispose: () => void;
let redis: RedisServer;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, key, dispose } = await demoVault(['shared']));
  redis = await startRedis();
});
test.afterAll(async () => {
  await site?.close();
  dispose?.();
  await redis?.stop();
});

const CONFIG = `import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from 'playwright-2fa';
export default defineConfig({
  outputDir: './test-results',
  workers: ${WORKERS},
  fullyParallel: true,
  reporter: [['line'], ['json', { outputFile: 'report.json' }]],
  use: { launchOptions: chromiumLaunchOptions(), twoFactorVaultPath: process.env.VAULT_PATH, twoFactorProgress: true },
});
`;

const SPEC = `import { test, expect } from 'playwright-2fa/test';
test.use({ twoFactorAccount: 'shared' });
for (let worker = 1; worker <= ${WORKERS}; worker++) {
  test('login ' + worker, async ({ page, twoFactor }) => {
    test.setTimeout(180_000);
    await page.goto(process.env.SITE_URL + '/login/shared');
    // Everyone is the same user: the site remembers the last time step it accepted for this account.
    await page.locator('#username').fill(${JSON.stringify(DEMO_ACCOUNTS.shared.username)});
    await page.locator('#password').fill(${JSON.stringify(DEMO_ACCOUNTS.shared.password)});
    await page.locator('form button[type=submit]').click();
    const result = await twoFactor.handle();
    expect(result.attempts, 'accepted on the first code: no window was used twice').toBe(1);
    await expect(page.getByTestId('signed-in')).toBeVisible();
  });
}
`;

test(`${WORKERS} workers log into one no-reuse account with no failed login`, async () => {
  test.setTimeout(300_000);
  const run = await runInline(
    'many-workers',
    { 'playwright.config.ts': CONFIG, 'shared.spec.ts': SPEC },
    { PW2FA_VAULT_KEY: key, VAULT_PATH: vault.path, SITE_URL: site.url, REDIS_URL: redis.url },
    { timeoutMs: 280_000 },
  );
  expect(run.report.stats, failuresOf(run)).toMatchObject({ expected: WORKERS, unexpected: 0 });
  expect(run.status).toBe(0);
});
