/**
 * The public `playwright-2fa/test` fixture (from source) with what every real-app spec needs: a
 * throwaway vault per worker, progress lines on, and a helper that fails with the page's own words.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '../../../fixtures/index.js';
import { Vault } from '../../../src/vault/vault.js';

export { expect } from '../../../fixtures/index.js';

interface AppWorkerFixtures {
  /** The worker's vault file and key; the fixture opens the same file, so labels added here are seen there. */
  appVault: { path: string; key: string; vault: Vault };
}

export const test = base.extend<object, AppWorkerFixtures>({
  appVault: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright needs the destructuring to see no dependencies
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'pw2fa-apps-vault-'));
      const key = randomBytes(32).toString('base64');
      const path = join(dir, 'vault.json');
      const vault = await Vault.open({ path, key });
      await use({ path, key, vault });
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  twoFactorVaultPath: [async ({ appVault }, use) => use(appVault.path), { scope: 'worker' }],
  twoFactorVaultKey: [async ({ appVault }, use) => use(appVault.key), { scope: 'worker' }],
  twoFactorProgress: true,
});
