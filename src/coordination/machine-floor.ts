import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The last window this machine saw spent, per account, kept in memory and in a small file, so that a
 * shared store that forgets (Redis restarted without persistence, a failover that lost the latest writes)
 * can never make a worker on this machine go back to a window a worker here already used.
 */

/**
 * Where this machine's coordination files live: `$PW2FA_COORDINATION_DIR` or `<tmp>/playwright-2fa-<user>`.
 *
 * @example
 * coordinationDir() // '/tmp/playwright-2fa-ci'
 */
export function coordinationDir(env: NodeJS.ProcessEnv = process.env): string {
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): one shared directory is still correct, only less tidy.
  }
  return env.PW2FA_COORDINATION_DIR ?? join(tmpdir(), `playwright-2fa-${user}`);
}

/** Keys are hashes and fixed words; anything else is replaced so a key can never leave the directory. */
export function coordinationFileName(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * @example
 * const floor = new MachineFloor(coordinationDir());
 * await floor.raise('totp:abc', window);
 * await floor.get('totp:abc') // >= window
 */
export class MachineFloor {
  readonly #dir: string;
  readonly #memory = new Map<string, number>();
  #ready: Promise<unknown> | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** The highest window recorded for `key` by any process on this machine, or null. */
  async get(key: string): Promise<number | null> {
    let best = this.#memory.get(key) ?? null;
    try {
      const value: unknown = JSON.parse(await readFile(this.#path(key), 'utf8'));
      if (typeof value === 'number' && Number.isFinite(value) && (best === null || value > best))
        best = value;
    } catch {
      // Missing or half-written: this process's memory still holds what it saw.
    }
    if (best !== null) this.#memory.set(key, best);
    return best;
  }

  /** Records `window` unless a later one is already recorded. Best effort on disk. */
  async raise(key: string, window: number): Promise<void> {
    if (!Number.isFinite(window)) return;
    const known = this.#memory.get(key);
    if (known === undefined || window > known) this.#memory.set(key, window);
    try {
      const onDisk = await this.get(key);
      if (onDisk !== null && onDisk > window) return;
      this.#ready ??= mkdir(this.#dir, { recursive: true, mode: 0o700 });
      await this.#ready;
      const path = this.#path(key);
      const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      await writeFile(temp, JSON.stringify(window), { mode: 0o600 });
      await rename(temp, path);
    } catch {
      // A read-only temp directory only weakens this extra guard; memory still protects this process.
    }
  }

  #path(key: string): string {
    return join(this.#dir, `${coordinationFileName(key)}.floor.json`);
  }
}
