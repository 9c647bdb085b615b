/**
 * A private Dovecot IMAP server for tests: its own config, users, Maildir, sockets and logs in a temp
 * directory, listening on a free loopback port, stopped and deleted afterwards. Needs `dovecot-imapd`
 * (`npm run setup -- dovecot` installs it as root).
 *
 * Dovecot runs "rootless" (https://doc.dovecot.org/2.3/admin_manual/rootless_install/): every process
 * under one user. That is the current user, except for root: Dovecot refuses to run its login
 * process as root, so as root the server is started as `nobody` and the temp dir is handed to it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './ports.js';

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Dovecot's version, e.g. `2.3.19.1`. */
  version: string;
  /** Delivers a message into a mailbox with IMAP APPEND; `date` sets its INTERNALDATE. */
  append(raw: string, options?: { date?: Date; flags?: string[]; mailbox?: string }): Promise<number>;
  /** Flags of the message with this UID in INBOX. */
  flags(uid: number): Promise<string[]>;
  /** The server log so far (for failure messages). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

/** Path of the dovecot binary, or null when it is not installed. */
export function findDovecot(): string | null {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  try {
    return execFileSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Who runs Dovecot: the current user, or `nobody` when that is root. */
function runAs(): { user: string; group: string; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) {
    return { user: userInfo().username, group: execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim() };
  }
  const id = (flag: string) => execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim();
  return { user: 'nobody', group: id('-gn'), uid: Number(id('-u')), gid: Number(id('-g')) };
}

function config(version: string, dir: string, port: number, who: { user: string; group: string }): string {
  const common = [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'ssl = no',
    'auth_mechanisms = plain',
    'auth_failure_delay = 0',
    `default_internal_user = ${who.user}`,
    `default_internal_group = ${who.group}`,
    `default_login_user = ${who.user}`,
    'mail_fsync = never',
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
  ];
  if (/^2\.[0-3]\./.test(version)) {
    return [
      ...common,
      'disable_plaintext_auth = no',
      `mail_location = maildir:${dir}/mail/%u`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = home=${dir}/mail/%u\n}`,
    ].join('\n');
  }
  // Dovecot 2.4 renamed most of these settings (not exercised on this project's Debian 12 machines).
  return [
    'dovecot_config_version = 2.4.0',
    'dovecot_storage_version = 2.4.0',
    ...common,
    'auth_allow_cleartext = yes',
    'mail_driver = maildir',
    `mail_path = ${dir}/mail/%{user}`,
    `mail_home = ${dir}/mail/%{user}`,
    'namespace inbox {\n  inbox = yes\n  separator = /\n}',
    `passdb passwd-file {\n  passwd_file_path = ${dir}/passwd\n}`,
    'userdb static {\n}',
  ].join('\n');
}

/** Resolves once the server sends its IMAP greeting; rejects when the child exits first. */
async function waitForGreeting(port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with code ${child.exitCode}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('dovecot did not greet within 10 s');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a private Dovecot with one user (`test` / a random password) and an empty INBOX.
 *
 * @example
 * const dovecot = await startDovecot();
 * await dovecot.append('From: a@b.test\r\nSubject: Code\r\n\r\nYour code is 482913');
 * await dovecot.stop();
 */
export async function startDovecot(): Promise<DovecotServer> {
  const binary = findDovecot();
  if (!binary) throw new Error('Dovecot is not installed. Run `npm run setup -- dovecot` as root.');
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().split(' ')[0] ?? '';
  const who = runAs();
  const dir = await mkdtemp(join(tmpdir(), 'pw2fa-dovecot-'));
  const user = 'test';
  const pass = `pw-${Math.random().toString(36).slice(2)}`;
  await Promise.all(['run', 'state', 'mail'].map((sub) => mkdir(join(dir, sub))));
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${pass}::::::\n`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    await writeFile(join(dir, 'dovecot.conf'), `${config(version, dir, port, who)}\n`);
    if (who.uid !== undefined && who.gid !== undefined) {
      for (const path of ['', 'run', 'state', 'mail', 'passwd', 'dovecot.conf']) {
        await chown(join(dir, path), who.uid, who.gid);
      }
      await chmod(dir, 0o755);
    }
    const child = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(who.uid !== undefined && who.gid !== undefined ? { uid: who.uid, gid: who.gid } : {}),
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    try {
      await waitForGreeting(port, child, Date.now() + 10_000);
      return server({ binary, version, dir, port, user, pass, child });
    } catch (error) {
      await stopChild(child);
      const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      lastError = new Error(`${(error as Error).message}\n${stderr}\n${log.slice(-4000)}`);
      if (!/Address already in use/.test(log + stderr)) break;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

function server(o: {
  binary: string;
  version: string;
  dir: string;
  port: number;
  user: string;
  pass: string;
  child: ChildProcess;
}): DovecotServer {
  let client: ImapFlow | null = null;
  let stopped: Promise<void> | null = null;
  const connected = async (): Promise<ImapFlow> => {
    if (client?.usable) return client;
    client = new ImapFlow({
      host: '127.0.0.1',
      port: o.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: o.user, pass: o.pass },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  return {
    host: '127.0.0.1',
    port: o.port,
    user: o.user,
    pass: o.pass,
    version: o.version,
    async append(raw, options = {}) {
      const imap = await connected();
      const result = await imap.append(options.mailbox ?? 'INBOX', raw, options.flags ?? [], options.date);
      if (!result || result.uid === undefined) throw new Error('APPEND returned no UID');
      return result.uid;
    },
    async flags(uid) {
      const imap = await connected();
      const status = await imap.getMailboxLock('INBOX');
      try {
        const message = await imap.fetchOne(String(uid), { flags: true }, { uid: true });
        return message ? [...(message.flags ?? [])] : [];
      } finally {
        status.release();
      }
    },
    log: () => readFile(join(o.dir, 'dovecot.log'), 'utf8').catch(() => ''),
    stop() {
      stopped ??= (async () => {
        await client?.logout().catch(() => undefined);
        client?.close();
        await stopChild(o.child);
        await rm(o.dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
