import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Coordinator, Lease } from './coordinator.js';

/**
 * Coordination between processes on one machine through a directory of lock files: no server needed.
 * Leases are proper-lockfile locks, refreshed while the holder lives, so a crashed worker's lease is taken
 * over after `ttlMs` of silence. Numbers are small files replaced atomically.
 */

/** proper-lockfile refuses stale times below 2 s. */
const MIN_STALE_MS = 2000;

function defaultDir(): string {
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): one shared directory is still correct, only less tidy.
  }
  return process.env.PW2FA_COORDINATION_DIR ?? join(tmpdir(), `playwright-2fa-${user}`);
}

/** Keys are hashes and fixed words; anything else is replaced so a key can never leave the directory. */
function fileName(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * @example
 * const local = new LocalCoordinator(); // $PW2FA_COORDINATION_DIR or <tmp>/playwright-2fa-<user>
 * const lease = await local.tryLease('totp:abc', 10_000);
 */
export class LocalCoordinator implements Coordinator {
  readonly name = 'local';
  readonly dir: string;
  #ready: Promise<unknown> | undefined;

  constructor(opts: { dir?: string } = {}) {
    this.dir = opts.dir ?? defaultDir();
  }

  #mkdir(): Promise<unknown> {
    this.#ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    return this.#ready;
  }

  async now(): Promise<number> {
    return Date.now();
  }

  async tryLease(key: string, ttlMs: number): Promise<Lease | null> {
    await this.#mkdir();
    const stale = Math.max(MIN_STALE_MS, ttlMs);
    try {
      const release = await lockfile.lock(join(this.dir, fileName(key)), {
        realpath: false,
        stale,
        update: Math.max(1000, Math.floor(stale / 2)),
        retries: 0,
        // A lost lease (system asleep, disk gone) must not crash the worker; the login just loses exclusivity.
        onCompromised: () => undefined,
      });
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await release().catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return null;
      throw error;
    }
  }

  async read(key: string): Promise<number | null> {
    try {
      const { value, expiresAt } = JSON.parse(await readFile(this.#valuePath(key), 'utf8')) as {
        value: unknown;
        expiresAt: unknown;
      };
      if (typeof value !== 'number' || typeof expiresAt !== 'number' || expiresAt < Date.now()) return null;
      return value;
    } catch {
      return null; // missing or half-written by a crashed older version: as if never written
    }
  }

  async write(key: string, value: number, ttlMs: number): Promise<void> {
    await this.#mkdir();
    const path = this.#valuePath(key);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(temp, JSON.stringify({ value, expiresAt: Date.now() + ttlMs }), { mode: 0o600 });
    await rename(temp, path);
  }

  mayHaveLostState(): boolean {
    return false; // files outlive every worker
  }

  async close(): Promise<void> {}

  #valuePath(key: string): string {
    return join(this.dir, `${fileName(key)}.json`);
  }
}
