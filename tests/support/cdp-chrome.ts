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
    // Its own process group, so closing can end Chrome's helper processes too (they write the profile).
    { stdio: 'ignore', detached: true },
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
      killGroup(child.pid);
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
      }
      killGroup(child.pid);
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
      } catch (error) {
        // A temporary profile left behind is not the test's failure; say so and go on.
        console.warn(`could not remove the test Chrome's profile ${profile}: ${String(error)}`);
      }
    },
  };
}

/** Ends every process left in the group (Chrome's zygote, renderers, GPU helper); none is an error. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group has already gone
  }
}
