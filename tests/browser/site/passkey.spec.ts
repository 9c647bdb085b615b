// The demo site's passkey variant on its own: real WebAuthn ceremonies answered by Playwright's virtual
// authenticator, verified by @simplewebauthn/server. No src/ here: this checks the stand-in site itself.
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, taggedUser } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

/** Contexts a test opened besides its own page's; closed after each test. */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close()));
});

type Credential = Awaited<ReturnType<BrowserContext['credentials']['get']>>[number];

/** Password step, then "Add a passkey" on the security settings; returns the passkey with its private key. */
async function register(page: Page, username: string): Promise<Credential> {
  await page.context().credentials.install();
  await submitPassword(page, site.url, 'passkey', username);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status')).toHaveText('Passkey added. From now on, signing in asks for it.');
  const [credential] = await page.context().credentials.get({ rpId: '127.0.0.1' });
  if (!credential) throw new Error('the page registered no passkey');
  return credential;
}

/** A browser context holding only `credential`, starting at `signCount`, as another machine would. */
async function contextWith(browser: Browser, credential: Credential, signCount: number): Promise<Page> {
  const context = await browser.newContext();
  opened.push(context);
  await context.credentials.create(credential.rpId, { ...credential, signCount });
  await context.credentials.install();
  return context.newPage();
}

async function usePasskey(page: Page, username: string): Promise<void> {
  await submitPassword(page, site.url, 'passkey', username);
  await expect(page.getByRole('heading', { name: 'Sign in with a passkey' })).toBeVisible();
  await page.getByRole('button', { name: 'Use your passkey' }).click();
}

test('a first sign-in adds a passkey; later sign-ins ask for it and accept it', async ({ page }) => {
  const username = taggedUser('passkey', 'site1');
  const credential = await register(page, username);
  expect(credential.signCount).toBe(0);
  await page.goto(`${site.url}/settings/security`);
  await expect(page.getByTestId('passkey-row')).toHaveCount(1);

  await page.goto(`${site.url}/logout`);
  await usePasskey(page, username);
  await expectSignedIn(page, username);
  // The authenticator counted the assertion; the site stored that count.
  const [after] = await page.context().credentials.get({ id: credential.id });
  expect(after?.signCount).toBe(1);
});

test('an assertion whose counter is not above the stored one is refused', async ({ page, browser }) => {
  const username = taggedUser('passkey', 'site2');
  const credential = await register(page, username);
  const ahead = await contextWith(browser, credential, 5);
  await usePasskey(ahead, username); // reports 6
  await expectSignedIn(ahead, username);

  const behind = await contextWith(browser, credential, 2); // reports 3: a stale copy of the passkey
  await usePasskey(behind, username);
  await expect(behind.getByRole('alert')).toHaveText(
    'Passkey sign-in failed: Passkey verification failed: Response counter value 3 was lower than expected 6. Try again.',
  );
  await expect(behind).toHaveURL(/\/2fa\/passkey$/);
});

test('a passkey removed in the security settings no longer signs in', async ({ page, browser }) => {
  const username = taggedUser('passkey', 'site3');
  const first = await register(page, username);
  // A second device (same session cookie, its own authenticator) adds another passkey, then removes the first.
  const second = await browser.newContext({ storageState: await page.context().storageState() });
  opened.push(second);
  const other = await second.newPage();
  await other.context().credentials.install();
  await other.goto(`${site.url}/settings/security`);
  await other.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(other.getByRole('status')).toBeVisible();
  await other.goto(`${site.url}/settings/security`);
  await expect(other.getByTestId('passkey-row')).toHaveCount(2);
  await other
    .getByTestId('passkey-row')
    .filter({ hasText: first.id.slice(0, 8) })
    .getByRole('button')
    .click();
  await expect(other.getByTestId('passkey-row')).toHaveCount(1);

  const stale = await contextWith(browser, first, 10);
  await usePasskey(stale, username);
  await expect(stale.getByRole('alert')).toHaveText(
    'Passkey sign-in failed: This passkey is not registered for your account. Try again.',
  );
});

test('the passkey step is refused without the password step', async ({ request }) => {
  const response = await request.post(`${site.url}/2fa/passkey/options`, { data: {} });
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: 'Sign in with your password first.' });
});
