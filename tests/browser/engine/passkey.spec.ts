// Passkeys end to end on the demo site: enrollPasskey() registers through the virtual authenticator and
// stores the credential in the vault; handle() answers later passkey prompts with it — from fresh
// contexts, and from separate worker processes — and the site's @simplewebauthn/server checks every
// signature and counter.
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { detectPrompt } from '../../../src/detect/index.js';
import { keyAlgorithm } from '../../../src/playwright/passkey-authenticator.js';
import { loadPasskeys } from '../../../src/playwright/passkey-store.js';
import { armPasskeys } from '../../../src/playwright/passkeys.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword, taggedUser } from '../../support/demo.js';
import { failuresOf, runInline } from '../../support/inline-run.js';

let site: Awaited<ReturnType<typeof startDemoSite>>;
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

/** Contexts a test opened besides its own page's; closed after each test. */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close()));
});

async function freshPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  opened.push(context);
  return context.newPage();
}

/** First sign-in of a new user: password, then the security settings, where the passkey is added. */
async function enroll(page: Page, tag: string, label: string, siteUrl = site.url) {
  await signInWithPassword(page, siteUrl, 'passkey', tag);
  await expect(page).toHaveURL(/\/settings\/security$/);
  return new TwoFactor(page, { vault }).enrollPasskey({ label });
}

/** A later sign-in in a browser that has never seen the passkey: only the vault has it. */
async function signInWithPasskey(browser: Browser, tag: string, label: string): Promise<Page> {
  const page = await freshPage(browser);
  await signInWithPassword(page, site.url, 'passkey', tag);
  const result = await new TwoFactor(page, { vault, account: label }).handle();
  expect(result).toMatchObject({ kind: 'passkey', channel: `passkey:${label}`, verified: true, attempts: 1 });
  await expect(page.getByTestId('signed-in')).toHaveText(`Signed in as ${taggedUser('passkey', tag)}`);
  return page;
}

test('a passkey sign-in confirmed in place (same URL, button still there, "Welcome back") is accepted', async ({
  page,
  browser,
}) => {
  await enroll(page, 'pk-in-place', 'pk-in-place');
  const later = await freshPage(browser);
  await signInWithPassword(later, site.url, 'passkey', 'pk-in-place');
  await later.goto(`${site.url}/2fa/passkey?in-place`);
  const result = await new TwoFactor(later, { vault, account: 'pk-in-place' }).handle();
  expect(result).toMatchObject({ kind: 'passkey', verified: true, attempts: 1 });
  expect(later.url()).toBe(`${site.url}/2fa/passkey?in-place`);
  await expect(later.getByRole('button', { name: 'Use your passkey' })).toBeVisible();
  await later.goto(`${site.url}/home`);
  await expect(later.getByTestId('signed-in')).toBeVisible();
});

test('the sign-in step is a passkey prompt; the security settings page is not a prompt', async ({ page }) => {
  const info = await enroll(page, 'pk-detect', 'pk-detect');
  expect(info).toMatchObject({
    label: 'pk-detect',
    rpId: '127.0.0.1',
    signCount: 0,
    authenticator: 'playwright',
  });
  await page.goto(`${site.url}/settings/security`);
  expect(await detectPrompt(page)).toBeNull();
  await page.goto(`${site.url}/logout`);
  await signInWithPassword(page, site.url, 'passkey', 'pk-detect');
  expect(await detectPrompt(page)).toMatchObject({ kind: 'passkey', inputs: [] });
});

test('enrollPasskey keeps the private key only encrypted; a fresh context signs in with it', async ({
  page,
  browser,
}) => {
  const info = await enroll(page, 'pk-fresh', 'pk-fresh');
  const [held] = await page.context().credentials.get({ id: info.credentialId });
  if (!held) throw new Error('the enrolling context holds no passkey');
  expect(readFileSync(vault.path, 'utf8')).not.toContain(held.privateKey);
  expect(JSON.stringify(await vault.list())).not.toContain(held.privateKey);
  expect((await vault.list()).find((entry) => entry.label === 'pk-fresh')?.dataKeys).toEqual(['passkeys']);
  // Playwright leaves passkeys out of storageState unless asked: login state files never carry them.
  expect(JSON.stringify(await page.context().storageState())).not.toContain(held.privateKey);

  await signInWithPasskey(browser, 'pk-fresh', 'pk-fresh');
});

test('logins in sequence each pass the site counter check, in new and in reused contexts', async ({
  page,
  browser,
}) => {
  await enroll(page, 'pk-seq', 'pk-seq');
  const counters: number[] = [];
  const counter = async () => (await loadPasskeys(vault, 'pk-seq'))[0]?.signCount ?? -1;
  counters.push(await counter());
  const again = await signInWithPasskey(browser, 'pk-seq', 'pk-seq');
  counters.push(await counter());
  await signInWithPasskey(browser, 'pk-seq', 'pk-seq');
  counters.push(await counter());
  // The same context again: its authenticator already holds the passkey with a counter of its own.
  await again.goto(`${site.url}/logout`);
  await signInWithPassword(again, site.url, 'passkey', 'pk-seq');
  await new TwoFactor(again, { vault, account: 'pk-seq' }).handle();
  await expect(again.getByTestId('signed-in')).toBeVisible();
  counters.push(await counter());
  expect(counters).toEqual([...counters].sort((a, b) => a - b));
  expect(new Set(counters).size).toBe(counters.length);
});

const CHILD_CONFIG = `import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../../../src/playwright/browser.js';
export default defineConfig({
  outputDir: './test-results',
  workers: 3,
  fullyParallel: true,
  reporter: [['line'], ['json', { outputFile: 'report.json' }]],
  use: { launchOptions: chromiumLaunchOptions() },
});
`;

const CHILD_SPEC = `import { test, expect } from '@playwright/test';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import { Vault } from '../../../src/vault/vault.js';
for (let worker = 1; worker <= 3; worker++) {
  test('login ' + worker, async ({ page }) => {
    const vault = await Vault.open({ path: process.env.VAULT_PATH });
    await page.goto(process.env.SITE_URL + '/login/passkey');
    await page.locator('#username').fill(process.env.DEMO_USER);
    await page.locator('#password').fill(${JSON.stringify(DEMO_ACCOUNTS.passkey.password)});
    await page.locator('form button[type=submit]').click();
    const result = await new TwoFactor(page, { vault, account: 'pk-workers' }).handle();
    expect(result.channel).toBe('passkey:pk-workers');
    await expect(page.getByTestId('signed-in')).toBeVisible();
  });
}
`;

test('worker processes sign in at the same time with the passkey another process enrolled', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await enroll(page, 'pk-workers', 'pk-workers');
  const before = (await loadPasskeys(vault, 'pk-workers'))[0]?.signCount ?? -1;
  const run = await runInline(
    'passkey-workers',
    { 'playwright.config.ts': CHILD_CONFIG, 'passkey.spec.ts': CHILD_SPEC },
    {
      PW2FA_VAULT_KEY: key,
      VAULT_PATH: vault.path,
      SITE_URL: site.url,
      DEMO_USER: taggedUser('passkey', 'pk-workers'),
    },
    { timeoutMs: 170_000 },
  );
  expect(run.report.stats, failuresOf(run)).toMatchObject({ expected: 3, unexpected: 0 });
  expect(run.status).toBe(0);
  // The workers saved their counters back: the next login anywhere starts above all of them.
  expect((await loadPasskeys(vault, 'pk-workers'))[0]?.signCount).toBeGreaterThan(before + 2);
});

test('a passkey prompt with nothing stored for the account fails with PW2FA_NO_PASSKEY', async ({
  page,
  browser,
}) => {
  await enroll(page, 'pk-none', 'pk-none');
  const other = await freshPage(browser);
  await signInWithPassword(other, site.url, 'passkey', 'pk-none');
  const handled = new TwoFactor(other, { vault, account: 'pk-never-enrolled' }).handle();
  await expect(handled).rejects.toMatchObject({
    code: 'PW2FA_NO_PASSKEY',
    message:
      `The page asks for a passkey, but no passkey is stored for "pk-never-enrolled" in ${vault.path}. ` +
      "Register one first: open the site's security settings (or the sign-up step that offers a passkey) " +
      'and call twoFactor.enrollPasskey({ label: "pk-never-enrolled" }).',
  });
});

test('a passkey enrolled on another host is not offered: PW2FA_NO_PASSKEY names both', async ({
  page,
  browser,
}) => {
  // localhost and 127.0.0.1 are different relying parties, as example.com and example.org would be.
  await enroll(page, 'pk-host', 'pk-host', site.url.replace('127.0.0.1', 'localhost'));
  const other = await freshPage(browser);
  await signInWithPassword(other, site.url, 'passkey', 'pk-host');
  await expect(new TwoFactor(other, { vault, account: 'pk-host' }).handle()).rejects.toMatchObject({
    code: 'PW2FA_NO_PASSKEY',
    message: expect.stringContaining(
      'The passkeys stored for "pk-host" are for localhost, but this page is on 127.0.0.1.',
    ),
  });
});

test('a passkey the site no longer knows fails with PW2FA_PASSKEY_REJECTED and the page error', async ({
  page,
  browser,
}) => {
  await enroll(page, 'pk-gone', 'pk-gone');
  // A second device (the same session, its own authenticator) adds a passkey and removes the first.
  const device = await freshPage(browser, { storageState: await page.context().storageState() });
  await device.goto(`${site.url}/settings/security`);
  await new TwoFactor(device, { vault }).enrollPasskey({ label: 'pk-gone-2' });
  await device.goto(`${site.url}/settings/security`);
  const gone = (await loadPasskeys(vault, 'pk-gone'))[0]?.id ?? '';
  await device
    .getByTestId('passkey-row')
    .filter({ hasText: gone.slice(0, 8) })
    .getByRole('button')
    .click();
  await expect(device.getByTestId('passkey-row')).toHaveCount(1);

  const stale = await freshPage(browser);
  await signInWithPassword(stale, site.url, 'passkey', 'pk-gone');
  await expect(new TwoFactor(stale, { vault, account: 'pk-gone' }).handle()).rejects.toMatchObject({
    code: 'PW2FA_PASSKEY_REJECTED',
    message:
      'The site refused the passkey for "pk-gone": "Passkey sign-in failed: This passkey is not registered for ' +
      'your account. Try again.". If the passkey was removed on the site or belongs to another account, ' +
      'register a new one with twoFactor.enrollPasskey({ label: "pk-gone" }).',
  });
  // The other device's passkey still works.
  await signInWithPasskey(browser, 'pk-gone', 'pk-gone-2');
});

test("Chromium's own WebAuthn (CDP) enrolls and signs in, and is picked again for the key it made", async ({
  browser,
}) => {
  // Chromium refuses IP addresses as relying party ids: this test runs on localhost.
  const local = site.url.replace('127.0.0.1', 'localhost');
  const first = await freshPage(browser);
  await signInWithPassword(first, local, 'passkey', 'pk-cdp');
  const info = await new TwoFactor(first, { vault }).enrollPasskey({ label: 'pk-cdp', authenticator: 'cdp' });
  expect(info).toMatchObject({ rpId: 'localhost', authenticator: 'cdp' });
  // The site offers EdDSA first, and Chromium's authenticator takes it (Playwright's makes only ES256 keys).
  const [stored] = await loadPasskeys(vault, 'pk-cdp');
  expect(keyAlgorithm(stored?.privateKey ?? '')).toBe('EdDSA');

  // Armed before the page exists, as a fixture would: the CDP authenticator follows the context's pages.
  const context = await browser.newContext();
  opened.push(context);
  expect(await armPasskeys(context, vault, 'pk-cdp')).toEqual({ authenticator: 'cdp', passkeys: [] });
  const second = await context.newPage();
  await signInWithPassword(second, local, 'passkey', 'pk-cdp');
  await new TwoFactor(second, { vault, account: 'pk-cdp' }).handle();
  await expect(second.getByTestId('signed-in')).toBeVisible();

  // Not armed at all: handle() sees the EdDSA key and asks Chromium's authenticator again.
  const third = await freshPage(browser);
  await signInWithPassword(third, local, 'passkey', 'pk-cdp');
  await new TwoFactor(third, { vault, account: 'pk-cdp' }).handle();
  await expect(third.getByTestId('signed-in')).toBeVisible();

  // A context already answering with Playwright's authenticator says why it cannot use this passkey.
  const fourth = await freshPage(browser);
  await armPasskeys(fourth.context(), vault, 'pk-fresh-none', { authenticator: 'playwright' });
  await signInWithPassword(fourth, local, 'passkey', 'pk-cdp');
  await expect(new TwoFactor(fourth, { vault, account: 'pk-cdp' }).handle()).rejects.toMatchObject({
    code: 'PW2FA_NO_PASSKEY',
    message:
      "The passkey for localhost has an EdDSA key, but Playwright's virtual authenticator signs only ES256 (P-256) " +
      "keys. It was registered by Chromium's own authenticator: use that one again with `authenticator: 'cdp'` in " +
      'armPasskeys(), in a new context.',
  });
});

test('enrollPasskey on a page without a passkey button fails with PW2FA_NO_PROMPT and stores nothing', async ({
  page,
}) => {
  await page.goto(site.url);
  await expect(new TwoFactor(page, { vault }).enrollPasskey({ label: 'pk-nothing' })).rejects.toMatchObject({
    code: 'PW2FA_NO_PROMPT',
  });
  expect(await vault.has('pk-nothing')).toBe(false);
});
