// Many workers, one account (issue 8): 16 logins at once into the demo site's `shared` account, which has
// 6-second TOTP windows and accepts each time step once. Coordinated through a real Redis, every login should
// succeed and the whole batch should take about what the windows impose (16 windows); the baseline is the
// same batch with coordination off, measured in the same run.
// Run: node --import tsx bench/coordination.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import type { Coordinator } from '../src/coordination/coordinator.js';
import { RedisCoordinator } from '../src/coordination/redis-coordinator.js';
import { parseOtpauth } from '../src/otp/uri.js';
import { chromiumLaunchOptions } from '../src/playwright/browser.js';
import type { TwoFactorEvent } from '../src/playwright/steps.js';
import { TwoFactor } from '../src/playwright/two-factor.js';
import { Vault } from '../src/vault/vault.js';
import { DEMO_ACCOUNTS } from '../tests/site/accounts.js';
import { startDemoSite } from '../tests/site/server.js';
import { startRedis } from '../tests/support/redis.js';
import { metric, writeBenchResult } from './lib/report.js';

const t0 = Date.now();
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const account = DEMO_ACCOUNTS.shared;
const periodMs = parseOtpauth(account.otpauth).period * 1000;

interface Batch {
  succeeded: number;
  wallMs: number;
}

async function batch(
  browser: Browser,
  siteUrl: string,
  vault: Vault,
  tag: string,
  coordinator: Coordinator | false,
) {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${siteUrl}/login/shared`);
        // One user per batch, shared by all its logins: the site remembers the last time step it accepted.
        await page.locator('#username').fill(account.username.replace('@', `+${tag}@`));
        await page.locator('#password').fill(account.password);
        await page.locator('form button[type=submit]').click();
        const onEvent = process.env.BENCH_VERBOSE
          ? (event: TwoFactorEvent) => console.error(`${Date.now() - t0} ${tag}#${worker} ${event.type}`)
          : undefined;
        const twoFactor = new TwoFactor(page, {
          vault,
          account: 'shared',
          coordinator,
          ...(onEvent ? { onEvent } : {}),
        });
        const result = await twoFactor.handle();
        return result.attempts === 1 && (await page.getByTestId('signed-in').isVisible());
      } catch (error) {
        if (process.env.BENCH_VERBOSE) console.error(String(error).split('\n')[0]);
        return false;
      } finally {
        await context.close();
      }
    }),
  );
  return { succeeded: results.filter(Boolean).length, wallMs: performance.now() - started } satisfies Batch;
}

const dir = mkdtempSync(join(tmpdir(), 'pw2fa-bench-coord-'));
const site = await startDemoSite({ port: 0 });
const redis = await startRedis();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const vault = await Vault.open({ path: join(dir, 'vault.json'), key: randomBytes(32).toString('base64') });
  await vault.add('shared', account.otpauth);
  const coordinator = await RedisCoordinator.connect(redis.url);
  const coordinated = await batch(browser, site.url, vault, 'coordinated', coordinator);
  const uncoordinated = await batch(browser, site.url, vault, 'uncoordinated', false);
  await coordinator.close();
  const windowsMs = WORKERS * periodMs;
  console.log(
    `coordinated: ${coordinated.succeeded}/${WORKERS} in ${(coordinated.wallMs / 1000).toFixed(1)} s; ` +
      `uncoordinated: ${uncoordinated.succeeded}/${WORKERS} in ${(uncoordinated.wallMs / 1000).toFixed(1)} s; ` +
      `${WORKERS} windows of ${periodMs / 1000} s = ${windowsMs / 1000} s`,
  );
  writeBenchResult('coordination', {
    // Baseline: the same logins without coordination.
    'logins succeeded (%)': metric(
      (100 * coordinated.succeeded) / WORKERS,
      (100 * uncoordinated.succeeded) / WORKERS,
      '%',
    ),
    // Target: at most 1.2 × the time the windows themselves impose.
    'wall time vs TOTP windows': metric(coordinated.wallMs / 1000, windowsMs / 1000, 's'),
  });
} finally {
  await browser.close();
  await site.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
