// The demo's own Playwright config: what a user's config looks like with playwright-2fa.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from 'playwright-2fa';
import type { TwoFactorOptions } from 'playwright-2fa/test';

export default defineConfig<TwoFactorOptions>({
  testDir: '.',
  outputDir: './test-results',
  workers: 1,
  reporter: [['list']],
  timeout: 90_000,
  use: {
    launchOptions: chromiumLaunchOptions(),
    // The demo script stores the accounts here with `pw2fa add`; the key comes from PW2FA_VAULT_KEY.
    ...(process.env.PW2FA_VAULT ? { twoFactorVaultPath: process.env.PW2FA_VAULT } : {}),
    twoFactorProgress: true,
  },
});
