import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import { formatEvent } from '../../../src/playwright/progress.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword, taggedUser } from '../../support/demo.js';
import type { WorkerOutcome, WorkerTask } from './recovery-worker.js';

const CODES = DEMO_ACCOUNTS.recovery.recoveryCodes;
/** A secret the site does not know, with 3-second windows so the retry in the next window is quick. */
const STALE_SECRET = 'otpauth://totp/Demo:stale?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=3';

let site: DemoSite;
let vault: Vault;
let key: string;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, key, dispose } = await demoVault([]));
});
test.afterAll(async () => {
  await site?.close();
  dispose?.();
});

async function codesLeft(label: string): Promise<number | undefined> {
  return (await vault.list()).find((info) => info.label === label)?.recoveryCodesLeft;
}

async function failure(promise: Promise<unknown>): Promise<TwoFactorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwoFactorError);
  return error as TwoFactorError;
}

test('an account with only recovery codes switches through "Use a recovery code instead"', async ({
  page,
}, testInfo) => {
  await vault.addRecoveryCodes('codes-only', CODES.slice(0, 3));
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  const titles: string[] = [];
  const result = await new TwoFactor(page, {
    vault,
    account: 'codes-only',
    onEvent: (event) => events.push(event),
    step: (title, body) => {
      titles.push(title);
      return body();
    },
  }).handle();
  expect(result).toMatchObject({
    kind: 'recovery',
    channel: 'vault:codes-only',
    verified: true,
    attempts: 1,
  });
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect(titles).toContain('2FA: switch to a recovery code ("Use a recovery code instead")');
  expect(events).toContainEqual({ type: 'recovery', reason: 'no-authenticator' });
  // 3 stored, 1 used: 2 < the default warnBelow of 3.
  expect(events).toContainEqual({ type: 'recovery-low', remaining: 2 });
  expect(events.map(formatEvent)).toContain(
    '2FA: only 2 recovery codes left — generate new ones on the site and store them with vault.addRecoveryCodes()',
  );
  expect(await codesLeft('codes-only')).toBe(2);
  expect(JSON.stringify({ events, titles })).not.toContain(CODES[0]);
});

test('warnBelow decides when few codes are too few', async ({ page }, testInfo) => {
  await vault.addRecoveryCodes('warn-once', CODES.slice(0, 3));
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  await new TwoFactor(page, {
    vault,
    account: 'warn-once',
    recovery: { warnBelow: 2 },
    onEvent: (event) => events.push(event),
  }).handle();
  expect(events.filter((event) => event.type === 'recovery-low')).toEqual([]);
});

test('falls back to a recovery code after the authenticator code is rejected twice, when allowed', async ({
  page,
}, testInfo) => {
  await vault.add('stale', STALE_SECRET);
  await vault.addRecoveryCodes('stale', CODES);
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  const result = await new TwoFactor(page, {
    vault,
    account: 'stale',
    recovery: { fallback: true },
    onEvent: (event) => events.push(event),
  }).handle();
  expect(result).toMatchObject({ kind: 'recovery', verified: true, attempts: 3 });
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect(events.filter((event) => event.type === 'rejected')).toHaveLength(2);
  expect(events).toContainEqual({ type: 'recovery', reason: 'fallback' });
  expect(await codesLeft('stale')).toBe(CODES.length - 1);
});

test('without fallback a rejected authenticator code stays PW2FA_CODE_REJECTED and no recovery code is used', async ({
  page,
}, testInfo) => {
  await vault.add('stale-strict', STALE_SECRET);
  await vault.addRecoveryCodes('stale-strict', CODES);
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const error = await failure(new TwoFactor(page, { vault, account: 'stale-strict' }).handle());
  expect(error.code).toBe('PW2FA_CODE_REJECTED');
  expect(error.message).toMatch(
    /^The site rejected the authenticator code from vault:stale-strict twice: "That code didn't work\. Try again\."/,
  );
  expect(await codesLeft('stale-strict')).toBe(CODES.length);
  await expect(page.locator('input[name="code"]')).toBeVisible(); // never left the authenticator prompt
});

test('no secret and no codes left is PW2FA_NO_RECOVERY_CODE', async ({ page }, testInfo) => {
  await vault.addRecoveryCodes('spent', ['aaaaa-bbbbb']);
  await vault.takeRecoveryCode('spent');
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const error = await failure(new TwoFactor(page, { vault, account: 'spent' }).handle());
  expect(error.code).toBe('PW2FA_NO_RECOVERY_CODE');
  expect(error.message).toBe(
    'The vault holds no authenticator secret, and no recovery codes are left for "spent" in the vault. ' +
      'Generate new recovery codes on the site and store them with vault.addRecoveryCodes(label, codes), ' +
      'or store the authenticator secret (`pw2fa add <label> --uri <otpauth://…>`).',
  );
});

test('falling back with no codes left is PW2FA_NO_RECOVERY_CODE, caused by the rejection', async ({
  page,
}, testInfo) => {
  await vault.add('stale-empty', STALE_SECRET);
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const error = await failure(
    new TwoFactor(page, { vault, account: 'stale-empty', recovery: { fallback: true } }).handle(),
  );
  expect(error.code).toBe('PW2FA_NO_RECOVERY_CODE');
  expect(error.message).toMatch(
    /^The site rejected the authenticator code twice, and no recovery codes are left/,
  );
  expect((error.cause as TwoFactorError).code).toBe('PW2FA_CODE_REJECTED');
});

test('a recovery code the site rejects is spent and not retried', async ({ page }, testInfo) => {
  await vault.addRecoveryCodes('bogus', ['zzzzz-zzzzz', 'yyyyy-yyyyy']);
  await signInWithPassword(page, site.url, 'recovery', `r${testInfo.testId}`);
  const events: TwoFactorEvent[] = [];
  const error = await failure(
    new TwoFactor(page, { vault, account: 'bogus', onEvent: (e) => events.push(e) }).handle(),
  );
  expect(error.code).toBe('PW2FA_CODE_REJECTED');
  expect(error.message).toBe(
    'The site rejected the recovery code from vault:bogus: "That recovery code is invalid or was already used.". ' +
      'A recovery code works once, so it is not retried (1 left in the vault). Check that the stored codes are ' +
      'this account’s current ones (generating new codes on the site voids the old ones).',
  );
  expect(events.filter((event) => event.type === 'rejected')).toHaveLength(1);
  expect(await codesLeft('bogus')).toBe(1);
});

const WORKER = fileURLToPath(new URL('./recovery-worker.ts', import.meta.url));

/** Starts one Node process per task, releases them together once all are at the prompt, collects results. */
async function runWorkers(tasks: WorkerTask[]): Promise<WorkerOutcome[]> {
  const children = tasks.map((task) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(task)], {
      // A clean environment: nothing of this test worker's Playwright state leaks into the children.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PW2FA_VAULT_KEY: key,
        ...(process.env.PW2FA_CHROMIUM ? { PW2FA_CHROMIUM: process.env.PW2FA_CHROMIUM } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => (stdout.includes('ready\n') ? resolve() : undefined));
      child.on('exit', (code) => reject(new Error(`worker exited (${code}) before the prompt: ${stderr}`)));
    });
    const done = new Promise<WorkerOutcome>((resolve, reject) => {
      child.on('exit', (code) => {
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (code === 0 && line) resolve(JSON.parse(line) as WorkerOutcome);
        else reject(new Error(`worker exited with ${code}: ${stdout} ${stderr}`));
      });
    });
    return { child, ready, done };
  });
  try {
    await Promise.all(children.map((c) => c.ready));
    for (const { child } of children) child.stdin.end('go\n');
    return await Promise.all(children.map((c) => c.done));
  } finally {
    for (const { child } of children) if (child.exitCode === null) child.kill();
  }
}

// biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
test('8 worker processes sharing one vault never use a recovery code twice', async ({}, testInfo) => {
  test.setTimeout(120_000);
  await vault.addRecoveryCodes('team', CODES);
  // One site user for all eight, so the site itself refuses any code used twice; the tag keeps it
  // apart from the other tests' users.
  const username = taggedUser('recovery', `team${testInfo.testId}`);
  const tasks = Array.from({ length: 8 }, () => ({
    siteUrl: site.url,
    vaultPath: vault.path,
    username,
    password: DEMO_ACCOUNTS.recovery.password,
    account: 'team',
  }));
  const outcomes = await runWorkers(tasks);
  expect(outcomes.map((o) => o.error ?? o.kind)).toEqual(Array(8).fill('recovery'));
  for (const outcome of outcomes) {
    expect(outcome.signedIn).toBe(`Signed in as ${username}`);
    expect(outcome.events).toContainEqual({ type: 'recovery', reason: 'no-authenticator' });
  }
  // Codes are taken from the front: the two left are the last two, so the first eight went one each.
  expect(await codesLeft('team')).toBe(2);
  const lows = outcomes.flatMap((o) => o.events.filter((event) => event.type === 'recovery-low'));
  expect(lows).toEqual([{ type: 'recovery-low', remaining: 2 }]);
  const rest = [await vault.takeRecoveryCode('team'), await vault.takeRecoveryCode('team')];
  expect(rest.map((taken) => taken.code)).toEqual(CODES.slice(8));
});
