import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import type { VaultOpenOptions } from '../../../src/vault/settings.js';
import { Vault } from '../../../src/vault/vault.js';

/** RFC 4226 test secret ("12345678901234567890"), so HOTP codes can be checked against the RFC. */
export const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const TOTP_URI = 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
export const HOTP_URI = `otpauth://hotp/Bank:me?secret=${RFC_SECRET}&issuer=Bank&counter=0`;
/** A fixed raw key (32 bytes, base64) so tests skip scrypt unless they are about passphrases. */
export const RAW_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * `dir`: a fresh temp directory, removed afterwards. `open`: Vault.open isolated from this machine's
 * environment and `.env` (cwd = dir, env = {}), with a raw key unless the test says otherwise.
 */
export const test = base.extend<{ dir: string; open: (options?: VaultOpenOptions) => Promise<Vault> }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  dir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'pw2fa-vault-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  open: async ({ dir }, use) => {
    await use((options = {}) => Vault.open({ cwd: dir, env: {}, key: RAW_KEY, ...options }));
  },
});

export { expect } from '@playwright/test';

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('Expected the call to throw, but it resolved.');
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface ChildTask {
  op: 'add' | 'hotp' | 'recovery';
  path: string;
  /** Labels to add (`add`), or the label to use `times` times (`hotp`, `recovery`). */
  labels: string[];
  times?: number;
}

export interface ChildOutcome {
  results: unknown[];
  errors: string[];
}

/**
 * Starts one real Node process per task (`node --import tsx child.ts`), waits until every one has opened
 * the vault, then releases them all at once so they contend for the lock, and collects their output.
 */
export async function runChildren(tasks: ChildTask[], env: Record<string, string>): Promise<ChildOutcome[]> {
  const children = tasks.map((task) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (stdout.includes('ready\n') ? resolve() : undefined);
      child.stdout.on('data', check);
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr}`)));
    });
    const exited = new Promise<ChildOutcome>((resolve, reject) => {
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`child exited with ${code}: ${stderr}`));
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        return line
          ? resolve(JSON.parse(line) as ChildOutcome)
          : reject(new Error(`no result: ${stdout} ${stderr}`));
      });
    });
    return { child, ready, exited };
  });
  try {
    await Promise.all(children.map((c) => c.ready));
    for (const { child } of children) child.stdin.end('go\n');
    return await Promise.all(children.map((c) => c.exited));
  } finally {
    for (const { child } of children) if (child.exitCode === null) child.kill();
  }
}
