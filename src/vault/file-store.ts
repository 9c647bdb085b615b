import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { TwoFactorError } from '../errors.js';
import { type KdfParams, kdfSchema } from './keys.js';
import { clearDeadLock, ignoreLeftovers, writeLockOwner } from './leftovers.js';

/**
 * The vault file on disk: its versioned JSON shape, strict parsing (the file is untrusted input), atomic
 * replacement, and the cross-process lock that serialises writers.
 *
 * Readers take no lock: a writer builds the new file beside the old one and renames it over, and rename
 * is atomic, so a reader sees the old file or the new one, never half of either.
 */

/** The only on-disk format this version reads and writes. */
export const VAULT_FILE_VERSION = 1;

/**
 * A lock untouched for this long belongs to a crashed process and is taken over. proper-lockfile
 * refreshes a live lock's mtime every `stale / 2`, so a slow but alive writer is never robbed.
 */
export const LOCK_STALE_MS = 10_000;
/** Long enough to outlast a stale lock left by a crash, plus a queue of busy writers. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/**
 * One entry as stored: wrapped data key, ciphertext, and timestamps.
 *
 * @example
 * const stored: StoredEntry = { key, data, createdAt: now, updatedAt: now };
 */
export interface StoredEntry {
  key: string;
  data: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The parsed vault file. Entries are a `Map` because labels are user text: as keys of a plain object,
 * a label such as `__proto__` would be dropped or, worse, change the object's prototype.
 *
 * @example
 * const file: VaultFile = { version: 1, kdf: { name: 'none' }, check, entries: new Map() };
 */
export interface VaultFile {
  version: typeof VAULT_FILE_VERSION;
  kdf: KdfParams;
  check: string;
  entries: Map<string, StoredEntry>;
}

const storedEntrySchema = z.strictObject({
  key: z.base64(),
  data: z.base64(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const headerSchema = z.strictObject({
  version: z.literal(VAULT_FILE_VERSION),
  kdf: kdfSchema,
  check: z.base64(),
  entries: z.record(z.string(), z.unknown()),
});

const UNCHANGED = 'The file was left unchanged; restore it from version control or a backup.';

function corrupt(path: string, problem: string, cause?: unknown): TwoFactorError {
  return new TwoFactorError('PW2FA_VAULT_CORRUPT', `The vault file ${path} ${problem}. ${UNCHANGED}`, {
    cause,
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses vault file text; throws `PW2FA_VAULT_CORRUPT` naming the file (and the label, for a bad entry).
 *
 * @example
 * const file = parseVaultFile('/repo/.pw2fa/vault.json', text);
 */
export function parseVaultFile(path: string, text: string): VaultFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw corrupt(path, `is not valid JSON (${(error as Error).message}) — it may be truncated`, error);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof raw === 'object' && raw !== null && version !== VAULT_FILE_VERSION && version !== undefined) {
    throw corrupt(
      path,
      `has format version ${JSON.stringify(version)}, but this playwright-2fa reads version ${VAULT_FILE_VERSION}` +
        ' (upgrade playwright-2fa if the file came from a newer one)',
    );
  }
  const header = headerSchema.safeParse(raw);
  if (!header.success) throw corrupt(path, `is not a playwright-2fa vault (${describeIssues(header.error)})`);
  const entries = new Map<string, StoredEntry>();
  // Iterate the raw JSON rather than zod's record output: JSON.parse keeps a `__proto__` key as an own
  // property, which zod's record would silently drop.
  for (const [label, value] of Object.entries((raw as { entries: Record<string, unknown> }).entries)) {
    const entry = storedEntrySchema.safeParse(value);
    if (!entry.success) {
      throw corrupt(path, `has a malformed entry ${JSON.stringify(label)} (${describeIssues(entry.error)})`);
    }
    entries.set(label, entry.data);
  }
  return { version: VAULT_FILE_VERSION, kdf: header.data.kdf, check: header.data.check, entries };
}

/**
 * Serialises a vault file. Labels are sorted and the JSON indented so a committed vault diffs cleanly.
 *
 * @example
 * await writeFile(path, serializeVaultFile(file));
 */
export function serializeVaultFile(file: VaultFile): string {
  const labels = [...file.entries.keys()].sort();
  // Object.fromEntries defines own properties, so even a `__proto__` label is written as a plain key.
  const entries = Object.fromEntries(labels.map((label) => [label, file.entries.get(label)]));
  return `${JSON.stringify({ version: file.version, kdf: file.kdf, check: file.check, entries }, null, 2)}\n`;
}

/**
 * Reads and parses the vault file; `undefined` when it does not exist yet.
 *
 * @example
 * const file = await readVaultFile(vault.path);
 */
export async function readVaultFile(path: string): Promise<VaultFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseVaultFile(path, text);
}

/**
 * Replaces the vault file atomically: writes a temp file (mode 0600) in the same directory, fsyncs it,
 * calls `beforeCommit` (the lock's last chance to veto), renames it over the vault, fsyncs the directory.
 * A crash at any point leaves either the old file or the new one.
 *
 * @example
 * await writeVaultFile(path, file, { beforeCommit: lock.assertHeld });
 */
export async function writeVaultFile(
  path: string,
  file: VaultFile,
  options: { beforeCommit?: () => void } = {},
): Promise<void> {
  const dir = dirname(path);
  await makeVaultDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(serializeVaultFile(file), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    options.beforeCommit?.();
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Creates the vault folder (private) and, when it is new, its .gitignore for temp files and locks. */
async function makeVaultDir(dir: string): Promise<void> {
  if ((await mkdir(dir, { recursive: true, mode: 0o700 })) !== undefined) {
    await ignoreLeftovers(dir, { created: true });
  }
}

/** Makes the rename itself durable. Best effort: some platforms (Windows) cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the rename is a bonus; the data itself is already fsynced.
  }
}

/**
 * Handed to the body of {@link withVaultLock}.
 *
 * @example
 * await withVaultLock(path, async (lock) => writeVaultFile(path, file, { beforeCommit: lock.assertHeld }));
 */
export interface VaultLock {
  /** Throws `PW2FA_VAULT_LOCKED` if the lock was lost (e.g. the process stalled past the stale time). */
  assertHeld: () => void;
}

// proper-lockfile treats a second lock of the same file from this process like any other contender, so
// calls within one process queue here first and only the head of the queue competes across processes.
const queues = new Map<string, Promise<void>>();

/**
 * Runs `body` while holding the vault's cross-process lock (`<path>.lock`), retrying with jitter until
 * `timeout` ms have passed, then throwing `PW2FA_VAULT_LOCKED`.
 *
 * @example
 * await withVaultLock(path, async (lock) => { const file = await readVaultFile(path); ... });
 */
export async function withVaultLock<T>(
  path: string,
  body: (lock: VaultLock) => Promise<T>,
  options: { timeout?: number } = {},
): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(path, tail);
  try {
    await previous;
    return await withFileLock(path, body, options.timeout ?? DEFAULT_LOCK_TIMEOUT_MS);
  } finally {
    done();
    if (queues.get(path) === tail) queues.delete(path);
  }
}

async function withFileLock<T>(
  path: string,
  body: (lock: VaultLock) => Promise<T>,
  timeout: number,
): Promise<T> {
  await makeVaultDir(dirname(path));
  const deadline = Date.now() + timeout;
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  for (let attempt = 0; ; attempt++) {
    try {
      release = await lockfile.lock(path, {
        realpath: false, // the vault file may not exist yet
        stale: LOCK_STALE_MS,
        retries: 0, // retried below, with a deadline instead of a count
        onCompromised: (error) => {
          // The default throws from a timer and kills the process; fail the write instead.
          compromised = error;
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      // A writer killed on this host: clear its lock now instead of waiting for it to go stale.
      if (await clearDeadLock(`${path}.lock`)) continue;
      if (Date.now() >= deadline) {
        throw new TwoFactorError(
          'PW2FA_VAULT_LOCKED',
          `Could not lock the vault ${path} within ${Math.round(timeout / 1000)} s: another process holds ` +
            `${path}.lock. If nothing else is using the vault, delete that directory; a lock left by a crashed ` +
            `process is taken over at once on the same machine, else once it is ${LOCK_STALE_MS / 1000} s old.`,
          { cause: error },
        );
      }
      // Capped exponential backoff with full jitter: contenders spread out instead of retrying in step.
      const ceiling = Math.min(250, 10 * 1.5 ** attempt);
      await sleep(Math.max(2, Math.random() * ceiling));
    }
  }
  const owner = await writeLockOwner(`${path}.lock`);
  const lock: VaultLock = {
    assertHeld: () => {
      if (compromised) {
        throw new TwoFactorError(
          'PW2FA_VAULT_LOCKED',
          `Lost the lock on the vault ${path} before writing (${compromised.message}); nothing was written. Try again.`,
          { cause: compromised },
        );
      }
    },
  };
  try {
    return await body(lock);
  } finally {
    // proper-lockfile removes an empty lock directory only. A compromised lock may already be gone or
    // owned by someone else; there is nothing left to release.
    await owner.remove();
    await release().catch(() => undefined);
  }
}
