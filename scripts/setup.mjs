#!/usr/bin/env node
// Makes this machine able to run the demo and the tests: finds (or, as root, installs with apt) a Chromium
// and the real servers the tests use. Runs before `npm test` / `npm run demo`, never on a consumer's install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
// Loaded through tsx (see package.json), so it works on a fresh clone before anything is built.
import { findChromium } from '../src/playwright/browser.ts';

const wanted = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['chromium']);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function onPath(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
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
