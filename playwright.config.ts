import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './src/playwright/browser.js';

const launchOptions = chromiumLaunchOptions();

export default defineConfig({
  forbidOnly: !!process.env.CI,
  retries: 0,
  ...(process.env.CI ? { workers: 2 } : {}),
  timeout: 60_000,
  reporter: [[process.env.CI ? 'line' : 'list'], ['./tests/reporters/summary.ts']],
  use: { launchOptions, trace: 'retain-on-failure' },
  projects: [
    { name: 'unit', testDir: './tests/unit' },
    { name: 'browser', testDir: './tests/browser' },
  ],
});
