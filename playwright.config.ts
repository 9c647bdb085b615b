import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './src/playwright/browser.js';

const launchOptions = chromiumLaunchOptions();

// Specs that mostly sleep through real TOTP windows (30 s each): one lane of their own, so they overlap with the
// CPU-bound specs instead of holding one of the two CPU lanes for minutes.
const WINDOW_WAITS = [
  '**/fixture/shared-account.spec.ts',
  '**/engine/handle.spec.ts',
  '**/engine/remember-device.spec.ts',
  '**/coordination/fairness.spec.ts',
  '**/coordination/turns.spec.ts',
];

export default defineConfig({
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two CPU lanes on CI's 2 cores, plus the window-waits lane.
  ...(process.env.CI ? { workers: 3 } : {}),
  timeout: 60_000,
  reporter: [[process.env.CI ? 'line' : 'list'], ['./tests/reporters/summary.ts']],
  use: { launchOptions, trace: 'retain-on-failure' },
  projects: [
    // First, so a free worker takes a waiting spec before more CPU-bound work; one at a time.
    { name: 'waits', testDir: './tests', testMatch: WINDOW_WAITS, workers: 1 },
    { name: 'unit', testDir: './tests/unit', testIgnore: WINDOW_WAITS },
    { name: 'browser', testDir: './tests/browser', testIgnore: WINDOW_WAITS },
  ],
});
