import { expect, type Page, test } from '@playwright/test';
import { detectPrompt } from '../../../src/detect/index.js';
import { TwoFactorError } from '../../../src/errors.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword } from '../../support/demo.js';

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vault: Vault;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, dispose } = await demoVault(['totp', 'retry']));
});
test.afterAll(async () => {
  await site.close();
  dispose();
});

/**
 * Signs in with the password and opens the variant's prompt page with its wording replaced, as another site
 * would word it. (Opened again by URL: a route does not see the redirect that first lands there.)
 */
async function reworded(
  page: Page,
  variant: 'totp' | 'retry',
  tag: string,
  edits: Array<[RegExp, string]>,
): Promise<void> {
  // The prompt as first shown and as rendered again after a rejected code (the POST's answer).
  await page.route(`${site.url}/2fa/${variant}`, async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    if (!(response.headers()['content-type'] ?? '').includes('text/html')) return route.fulfill({ response });
    let body = await response.text();
    for (const [from, to] of edits) body = body.replace(from, to);
    await route.fulfill({ response, body });
  });
  await signInWithPassword(page, site.url, variant, tag);
  await page.waitForURL(`${site.url}/2fa/${variant}`);
  await page.goto(`${site.url}/2fa/${variant}`);
}

// No word of a code, an authenticator or a one-time password: the heuristics have nothing to go on.
const OPAQUE: Array<[RegExp, string]> = [
  [/<h1>.*?<\/h1>/, '<h1>Account check</h1>'],
  [/<p class="lead">[\s\S]*?<\/p>/, '<p class="lead">Type the number from the little app to continue.</p>'],
  [/Authentication code/, 'Number'],
  [/autocomplete="one-time-code"/, 'autocomplete="off"'],
  [/placeholder="0+"/, ''],
  [/id="code"/g, 'id="n"'],
  [/for="code"/, 'for="n"'],
];

test('handle({ input, kind }) signs in where detection sees no prompt', async ({ page }, testInfo) => {
  await reworded(page, 'totp', `x${testInfo.testId}`, OPAQUE);
  await expect(page.getByLabel('Number')).toBeVisible();
  expect(await detectPrompt(page)).toBeNull();
  const result = await new TwoFactor(page, { vault, account: 'totp' }).handle({
    input: page.getByLabel('Number'),
    kind: 'totp',
  });
  expect(result).toMatchObject({ kind: 'totp', channel: 'vault:totp', verified: true, attempts: 1 });
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('the given field keeps the retry: a rejected code is retried in the next window', async ({
  page,
}, testInfo) => {
  await reworded(page, 'retry', `x${testInfo.testId}`, OPAQUE);
  const result = await new TwoFactor(page, { vault, account: 'retry' }).handle({
    input: page.getByLabel('Number'),
    submit: page.getByRole('button', { name: 'Verify' }),
  });
  expect(result).toMatchObject({ channel: 'vault:retry', verified: true, attempts: 2 });
  await expect(page.getByTestId('signed-in')).toBeVisible();
});

test('a given field that never shows up is PW2FA_NO_PROMPT naming it', async ({ page }) => {
  await page.goto(site.url);
  const error = await new TwoFactor(page, { vault, account: 'totp', promptTimeout: 500 })
    .handle({ input: page.getByLabel('Code') })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect(error).toMatchObject({ code: 'PW2FA_NO_PROMPT' });
  expect((error as Error).message).toBe(
    "The field passed as `input` (getByLabel('Code')) did not become visible within 1 s.",
  );
});

test('a page that reads like an e-mailed code is answered from the vault, and says so', async ({
  page,
}, testInfo) => {
  await reworded(page, 'totp', `x${testInfo.testId}`, [
    [
      /<p class="lead">[\s\S]*?<\/p>/,
      '<p class="lead">We sent a 6-digit code to t•••@example.test. Enter it below.</p>',
    ],
  ]);
  const events: TwoFactorEvent[] = [];
  const result = await new TwoFactor(page, {
    vault,
    account: 'totp',
    onEvent: (e) => events.push(e),
  }).handle();
  expect(events.find((e) => e.type === 'prompt')).toMatchObject({ kind: 'email' });
  expect(events.find((e) => e.type === 'source-deferred')).toEqual({
    type: 'source-deferred',
    detected: 'email',
    asked: 'code',
    channel: 'vault:totp',
  });
  expect(result).toMatchObject({ channel: 'vault:totp', verified: true });
  await expect(page.getByTestId('signed-in')).toBeVisible();
});
