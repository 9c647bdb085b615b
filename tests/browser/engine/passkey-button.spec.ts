// Which control answerPasskey() clicks on real-world passkey prompts (the detection corpus' passkey
// pages) and which one enrollPasskey() clicks on settings pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { findPasskeyButton } from '../../../src/playwright/passkey-button.js';

const CORPUS = join(import.meta.dirname, '..', 'detect', 'corpus', 'positive');

const SIGN_IN: ReadonlyArray<[file: string, button: string]> = [
  ['en-github-security-key.html', 'Use security key'],
  ['en-google-passkey.html', 'Continue'], // not "Try another way"
  ['en-shop-passkey-waiting.html', 'Try again'], // not "Text me a code instead"
  ['fr-passkey.html', "Continuer avec la clé d'accès"],
  ['ja-passkey.html', 'パスキーを使う'],
  ['en-microsoft-security-key.html', 'Next'], // <input type=button>: the dialog opens after Next
];

/** A locator that matches nothing stands in for "no button", so the assertion says what was missing. */
const orNone = (page: Page, button: Locator | null): Locator => button ?? page.locator('#no-button-found');

for (const [file, expected] of SIGN_IN) {
  test(`sign-in button on ${file}: ${expected}`, async ({ page }) => {
    await page.setContent(readFileSync(join(CORPUS, file), 'utf8'));
    const button = await findPasskeyButton(page.mainFrame(), 'sign-in');
    await expect(orNone(page, button)).toHaveAccessibleName(expected);
    expect(await findPasskeyButton(page.mainFrame(), 'register')).toBeNull();
  });
}

test('registration buttons say add, create or register; sign-in buttons never do', async ({ page }) => {
  await page.setContent(`<h1>Security</h1>
    <button>Sign in with a passkey</button>
    <a href="#">Use a different address</a>
    <button>Add a passkey</button>
    <button>Passkey settings for your address book</button>`);
  await expect(orNone(page, await findPasskeyButton(page.mainFrame(), 'register'))).toHaveText(
    'Add a passkey',
  );
  await expect(orNone(page, await findPasskeyButton(page.mainFrame(), 'sign-in'))).toHaveText(
    'Sign in with a passkey',
  );
  await page.setContent('<button>セキュリティキーを登録</button><button hidden>Create a passkey</button>');
  await expect(orNone(page, await findPasskeyButton(page.mainFrame(), 'register'))).toHaveText(
    'セキュリティキーを登録',
  );
});
