import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { URI } from 'otpauth';
import { DEMO_ACCOUNTS, DEMO_VARIANTS, VARIANT_NAMES } from '../../site/accounts.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

test('the landing page links to every variant, and each login page answers 200', async ({
  page,
  request,
}) => {
  await page.goto(site.url);
  const links = page.locator('.variants a');
  await expect(links).toHaveCount(DEMO_VARIANTS.length);
  for (const name of VARIANT_NAMES) {
    await expect(page.locator(`a[href="/login/${name}"]`)).toHaveCount(1);
    const response = await request.get(`${site.url}/login/${name}`);
    expect(response.status(), name).toBe(200);
  }
  expect((await request.get(`${site.url}/login/nope`)).status()).toBe(404);
});

test('every fixed otpauth URI parses and the accounts are distinct', async () => {
  const secrets = new Set<string>();
  let withApp = 0;
  for (const account of Object.values(DEMO_ACCOUNTS)) {
    if (!('otpauth' in account)) continue;
    withApp++;
    const otp = URI.parse(account.otpauth);
    expect(otp.label).toBe(account.username);
    secrets.add(otp.secret.base32);
  }
  expect(withApp).toBeGreaterThanOrEqual(16);
  expect(secrets.size).toBe(withApp);
});

test('the site is an independent implementation: nothing under tests/site imports src/', async () => {
  const root = fileURLToPath(new URL('../../site/', import.meta.url));
  const files = (await readdir(root, { recursive: true })).filter((file) => /\.tsx?$/.test(file));
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const source = await readFile(join(root, file), 'utf8');
    expect(source, file).not.toMatch(/from\s+['"]((\.\.\/)+src\/|playwright-2fa)/);
  }
});
