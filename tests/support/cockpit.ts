/**
 * A private Cockpit web console (Debian's `cockpit-ws` + `cockpit-system`) whose PAM stack asks
 * pam_google_authenticator for a "Verification code:" after the password — the way admins put TOTP in
 * front of Cockpit. `node scripts/setup.mjs cockpit` (root) installs the packages, adds the PAM line and
 * creates the local user `pw2fa-cockpit`; this module gives that user a fresh password and a fresh secret
 * each time it starts, runs cockpit-ws without TLS on a free loopback port with its config in a temp dir,
 * and on stop kills it, deletes the secret file and locks the password again.
 *
 * Needs root: it sets a local user's password and writes into their home.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToBase32 } from '../../src/otp/base32.js';
import { type AppProcess, startProcess, waitForHttp } from './app-process.js';
import { freePort } from './ports.js';

export const COCKPIT_USER = 'pw2fa-cockpit';
const COCKPIT_WS = '/usr/lib/cockpit/cockpit-ws';
const MARK = 'pam_google_authenticator.so';

export interface CockpitServer {
  url: string;
  user: string;
  password: string;
  /** The user's authenticator secret as an `otpauth://` URI, what a person would have saved. */
  otpauth: string;
  output(): string;
  stop(): Promise<void>;
}

/** Why Cockpit cannot be started here, or null when it can. */
export function cockpitMissing(): string | null {
  const setup = 'Run `node scripts/setup.mjs cockpit` as root.';
  if (!existsSync(COCKPIT_WS)) return `Cockpit is not installed. ${setup}`;
  if (!readFileSync('/etc/pam.d/cockpit', 'utf8').includes(MARK)) {
    return `Cockpit's PAM stack asks for no verification code. ${setup}`;
  }
  const id = (flag: string) => execFileSync('id', [flag, COCKPIT_USER], { encoding: 'utf8' }).trim();
  try {
    id('-u');
  } catch {
    return `The test user ${COCKPIT_USER} does not exist. ${setup}`;
  }
  if (process.getuid?.() !== 0) return 'The Cockpit tests set a local user’s password: run them as root.';
  return null;
}

function userIds(): { uid: number; gid: number; home: string } {
  const id = (flag: string) => Number(execFileSync('id', [flag, COCKPIT_USER], { encoding: 'utf8' }).trim());
  const home = execFileSync('getent', ['passwd', COCKPIT_USER], { encoding: 'utf8' }).split(':')[5] ?? '';
  return { uid: id('-u'), gid: id('-g'), home };
}

/**
 * The user's ~/.google_authenticator (format: FILEFORMAT in google/google-authenticator-libpam): the
 * secret, TOTP mode, codes usable once (as `google-authenticator -t -d` writes it), ±1 window.
 */
async function writeSecretFile(secret: string): Promise<string> {
  const { uid, gid, home } = userIds();
  await mkdir(home, { recursive: true });
  const file = join(home, '.google_authenticator');
  await writeFile(file, `${secret}\n" TOTP_AUTH\n" DISALLOW_REUSE\n" WINDOW_SIZE 3\n`, { mode: 0o600 });
  // The module reads the file as the user and rewrites it (used time steps): the user must own it.
  await chown(file, uid, gid);
  await chown(home, uid, gid);
  return file;
}

/**
 * A Cockpit session starts a D-Bus session daemon as the user that outlives cockpit-ws. The user exists
 * only for these tests, so whatever still runs as it was started by them: ended here, one pid at a time.
 */
function endSessionLeftovers(): void {
  const listed = spawnSync('ps', ['-o', 'pid=', '-u', COCKPIT_USER], { encoding: 'utf8' });
  for (const pid of listed.stdout
    .split('\n')
    .map(Number)
    .filter((n) => n > 0)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  }
}

/**
 * Starts cockpit-ws for `pw2fa-cockpit` with a new password and secret.
 *
 * @example
 * const cockpit = await startCockpit();
 * await vault.add('cockpit', cockpit.otpauth);
 * await cockpit.stop();
 */
export async function startCockpit(): Promise<CockpitServer> {
  const missing = cockpitMissing();
  if (missing) throw new Error(missing);
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  const secret = bytesToBase32(randomBytes(20));
  execFileSync('chpasswd', { input: `${COCKPIT_USER}:${password}\n` });
  const secretFile = await writeSecretFile(secret);
  const dir = await mkdtemp(join(tmpdir(), 'pw2fa-cockpit-'));
  await mkdir(join(dir, 'cockpit'));
  // Plain http on loopback: without this Cockpit redirects to https, which --no-tls cannot serve.
  await writeFile(join(dir, 'cockpit', 'cockpit.conf'), '[WebService]\nAllowUnencrypted = true\n');
  const cleanUp = async () => {
    endSessionLeftovers();
    await rm(secretFile, { force: true });
    execFileSync('usermod', ['--lock', COCKPIT_USER]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const app: AppProcess = startProcess(
        COCKPIT_WS,
        ['--no-tls', '--address', '127.0.0.1', '--port', String(port)],
        { env: { ...process.env, XDG_CONFIG_DIRS: dir } },
      );
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitForHttp(app, `${url}/`, 'cockpit-ws', 20_000);
      } catch (error) {
        await app.stop();
        if (attempt < 2 && /in use/i.test(app.output())) continue;
        throw error;
      }
      return {
        url,
        user: COCKPIT_USER,
        password,
        otpauth: `otpauth://totp/Cockpit:${COCKPIT_USER}?secret=${secret}&issuer=Cockpit`,
        output: app.output,
        async stop() {
          await app.stop();
          await cleanUp();
        },
      };
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
