import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../../src/playwright/browser.js';
import { freePort } from './ports.js';

/** A Chrome started the way agents start theirs: its own process, `--remote-debugging-port` on loopback. */
export interface CdpChrome {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startCdpChrome(): Promise<CdpChrome> {
  const found = findChromium();
  if (!found) throw new Error('No Chromium: run `npm run setup` (as root it installs Debian’s chromium).');
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'pw2fa-cdp-chrome-'));
  const child: ChildProcess = spawn(
    found.executablePath,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      `--remote-debugging-port=${port}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/json/version`);
      if (answer.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`Chromium did not open its debugging port ${port} within 20 s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      // Chrome's helper processes may still be writing the profile for a moment after it exited.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
