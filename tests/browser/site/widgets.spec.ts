import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../site/accounts.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, totpCode, WRONG_CODE, wrongCode } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

test('totp: a single one-time-code field signs in with the current code', async ({ page }) => {
  const account = DEMO_ACCOUNTS.totp;
  await submitPassword(page, site.url, 'totp');
  await expect(page).toHaveURL(`${site.url}/2fa/totp`);
  const field = page.locator('input[autocomplete="one-time-code"]');
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await expect(field).toHaveAttribute('maxlength', '6');
  await field.fill(totpCode(account.otpauth));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(`${site.url}/home`);
  await expectSignedIn(page, account.username);
  await page.getByRole('link', { name: 'Log out' }).first().click();
  await expect(page).toHaveURL(`${site.url}/`);
});

test('totp: a wrong code re-renders the prompt with an error', async ({ page }) => {
  await submitPassword(page, site.url, 'totp');
  await page.locator('input[name="code"]').fill(wrongCode(totpCode(DEMO_ACCOUNTS.totp.otpauth)));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toHaveText(WRONG_CODE);
  await expect(page.locator('input[name="code"]')).toBeVisible();
});

test('a wrong password is refused before any second factor', async ({ page }) => {
  await page.goto(`${site.url}/login/totp`);
  await page.locator('#username').fill(DEMO_ACCOUNTS.totp.username);
  await page.locator('#password').fill('not-the-password');
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');
});

test('split: focus moves on input, backspace moves back, and the code submits', async ({ page }) => {
  const account = DEMO_ACCOUNTS.split;
  await submitPassword(page, site.url, 'split');
  const boxes = page.locator('input[data-digit]');
  await expect(boxes).toHaveCount(6);
  await expect(boxes.first()).toHaveAttribute('maxlength', '1');
  await boxes.first().click();
  await page.keyboard.type('98');
  await expect(boxes.nth(2)).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(boxes.nth(1)).toBeFocused();
  await expect(boxes.nth(1)).toHaveValue('');
  await page.keyboard.press('Backspace');
  await expect(boxes.first()).toBeFocused();
  await page.keyboard.type(totpCode(account.otpauth));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('split: a paste into the first box spreads over all six', async ({ page, context }) => {
  const account = DEMO_ACCOUNTS.split;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  await submitPassword(page, site.url, 'split');
  const code = totpCode(account.otpauth);
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.locator('input[data-digit]').first().focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.locator('input[data-digit]').last()).toHaveValue(code.slice(-1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('input-otp: the React component takes typed digits', async ({ page }) => {
  const account = DEMO_ACCOUNTS['input-otp'];
  await submitPassword(page, site.url, 'input-otp');
  const input = page.locator('input[data-input-otp]');
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await input.click();
  await page.keyboard.type(totpCode(account.otpauth));
  await expect(page.locator('.otp-slot').last()).not.toBeEmpty();
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('react-otp-input: the React component moves through its boxes', async ({ page }) => {
  const account = DEMO_ACCOUNTS['react-otp-input'];
  await submitPassword(page, site.url, 'react-otp-input');
  const boxes = page.locator('input.digit');
  await expect(boxes).toHaveCount(6);
  await expect(boxes.first()).toBeFocused();
  await page.keyboard.type(totpCode(account.otpauth));
  await expect(boxes.last()).not.toHaveValue('');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('autosubmit: the last digit submits the form without a button', async ({ page }) => {
  const account = DEMO_ACCOUNTS.autosubmit;
  await submitPassword(page, site.url, 'autosubmit');
  await expect(page.getByRole('button')).toHaveCount(0);
  await page.locator('input[data-digit]').first().click();
  await page.keyboard.type(totpCode(account.otpauth));
  await expectSignedIn(page, account.username);
});

test('paste-only: keystrokes are ignored, a paste is accepted', async ({ page, context }) => {
  const account = DEMO_ACCOUNTS['paste-only'];
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  await submitPassword(page, site.url, 'paste-only');
  const field = page.locator('input[data-paste-only]');
  const code = totpCode(account.otpauth);
  await field.pressSequentially(code);
  await expect(field).toHaveValue('');
  await field.fill(code).catch(() => undefined);
  await expect(field).toHaveValue('');
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await field.press('ControlOrMeta+V');
  await expect(field).toHaveValue(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('sha256: an 8-digit SHA-256 code signs in', async ({ page }) => {
  const account = DEMO_ACCOUNTS.sha256;
  await submitPassword(page, site.url, 'sha256');
  const field = page.locator('input[name="code"]');
  await expect(field).toHaveAttribute('maxlength', '8');
  const code = totpCode(account.otpauth);
  expect(code).toMatch(/^\d{8}$/);
  await field.fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectSignedIn(page, account.username);
});

test('de: the German prompt signs in and words its error in German', async ({ page }) => {
  const account = DEMO_ACCOUNTS.de;
  await submitPassword(page, site.url, 'de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bestätigungscode');
  await expect(page.getByText('Geben Sie den Code aus Ihrer Authenticator-App ein.')).toBeVisible();
  const field = page.getByLabel('Bestätigungscode');
  await field.fill(wrongCode(totpCode(account.otpauth)));
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByRole('alert')).toHaveText('Der Code ist ungültig. Bitte versuchen Sie es erneut.');
  await page.getByLabel('Bestätigungscode').fill(totpCode(account.otpauth));
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expectSignedIn(page, account.username);
});
