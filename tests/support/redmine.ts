/**
 * A private Redmine (Debian's `redmine` + `redmine-sqlite` packages, `node scripts/setup.mjs redmine`
 * installs them as root) for the real-app tests: its own instance directory (database, secret, logs,
 * cache) in a temp dir, one user with a password, two-factor authentication optional (Redmine's default),
 * served by WEBrick on a free loopback port, stopped and deleted afterwards.
 *
 * Debian's Redmine is multi-tenant: `REDMINE_INSTANCE=<name>` makes it read everything from
 * `/usr/share/redmine/instances/<name>/` (lib/redmine/multi_tenancy.rb). The name is joined onto that
 * path, so a relative path from there to our temp dir puts the whole instance in the temp dir without
 * writing a byte under /usr or /etc.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppProcess, startProcess, waitForHttp } from './app-process.js';
import { freePort } from './ports.js';

export const REDMINE_ROOT = '/usr/share/redmine';
const BOOT = fileURLToPath(new URL('./redmine-boot.rb', import.meta.url));
/** A cold start migrates ~300 steps (≈20 s idle, 50 s on a loaded 2-core machine); a warm one ≈10 s. */
const START_TIMEOUT_MS = 120_000;

export interface RedmineServer {
  url: string;
  /** Users that exist, each with `password` and nothing else set up. */
  logins: readonly string[];
  password: string;
  /** Server output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function redmineInstalled(): boolean {
  return existsSync(join(REDMINE_ROOT, 'config', 'environment.rb'));
}

/** Where the migrated empty database is cached, keyed by the package's migrations. */
async function templatePath(): Promise<string> {
  const migrations = (await readdir(join(REDMINE_ROOT, 'db', 'migrate'))).sort().join('\n');
  const key = createHash('sha256').update(migrations).digest('hex').slice(0, 16);
  return join(tmpdir(), `pw2fa-redmine-schema-${key}.sqlite3`);
}

/**
 * Starts Redmine with users `alice` and `bob`, sharing a random password.
 *
 * @example
 * const redmine = await startRedmine();
 * await page.goto(`${redmine.url}/login`);
 * await redmine.stop();
 */
export async function startRedmine(): Promise<RedmineServer> {
  if (!redmineInstalled()) {
    throw new Error('Redmine is not installed. Run `node scripts/setup.mjs redmine` as root.');
  }
  const dir = await mkdtemp(join(tmpdir(), 'pw2fa-redmine-'));
  const database = join(dir, 'db', 'redmine.sqlite3');
  await Promise.all(
    ['config', 'log', 'tmp', 'files', 'db', join('public', 'plugin_assets')].map((sub) =>
      mkdir(join(dir, sub), { recursive: true }),
    ),
  );
  await writeFile(
    join(dir, 'config', 'database.yml'),
    `production:\n  adapter: sqlite3\n  database: ${database}\n  timeout: 5000\n`,
  );
  await writeFile(join(dir, 'config', 'secret_key.txt'), randomBytes(64).toString('hex'));
  const template = await templatePath();
  if (existsSync(template)) await copyFile(template, database);
  const logins = ['alice', 'bob'];
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  let app: AppProcess | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      app = startProcess('ruby', [BOOT], {
        cwd: REDMINE_ROOT,
        env: {
          ...process.env,
          RAILS_ENV: 'production',
          RAILS_SERVE_STATIC_FILES: '1',
          REDMINE_INSTANCE: relative(join(REDMINE_ROOT, 'instances'), dir),
          PW2FA_REDMINE_ROOT: REDMINE_ROOT,
          PW2FA_REDMINE_TEMPLATE: template,
          PW2FA_REDMINE_LOGINS: logins.join(','),
          PW2FA_REDMINE_PASSWORD: password,
          PW2FA_REDMINE_PORT: String(port),
        },
      });
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitForHttp(app, `${url}/login`, 'Redmine', START_TIMEOUT_MS);
      } catch (error) {
        await app.stop();
        // Another server took the free port between our look and Redmine's bind: try another one.
        if (attempt < 2 && /EADDRINUSE|Address already in use/.test(app.output())) continue;
        throw error;
      }
      const running = app;
      return {
        url,
        logins,
        password,
        output: running.output,
        async stop() {
          await running.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
