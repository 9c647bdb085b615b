import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { Vault } from '../../src/vault/vault.js';
import { DEMO_ACCOUNTS, type VariantName } from '../site/accounts.js';

/** `totp@example.test` → `totp+<tag>@example.test`: the demo site keeps separate state per tag. */
export function taggedUser(variant: VariantName, tag: string): string {
  return DEMO_ACCOUNTS[variant].username.replace('@', `+${tag}@`);
}

/** Signs in with user name and password on the demo site, stopping where the second factor begins. */
export async function signInWithPassword(
  page: Page,
  siteUrl: string,
  variant: VariantName,
  tag: string,
): Promise<void> {
  await page.goto(`${siteUrl}/login/${variant}`);
  await page.locator('#username').fill(taggedUser(variant, tag));
  await page.locator('#password').fill(DEMO_ACCOUNTS[variant].password);
  await page.locator('form button[type=submit]').click();
}

/** A throwaway vault holding the demo accounts' secrets (labels = variant names). */
export async function demoVault(
  variants: readonly VariantName[],
): Promise<{ vault: Vault; key: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-demo-vault-'));
  const key = randomBytes(32).toString('base64');
  const vault = await Vault.open({ path: join(dir, 'vault.json'), key });
  for (const variant of variants) {
    const account = DEMO_ACCOUNTS[variant];
    if ('otpauth' in account && account.otpauth) await vault.add(variant, account.otpauth);
    if ('recoveryCodes' in account && account.recoveryCodes)
      await vault.addRecoveryCodes(variant, [...account.recoveryCodes]);
  }
  return { vault, key, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
