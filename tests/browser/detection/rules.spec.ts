import { expect, test } from '@playwright/test';
import { detectPrompt } from '../../../src/detect/index.js';

// Issue 14's rules on small pages: each one a mistake a user met on a real site.

test('a device-pairing page with eight boxes ("enter the code shown on your TV") is not a prompt', async ({
  page,
}) => {
  await page.setContent(`<h1>Activate your TV</h1><p>Enter the code shown on your TV to link it to your account.</p>
    <form><div>${'<input maxlength="1" inputmode="numeric" autocomplete="one-time-code" style="width:30px">'.repeat(8)}</div>
    <button>Continue</button></form>`);
  expect(await detectPrompt(page)).toBeNull();
});

test('an OAuth device login page is not a prompt even when its box says one-time-code', async ({ page }) => {
  await page.setContent(`<h1>Device Login</h1><form><label for="c">Enter the code provided by your device</label>
    <input id="c" name="user_code" autocomplete="one-time-code" placeholder="XXXX-XXXX"><button>Submit</button></form>`);
  expect(await detectPrompt(page)).toBeNull();
});

test('a code field in the password form is found, and the password box is never the code box', async ({
  page,
}) => {
  await page.setContent(`<h1>Sign in</h1><form>
    <label>Username <input name="username"></label>
    <label>Password <input type="password" name="password"></label>
    <label>Passcode <input type="number" name="passcode" placeholder="Two-factor passcode"></label>
    <button type="submit">Sign in</button></form>`);
  const prompt = await detectPrompt(page);
  expect(prompt?.inputs).toHaveLength(1);
  await expect(prompt?.inputs[0] ?? page.locator('none')).toHaveAttribute('name', 'passcode');
  expect(prompt?.charset).toBe('numeric');
});

test('a PIN-change form with a password is not a prompt', async ({ page }) => {
  await page.setContent(`<h2>Change your PIN</h2><form>
    <label>Enter your new PIN <input type="number" name="newPin" inputmode="numeric"></label>
    <label>Enter your password <input type="password" name="currentPassword"></label>
    <input type="submit" value="Update PIN"></form>`);
  expect(await detectPrompt(page)).toBeNull();
});

test('a gift-card number and PIN are not a prompt', async ({ page }) => {
  await page.setContent(`<h4>Use your gift card to pay for your stay</h4><form>
    <label for="n">Enter gift card number (16 digits)</label><input id="n" type="tel" maxlength="16">
    <label for="p">Enter gift card PIN code (8 digits)</label><input id="p" type="tel" maxlength="8">
    <button type="button">Check balance</button></form>`);
  expect(await detectPrompt(page)).toBeNull();
});

test('the signed-in e-mail shown next to an "MFA code" field does not make it an e-mailed code', async ({
  page,
}) => {
  await page.setContent(`<header><span>ada.lovelace@example.com</span> <a href="#">Restart login</a></header>
    <form><label for="m">MFA code</label><input id="m" name="mfa" autocomplete="one-time-code"><button>Sign in</button></form>`);
  const prompt = await detectPrompt(page);
  expect(prompt?.kind).toBe('code');
});

test('"we sent a code to a•••@…" is an e-mailed code', async ({ page }) => {
  await page.setContent(`<h1>Check your email</h1><p>We sent a code to a•••@example.com.</p>
    <form><label for="c">Code</label><input id="c" autocomplete="one-time-code" maxlength="6"><button>Verify</button></form>`);
  expect(await detectPrompt(page)).toMatchObject({ kind: 'email', codeLength: 6 });
});

test('"per SMS gesendet" is an SMS code', async ({ page }) => {
  await page.setContent(`<html lang="de"><h1>Anmeldung bestätigen</h1>
    <p>Wir haben dir einen Bestätigungscode per SMS an +49 ••• ••• 12 gesendet.</p>
    <form><input name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6"><button>Bestätigen</button></form>`);
  expect(await detectPrompt(page)).toMatchObject({ kind: 'sms', charset: 'numeric' });
});

test('a letter pattern makes the prompt alphanumeric; a plain field says nothing', async ({ page }) => {
  await page.setContent(`<h1>Two-factor authentication</h1><p>Enter the code from your authenticator app.</p>
    <form><input name="otp" autocomplete="one-time-code" pattern="[A-Za-z0-9]{8}"><button>Verify</button></form>`);
  expect((await detectPrompt(page))?.charset).toBe('alphanumeric');
  await page.setContent(`<h1>Two-factor authentication</h1><p>Enter the code from your authenticator app.</p>
    <form><input name="otp" autocomplete="one-time-code"><button>Verify</button></form>`);
  const prompt = await detectPrompt(page);
  expect(prompt?.kind).toBe('totp');
  expect(prompt && 'charset' in prompt).toBe(false);
});
