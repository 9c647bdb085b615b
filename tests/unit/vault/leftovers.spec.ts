import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_STALE_MS } from '../../../src/vault/file-store.js';
import { expect, RAW_KEY, TOTP_URI, test } from './helpers.js';

// Issue 21, item 6: a writer killed mid-write left encrypted `.tmp` copies that were never cleaned up nor
// ignored by git, and its lock blocked the next writer for ~10 s.
const WRITER = join(import.meta.dirname, 'writer-child.ts');

/** A pid that certainly ran on this host and no longer does. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', '0']);
  return done.pid as number;
}

async function leftovers(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, '.pw2fa')).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.tmp') || name.includes('.lock'));
}

/** Starts a writer, lets it write for a random moment, kills it with SIGKILL. */
async function killMidWrite(path: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PW2FA_VAULT_KEY: RAW_KEY },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 120));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

test.describe('after a writer crashed', () => {
  test('a lock left by a killed writer on this host does not block the next writer', async ({
    open,
    dir,
  }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    // What a writer killed inside its transaction leaves: a fresh lock naming it.
    await mkdir(`${vault.path}.lock`);
    await writeFile(
      join(
        `${vault.path}.lock`,
        `${deadPid()}@${encodeURIComponent((await import('node:os')).hostname())}.owner`,
      ),
      '',
    );
    const started = Date.now();
    await vault.add('other', TOTP_URI);
    const took = Date.now() - started;
    console.log(
      `write after a dead writer's fresh lock: ${took} ms (stale lock takeover would wait ${LOCK_STALE_MS} ms)`,
    );
    expect(took).toBeLessThan(2000);
    expect(await vault.has('other')).toBe(true);
    expect(await leftovers(dir)).toEqual([]);
  });

  test('a lock of a live writer is still respected', async ({ open }) => {
    const vault = await open({ lockTimeout: 300 });
    await mkdir(`${vault.path}.lock`, { recursive: true });
    await writeFile(
      join(
        `${vault.path}.lock`,
        `${process.pid}@${encodeURIComponent((await import('node:os')).hostname())}.owner`,
      ),
      '',
    );
    await expect(vault.add('other', TOTP_URI)).rejects.toMatchObject({ code: 'PW2FA_VAULT_LOCKED' });
  });

  test('temp copies of a dead writer are removed on the next open, a live writer’s are kept', async ({
    open,
    dir,
  }) => {
    const vault = await open();
    await vault.add('github', TOTP_URI);
    const deadTmp = join(dir, '.pw2fa', `.vault.json.${deadPid()}.0a1b2c3d4e5f.tmp`);
    const liveTmp = join(dir, '.pw2fa', `.vault.json.${process.pid}.0a1b2c3d4e5f.tmp`);
    const deadKeyTmp = join(dir, '.pw2fa', `.vault.key.${deadPid()}.0a1b2c3d4e5f.tmp`);
    for (const path of [deadTmp, liveTmp, deadKeyTmp]) await writeFile(path, await readFile(vault.path));
    await open();
    expect((await leftovers(dir)).sort()).toEqual([`.vault.json.${process.pid}.0a1b2c3d4e5f.tmp`]);
  });

  test('15 writers killed with SIGKILL mid-write: nothing lost, no leftovers after the next open, no long waits', async ({
    open,
    dir,
  }) => {
    test.setTimeout(120_000);
    const vault = await open();
    await vault.add('keep', TOTP_URI);
    let sawLeftovers = 0;
    let slowest = 0;
    for (let i = 0; i < 15; i++) {
      await killMidWrite(vault.path);
      if ((await leftovers(dir)).length) sawLeftovers += 1;
      const started = Date.now();
      const next = await open();
      await next.add(`after-${i}`, TOTP_URI);
      slowest = Math.max(slowest, Date.now() - started);
      expect(await leftovers(dir)).toEqual([]);
      expect(await next.has('keep')).toBe(true);
    }
    console.log(
      `killed 15 writers: leftovers seen after ${sawLeftovers} kills, slowest next open + write ${slowest} ms`,
    );
    expect(slowest).toBeLessThan(3000);
    expect((await (await open()).list()).filter((e) => e.label.startsWith('after-'))).toHaveLength(15);
  });

  test('the vault folder’s .gitignore covers the key, temp copies and locks, but not the vault', async ({
    open,
    dir,
  }) => {
    await (await open()).add('github', TOTP_URI);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const ignored = (path: string) =>
      spawnSync('git', ['check-ignore', '-q', path], { cwd: dir }).status === 0;
    expect(ignored('.pw2fa/.vault.json.123.0a1b2c.tmp')).toBe(true);
    expect(ignored('.pw2fa/vault.json.lock/123@host.owner')).toBe(true);
    expect(ignored('.pw2fa/vault.json')).toBe(false);
  });

  test('a .gitignore from an older version is extended; a user’s own is left alone', async ({
    open,
    dir,
  }) => {
    await mkdir(join(dir, '.pw2fa'));
    const old = '# Written by playwright-2fa: commit the encrypted vault, never its key.\nvault.key\n';
    await writeFile(join(dir, '.pw2fa', '.gitignore'), old);
    await open();
    expect(await readFile(join(dir, '.pw2fa', '.gitignore'), 'utf8')).toBe(
      `${old}.*.tmp\n*.lock\n*.lock.*.dead\n`,
    );
    await writeFile(join(dir, '.pw2fa', '.gitignore'), 'mine\n');
    await open();
    expect(await readFile(join(dir, '.pw2fa', '.gitignore'), 'utf8')).toBe('mine\n');
    expect((await stat(join(dir, '.pw2fa', '.gitignore'))).isFile()).toBe(true);
  });
});
