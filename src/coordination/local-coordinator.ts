import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Coordinator, Lease, QueuePlace, SpendResult } from './coordinator.js';
import { joinLocalQueue } from './local-queue.js';
import { coordinationDir, coordinationFileName as fileName } from './machine-floor.js';

/**
 * Coordination between processes on one machine through a directory of lock files: no server needed.
 * Leases are proper-lockfile locks, refreshed while the holder lives, so a crashed worker's lease is taken
 * over after `ttlMs` of silence. Numbers are small files replaced atomically.
 */

/** proper-lockfile refuses stale times below 2 s. */
const MIN_STALE_MS = 2000;

/**
 * @example
 * const local = new LocalCoordinator(); // $PW2FA_COORDINATION_DIR or <tmp>/playwright-2fa-<user>
 * const lease = await local.tryLease('totp:abc', 10_000);
 */
export class LocalCoordinator implements Coordinator {
  readonly name = 'local';
  readonly dir: string;
  /** Leases whose lock was lost (system asleep, disk gone): they may not spend a window. */
  readonly #compromised = new WeakMap<Lease, () => boolean>();
  #ready: Promise<unknown> | undefined;

  constructor(opts: { dir?: string } = {}) {
    this.dir = opts.dir ?? coordinationDir();
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
      let compromised = false;
      const release = await lockfile.lock(join(this.dir, fileName(key)), {
        realpath: false,
        stale,
        update: Math.max(1000, Math.floor(stale / 2)),
        retries: 0,
        // A lost lease must not crash the worker; `spend` refuses it instead.
        onCompromised: () => {
          compromised = true;
        },
      });
      let released = false;
      const lease: Lease = {
        async release() {
          if (released) return;
          released = true;
          await release().catch(() => undefined);
        },
      };
      this.#compromised.set(lease, () => compromised || released);
      return lease;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return null;
      throw error;
    }
  }

  async joinQueue(key: string, ttlMs: number): Promise<QueuePlace> {
    await this.#mkdir();
    const stale = Math.max(MIN_STALE_MS, ttlMs);
    return joinLocalQueue(join(this.dir, `${fileName(key)}.queue`), stale, {
      tryLease: () => this.tryLease(key, ttlMs),
      isHeld: () =>
        lockfile.check(join(this.dir, fileName(key)), { realpath: false, stale }).catch(() => false),
    });
  }

  async spentFloor(key: string): Promise<number | null> {
    return this.read(`${key}:spent`);
  }

  async spend(
    lease: Lease,
    key: string,
    window: number,
    _periodMs: number,
    ttlMs: number,
  ): Promise<SpendResult> {
    const lost = this.#compromised.get(lease);
    if (!lost || lost()) return 'lease-lost';
    if (Date.now() < window) return 'early';
    const spent = await this.read(`${key}:spent`);
    if (spent !== null && window <= spent) return 'taken';
    await this.write(`${key}:spent`, window, ttlMs);
    return 'spent';
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
