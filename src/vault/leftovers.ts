import { open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * What a writer killed mid-write leaves behind, and how the next one gets past it at once: temp copies
 * of the vault (`.vault.json.<pid>.<random>.tmp`, encrypted) or of a new key file (plain key!), and the
 * lock directory `<vault>.lock`. A writer names itself inside its lock (`<pid>@<host>.owner`), so a lock
 * whose owner process is gone on this host is cleared without waiting for it to go stale.
 */

/** A temp file this old is abandoned even if its pid was reused: a write takes milliseconds. */
export const ABANDONED_TMP_MS = 10 * 60_000;

const TMP = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;
const OWNER = /^(\d+)@(.+)\.owner$/;

function host(): string {
  return encodeURIComponent(hostname());
}

/** True unless `pid` is certainly gone: EPERM means it runs under another user. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Writes the owner file a lock holder keeps in its lock directory; `remove()` it before releasing (the
 * lock directory must be empty to be removed).
 *
 * @example
 * const owner = await writeLockOwner('/repo/.pw2fa/vault.json.lock');
 * try { … } finally { await owner.remove(); await release(); }
 */
export async function writeLockOwner(lockDir: string): Promise<{ remove: () => Promise<void> }> {
  const path = join(lockDir, `${process.pid}@${host()}.owner`);
  await writeFile(path, '', { mode: 0o600 }).catch(() => undefined);
  return { remove: () => rm(path, { force: true }).catch(() => undefined) };
}

/**
 * A lock directory with no owner file this long after its last refresh is a crashed writer's, killed
 * between creating the lock and naming itself (or between un-naming itself and removing it): a live
 * writer names itself within milliseconds.
 */
export const OWNERLESS_LOCK_MS = 1000;

/**
 * Removes `lockDir` when it belongs to a writer that is gone: its owner was a process on this host that
 * no longer runs, or it has had no owner for {@link OWNERLESS_LOCK_MS}. True when it did (the caller may
 * retry at once). The lock is first renamed aside and checked to be the same directory, so a lock that a
 * live writer took meanwhile is put back rather than removed.
 *
 * @example
 * if (await clearDeadLock(`${path}.lock`)) continue; // retry now instead of waiting 10 s
 */
export async function clearDeadLock(lockDir: string): Promise<boolean> {
  const before = await stat(lockDir).catch(() => undefined);
  if (!before?.isDirectory()) return false;
  const names = await readdir(lockDir).catch(() => undefined);
  if (!names) return false;
  const owners = names.map((name) => OWNER.exec(name)).filter((owner) => owner !== null);
  const deadOwner = owners.some((owner) => owner[2] === host() && !alive(Number(owner[1])));
  const ownerless = owners.length === 0 && Date.now() - before.mtimeMs > OWNERLESS_LOCK_MS;
  if (!deadOwner && !ownerless) return false;
  const aside = `${lockDir}.${process.pid}.${Math.random().toString(36).slice(2)}.dead`;
  try {
    await rename(lockDir, aside);
  } catch {
    return false; // already cleared by another writer
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved?.ino !== before.ino) {
    // A live writer's fresh lock was moved: give it back (it fails safe if someone locked meanwhile).
    await rename(aside, lockDir).catch(() => undefined);
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  return true;
}

/**
 * Deletes temp copies of `file` in its directory whose writer is gone (or that are too old to belong to
 * a write in progress), and dead locks; returns how many things it removed. Best effort: a folder it
 * cannot read is left as it is.
 *
 * @example
 * await cleanLeftovers('/repo/.pw2fa/vault.json');
 */
export async function cleanLeftovers(file: string): Promise<number> {
  const dir = dirname(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const tmp = TMP.exec(name);
    if (tmp && tmp[1] === basename(file)) {
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => undefined,
      );
      if (age === undefined || (alive(Number(tmp[2])) && age < ABANDONED_TMP_MS)) continue;
      await rm(path, { force: true });
      removed += 1;
    } else if (name.startsWith(`${basename(file)}.lock.`) && name.endsWith('.dead')) {
      await rm(path, { recursive: true, force: true }); // set aside by a writer that died clearing it
      removed += 1;
    }
  }
  if (await clearDeadLock(`${file}.lock`)) removed += 1;
  return removed;
}

/** The patterns a vault folder's .gitignore needs besides the key file. */
export const IGNORED_LEFTOVERS = ['.*.tmp', '*.lock', '*.lock.*.dead'];
const MARKER = '# Written by playwright-2fa';

/**
 * Makes the `.gitignore` of the vault folder cover temp files and locks: written when missing and the
 * folder is ours (`created`), extended when it is one playwright-2fa wrote before. A user's own
 * .gitignore is never changed.
 *
 * @example
 * await ignoreLeftovers('/repo/.pw2fa', { created: true });
 */
export async function ignoreLeftovers(
  dir: string,
  opts: { created: boolean; keyFile?: string },
): Promise<void> {
  const path = join(dir, '.gitignore');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) {
    if (!opts.created) return;
    const lines = [`${MARKER}: commit the encrypted vault, never its key.`];
    if (opts.keyFile && dirname(opts.keyFile) === dir) lines.push(basename(opts.keyFile));
    const handle = await open(path, 'wx', 0o644).catch(() => undefined);
    if (!handle) return; // another process wrote it meanwhile
    await handle.writeFile(`${[...lines, ...IGNORED_LEFTOVERS].join('\n')}\n`);
    await handle.close();
    return;
  }
  if (!text.startsWith(MARKER)) return;
  const have = new Set(text.split('\n').map((line) => line.trim()));
  const missing = IGNORED_LEFTOVERS.filter((pattern) => !have.has(pattern));
  if (missing.length) await writeFile(path, `${text.replace(/\n?$/, '\n')}${missing.join('\n')}\n`);
}
