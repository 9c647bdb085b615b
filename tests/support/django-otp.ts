/**
 * A private Django admin behind django-otp (Debian's `python3-django` + `python3-django-otp`; `node
 * scripts/setup.mjs django-otp` installs them as root): one superuser with a password and a confirmed TOTP
 * device, its SQLite database in a temp dir, Django's server on a free loopback port, stopped and deleted
 * afterwards. The Python side is tests/support/django-otp-admin.py.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToBase32 } from '../../src/otp/base32.js';
import { type AppProcess, startProcess, waitForHttp } from './app-process.js';
import { freePort } from './ports.js';

/** Debian's interpreter: the one its python3-django packages are installed for. */
const PYTHON = '/usr/bin/python3';
const APP = fileURLToPath(new URL('./django-otp-admin.py', import.meta.url));

export interface DjangoOtpServer {
  url: string;
  login: string;
  password: string;
  /** The TOTP device's secret as an `otpauth://` URI, what the user saved when adding the device. */
  otpauth: string;
  output(): string;
  stop(): Promise<void>;
}

/** Why the app cannot start here, or null when it can. */
export function djangoOtpMissing(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import django, django_otp'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'Django with django-otp is not installed. Run `node scripts/setup.mjs django-otp` as root.';
  }
}

/**
 * Starts the admin with superuser `admin`.
 *
 * @example
 * const app = await startDjangoOtp();
 * await page.goto(`${app.url}/admin/`);
 * await app.stop();
 */
export async function startDjangoOtp(): Promise<DjangoOtpServer> {
  const missing = djangoOtpMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'pw2fa-django-otp-'));
  const key = randomBytes(20);
  const login = 'admin';
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const app: AppProcess = startProcess(PYTHON, [APP], {
        env: {
          ...process.env,
          PW2FA_DJANGO_DIR: dir,
          PW2FA_DJANGO_SECRET: randomBytes(32).toString('hex'),
          PW2FA_DJANGO_LOGIN: login,
          PW2FA_DJANGO_PASSWORD: password,
          PW2FA_DJANGO_KEY_HEX: key.toString('hex'),
          PW2FA_DJANGO_PORT: String(port),
          PYTHONUNBUFFERED: '1',
        },
      });
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitForHttp(app, `${url}/admin/login/`, 'Django', 60_000);
      } catch (error) {
        await app.stop();
        if (attempt < 2 && /already in use/i.test(app.output())) continue;
        throw error;
      }
      return {
        url,
        login,
        password,
        otpauth: `otpauth://totp/Django:${login}?secret=${bytesToBase32(key)}&issuer=Django`,
        output: app.output,
        async stop() {
          await app.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
