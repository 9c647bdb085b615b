#!/usr/bin/env node
// Makes this machine able to run the demo and the tests: finds (or, as root, installs with apt) a Chromium
// and the real servers the tests use. Runs before `npm test` / `npm run demo`, never on a consumer's install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
// Loaded through tsx (see package.json), so it works on a fresh clone before anything is built.
import { findChromium } from '../src/playwright/browser.ts';

const args = process.argv.slice(2);
// `--undo cockpit` takes back what `cockpit` changed outside the packages (the PAM line, the test user).
const undo = args.includes('--undo');
const named = args.filter((arg) => arg !== '--undo');
const wanted = new Set(named.length ? named : undo ? [] : ['chromium']);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

/** The binary's path on PATH, or undefined. */
function locate(binary) {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function onPath(binary) {
  return locate(binary) !== undefined;
}

function aptInstall(packages, why) {
  if (!isRoot) {
    console.error(`setup: ${why} is missing. Install it: sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  console.log(`setup: installing ${packages.join(' ')} with apt (${why} not found)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}

if (wanted.has('chromium')) {
  let found = findChromium();
  if (!found) {
    aptInstall(['chromium', 'fonts-liberation'], 'a Chromium browser');
    found = findChromium();
  }
  if (!found) {
    console.error('setup: no Chromium after installing it; set PW2FA_CHROMIUM to a Chromium binary.');
    process.exit(1);
  }
  if (process.env.PW2FA_SETUP_VERBOSE)
    console.log(`setup: chromium (${found.source}) ${found.executablePath}`);
}

if (wanted.has('redis') && !onPath('redis-server')) aptInstall(['redis-server'], 'redis-server');
if (wanted.has('dovecot') && !existsSync('/usr/sbin/dovecot')) {
  aptInstall(['dovecot-imapd'], 'the Dovecot IMAP server');
}

// Videos: Playwright records them with its own ffmpeg build, whose download fails on machines like CI's here.
// Debian's ffmpeg takes the same arguments (VP8 in WebM), so it is linked where Playwright looks for its own.
if (wanted.has('ffmpeg')) {
  const core = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const { browsers: builds } = JSON.parse(readFileSync(join(core, 'browsers.json'), 'utf8'));
  const { revision } = builds.find((build) => build.name === 'ffmpeg');
  const browsers =
    process.env.PLAYWRIGHT_BROWSERS_PATH ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ms-playwright');
  const target = join(browsers, `ffmpeg-${revision}`, 'ffmpeg-linux');
  if (!existsSync(target)) {
    if (!onPath('ffmpeg')) aptInstall(['ffmpeg'], 'ffmpeg (to record test videos)');
    const system = locate('ffmpeg');
    mkdirSync(join(browsers, `ffmpeg-${revision}`), { recursive: true });
    symlinkSync(system, target);
    console.log(`setup: Playwright records videos with ${system} (linked as ${target})`);
  }
}

function installed(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax, not a template
  const status = spawnSync('dpkg-query', ['-W', '--showformat', '${Status}', pkg], { encoding: 'utf8' });
  return status.status === 0 && status.stdout.includes('install ok installed');
}

function aptMissing(packages, why) {
  const missing = packages.filter((pkg) => !installed(pkg));
  if (missing.length) aptInstall(missing, why);
}

// Real third-party apps with TOTP sign-in for tests/browser/apps (only when asked for by name).
if (wanted.has('redmine')) aptMissing(['redmine', 'redmine-sqlite'], 'Redmine');
if (wanted.has('django-otp')) aptMissing(['python3-django', 'python3-django-otp'], 'Django with django-otp');

// Cockpit signs in through PAM; the line below makes its stack ask pam_google_authenticator for a
// "Verification code:" after the password. `nullok`: users without ~/.google_authenticator (everyone but
// the test user) sign in as before. The marker lets a second run (and --undo) find its own line.
const COCKPIT_PAM = '/etc/pam.d/cockpit';
const PAM_MARK = '# added by playwright-2fa scripts/setup.mjs (undo: node scripts/setup.mjs --undo cockpit)';
const PAM_LINE = `auth       required     pam_google_authenticator.so nullok ${PAM_MARK}`;
const COCKPIT_USER = 'pw2fa-cockpit';

function needRoot(what) {
  if (isRoot) return;
  console.error(
    `setup: ${what} needs root. Run: sudo node scripts/setup.mjs ${undo ? '--undo ' : ''}cockpit`,
  );
  process.exit(1);
}

function userExists(name) {
  return spawnSync('id', [name], { stdio: 'ignore' }).status === 0;
}

if (wanted.has('cockpit') && !undo) {
  aptMissing(
    ['cockpit-ws', 'cockpit-system', 'libpam-google-authenticator'],
    'Cockpit with Google Authenticator PAM',
  );
  const pam = readFileSync(COCKPIT_PAM, 'utf8');
  if (!pam.includes(PAM_MARK)) {
    needRoot("adding the verification code to Cockpit's PAM stack");
    const lines = pam.split('\n');
    // Right after the password check, before the rest of the auth stack.
    const at = lines.findIndex((line) => /^auth\s+\S+\s+common-auth/.test(line));
    lines.splice(at === -1 ? lines.findIndex((line) => line.startsWith('auth')) + 1 : at + 1, 0, PAM_LINE);
    writeFileSync(COCKPIT_PAM, lines.join('\n'));
    console.log(
      `setup: ${COCKPIT_PAM} now asks for a verification code (users with ~/.google_authenticator)`,
    );
  }
  if (!userExists(COCKPIT_USER)) {
    needRoot(`creating the test user ${COCKPIT_USER}`);
    // No password yet: tests/support/cockpit.ts sets a fresh one (and a fresh secret) each time it starts.
    execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', COCKPIT_USER], { stdio: 'inherit' });
    console.log(`setup: created the local test user ${COCKPIT_USER}`);
  }
}

if (wanted.has('cockpit') && undo) {
  if (existsSync(COCKPIT_PAM) && readFileSync(COCKPIT_PAM, 'utf8').includes(PAM_MARK)) {
    needRoot(`removing the verification code line from ${COCKPIT_PAM}`);
    const pam = readFileSync(COCKPIT_PAM, 'utf8');
    writeFileSync(
      COCKPIT_PAM,
      pam
        .split('\n')
        .filter((line) => !line.includes(PAM_MARK))
        .join('\n'),
    );
  }
  if (userExists(COCKPIT_USER)) {
    needRoot(`removing the test user ${COCKPIT_USER}`);
    const removed = spawnSync('userdel', ['--remove', COCKPIT_USER], { encoding: 'utf8' });
    if (removed.status !== 0) {
      console.error(`setup: could not remove ${COCKPIT_USER}: ${removed.stderr.trim()}`);
      process.exit(1);
    }
  }
}
