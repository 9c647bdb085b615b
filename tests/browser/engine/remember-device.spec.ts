import { expect, type Page, test } from '@playwright/test';
import { detectPrompt, type Prompt } from '../../../src/detect/index.js';
import { rememberDevice } from '../../../src/playwright/remember-device.js';
import { runWithoutSteps, type TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword } from '../../support/demo.js';

let site: DemoSite;
let vault: Vault;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, dispose } = await demoVault(['remember']));
});
test.afterAll(async () => {
  await site?.close();
  dispose?.();
});

/** Answers the prompt and returns the form the page posted, so the test sees exactly what was ticked. */
async function answer(
  page: Page,
  rememberDevice: boolean,
  events: TwoFactorEvent[],
): Promise<URLSearchParams> {
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/2fa/remember'));
  await new TwoFactor(page, {
    vault,
    account: 'remember',
    rememberDevice,
    onEvent: (event) => events.push(event),
  }).handle();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  return new URLSearchParams((await posted).postData() ?? '');
}

test('ticks "Trust this device", and a context with the saved storageState signs in with no prompt', async ({
  browser,
  page,
}, testInfo) => {
  const tag = `m${testInfo.testId}`;
  await signInWithPassword(page, site.url, 'remember', tag);
  const events: TwoFactorEvent[] = [];
  const form = await answer(page, true, events);
  expect(form.get('trust_device')).toBe('on');
  expect(form.has('product_news')).toBe(false); // the unrelated box beside it stays unticked
  expect(events).toContainEqual({ type: 'remembered-device', label: 'Trust this device for 30 days' });

  const cookie = (await page.context().cookies()).find((c) => c.name === 'trusted_device');
  expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600);
  const state = await page.context().storageState();

  const later = await browser.newContext({ storageState: state });
  try {
    const again = await later.newPage();
    await signInWithPassword(again, site.url, 'remember', tag);
    await expect(again.getByTestId('signed-in')).toBeVisible();
    expect(await detectPrompt(again)).toBeNull();
  } finally {
    await later.close();
  }
});

test('with the option off (the default) the box stays unticked and the next sign-in asks again', async ({
  browser,
  page,
}, testInfo) => {
  const tag = `m${testInfo.testId}`;
  await signInWithPassword(page, site.url, 'remember', tag);
  const events: TwoFactorEvent[] = [];
  const form = await answer(page, false, events);
  expect(form.has('trust_device')).toBe(false);
  expect(events.some((event) => event.type === 'remembered-device')).toBe(false);
  const state = await page.context().storageState();
  expect(state.cookies.map((c) => c.name)).not.toContain('trusted_device');

  const later = await browser.newContext({ storageState: state });
  try {
    const again = await later.newPage();
    await signInWithPassword(again, site.url, 'remember', tag);
    await expect(again.locator('input[name="code"]')).toBeVisible();
  } finally {
    await later.close();
  }
});

/** A code prompt with the given checkboxes, answered only as far as ticking. */
async function tickOn(page: Page, boxes: string): Promise<{ ticked: boolean; events: TwoFactorEvent[] }> {
  await page.setContent(`<main><h1>Two-step verification</h1>
<form><label for="otp">Enter the 6-digit code from your authenticator app</label>
<input id="otp" name="otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
${boxes}
<button type="submit">Verify</button></form></main>`);
  const prompt = (await detectPrompt(page)) as Prompt;
  expect(prompt?.kind).toBe('totp');
  const events: TwoFactorEvent[] = [];
  const run = { rememberDevice: true, step: runWithoutSteps, emit: (e: TwoFactorEvent) => events.push(e) };
  return { ticked: await rememberDevice(run, prompt), events };
}

test('ticks only the device box among unrelated ones', async ({ page }) => {
  const { ticked } = await tickOn(
    page,
    `<label><input type="checkbox" name="news"> Subscribe to our newsletter</label>
<label><input type="checkbox" name="terms"> I agree to the terms of service</label>
<label><input type="checkbox" name="device"> Don't ask again on this computer</label>`,
  );
  expect(ticked).toBe(true);
  expect(await page.locator('[name=device]').isChecked()).toBe(true);
  expect(await page.locator('[name=news]').isChecked()).toBe(false);
  expect(await page.locator('[name=terms]').isChecked()).toBe(false);
});

test('ticks a styled box whose real input is hidden, through its label', async ({ page }) => {
  const { ticked } = await tickOn(
    page,
    `<input type="checkbox" id="trust" name="trust" style="display:none"><label for="trust">Trust this browser</label>`,
  );
  expect(ticked).toBe(true);
  expect(await page.locator('#trust').isChecked()).toBe(true);
});

test('ticks an ARIA checkbox labelled in German', async ({ page }) => {
  const { events } = await tickOn(
    page,
    `<div role="checkbox" aria-checked="false" tabindex="0" id="de"
  onclick="this.setAttribute('aria-checked', String(this.getAttribute('aria-checked') !== 'true'))">
  Auf diesem Gerät nicht mehr fragen</div>`,
  );
  await expect(page.locator('#de')).toHaveAttribute('aria-checked', 'true');
  expect(events).toEqual([{ type: 'remembered-device', label: 'Auf diesem Gerät nicht mehr fragen' }]);
});

test('leaves a page without a device box alone', async ({ page }) => {
  const { ticked, events } = await tickOn(
    page,
    `<label><input type="checkbox" name="news"> Email me product news</label>`,
  );
  expect(ticked).toBe(false);
  expect(events).toEqual([]);
  expect(await page.locator('[name=news]').isChecked()).toBe(false);
});
