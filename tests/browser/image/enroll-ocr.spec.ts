import { expect, test } from '@playwright/test';
import { readEnrollmentCandidates } from '../../../src/image/enrollment.js';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import type { Vault } from '../../../src/vault/vault.js';
import { printKeyAsImage } from '../../image-corpus/ambiguous-key.js';
import { startDemoSite } from '../../site/server.js';
import { demoVault, signInWithPassword } from '../../support/demo.js';

let site: Awaited<ReturnType<typeof startDemoSite>>;
let vault: Vault;
let dispose: () => void;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  ({ vault, dispose } = await demoVault([]));
});
test.afterAll(async () => {
  await site.close();
  dispose();
  await terminateOcr();
});

test('enrolls by OCR when the first reading of a smudged key is wrong: the site rejects it, the next is kept', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signInWithPassword(page, site.url, 'enroll', `o${testInfo.testId}`);
  const secret = (await page.getByTestId('setup-key').innerText()).replace(/\s/g, '');
  // Smudge one character until OCR's best reading is wrong but a runner-up is right: what a misread
  // looks like. The secret is new every session, so the spot is searched for, with the same reader.
  let found = false;
  for (let at = 0; at < secret.length && !found; at++) {
    for (const alpha of [0.55, 0.6, 0.65]) {
      await printKeyAsImage(page, { secret, at, alpha });
      const { source, accounts, alternatives } = await readEnrollmentCandidates(page);
      const rank = alternatives.findIndex((a) => a.secret === secret);
      if (source === 'ocr' && accounts[0]?.secret !== secret && rank >= 0 && rank < 2) {
        found = true;
        break;
      }
    }
  }
  expect(found, 'a smudge that makes the first OCR reading wrong').toBe(true);
  let confirmations = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/setup/authenticator')) confirmations++;
  });

  const account = await new TwoFactor(page, { vault }).enroll({ label: 'smudged' });
  expect(account.secret).toBe(secret);
  expect(confirmations).toBeGreaterThanOrEqual(2); // the first reading was tried and rejected
  expect((await vault.get('smudged')).secret).toBe(secret);
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
});
