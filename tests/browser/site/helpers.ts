import { expect, type Page } from '@playwright/test';
import { HOTP, TOTP, URI } from 'otpauth';
import { DEMO_ACCOUNTS, type VariantName } from '../../site/accounts.js';

/** The code an authenticator app shows for `otpauth` at `at` — computed with otpauth, not with src/. */
export function totpCode(otpauth: string, at = Date.now()): string {
  const otp = URI.parse(otpauth);
  if (!(otp instanceof TOTP)) throw new Error(`Expected a TOTP URI, got ${otpauth}`);
  return otp.generate({ timestamp: at });
}

export function hotpCode(otpauth: string, counter: number): string {
  const otp = URI.parse(otpauth);
  if (!(otp instanceof HOTP)) throw new Error(`Expected an HOTP URI, got ${otpauth}`);
  return otp.generate({ counter });
}

/** A fresh plus-address of a variant's account, so each test has its own per-user state. */
export function taggedUser(variant: VariantName, tag: string): string {
  return DEMO_ACCOUNTS[variant].username.replace('@', `+${tag}@`);
}

/** The password step, through the site's known selectors. */
export async function submitPassword(
  page: Page,
  siteUrl: string,
  variant: VariantName,
  username: string = DEMO_ACCOUNTS[variant].username,
): Promise<void> {
  await page.goto(`${siteUrl}/login/${variant}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_ACCOUNTS[variant].password);
  await page.locator('button[type="submit"]').click();
}

export async function expectSignedIn(page: Page, username: string): Promise<void> {
  await expect(page.getByTestId('signed-in')).toHaveText(`Signed in as ${username}`);
}

export const WRONG_CODE = "That code didn't work. Try again.";

/** A code of the right length that is not the current one. */
export function wrongCode(code: string): string {
  return String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');
}
