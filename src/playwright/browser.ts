import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where a usable Chromium was found, in the order they are tried. */
export type ChromiumSource = 'env' | 'playwright' | 'system';

export interface ChromiumLocation {
  executablePath: string;
  source: ChromiumSource;
}

/** System packages that ship a Chromium-compatible binary (Debian's `chromium` first). */
const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

function playwrightChromium(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    // playwright-core throws when it has no build registered for this platform.
    return null;
  }
}

/**
 * Finds a Chromium to drive: `PW2FA_CHROMIUM` / `PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH`, then the build
 * Playwright downloaded (`npx playwright install`), then a system package. Returns `null` when none exists;
 * it never installs anything (the project's set-up script does that for its own tests).
 *
 * @example
 * const found = findChromium();
 * const browser = await chromium.launch(found ? { executablePath: found.executablePath } : {});
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLocation | null {
  for (const name of ['PW2FA_CHROMIUM', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'] as const) {
    const path = env[name];
    if (path && existsSync(path)) return { executablePath: path, source: 'env' };
  }
  const bundled = playwrightChromium();
  if (bundled && existsSync(bundled)) return { executablePath: bundled, source: 'playwright' };
  const system = SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path));
  return system ? { executablePath: system, source: 'system' } : null;
}

/**
 * Launch options for {@link findChromium}'s result. Playwright's own build needs none; any other binary
 * gets its path. Playwright already passes `--no-sandbox` unless `chromiumSandbox` is set, which is what a
 * root user in a container needs.
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): { executablePath?: string } {
  const found = findChromium(env);
  if (!found || found.source === 'playwright') return {};
  return { executablePath: found.executablePath };
}
