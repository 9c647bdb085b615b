// Issue 17, item 3: while a code is in the prompt's inputs, a screenshot (and so a screencast frame or a
// video frame) shows the boxes empty. Compared pixel for pixel with the same inputs before typing.
import { expect, type Page, test } from '@playwright/test';
import { maskInputs } from '../../../src/artifacts/index.js';

const PROMPT = `<style>input { font: 24px monospace; width: 9ch; color: #111 }</style>
<form><input id="otp" autocomplete="one-time-code" maxlength="6"></form>
<div id="split">${'<input class="box" maxlength="1" style="width:2ch;font:24px monospace">'.repeat(6)}</div>
<div id="host"></div>
<script>
  document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML =
    '<input id="inner" style="font:24px monospace;width:9ch">';
</script>`;

/** The focus ring is not what is compared. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('a code typed after masking is not in a screenshot of the inputs; unmasked, it is', async ({ page }) => {
  await page.setContent(PROMPT);
  const targets = [page.locator('#otp'), page.locator('#split'), page.locator('#inner')];
  const empty = await Promise.all(targets.map((target) => target.screenshot()));

  // Control: typed without masking, every screenshot changes (the digits are drawn).
  await page.locator('#otp').pressSequentially('493817');
  for (const [i, box] of (await page.locator('.box').all()).entries()) await box.fill(String(i));
  await page.locator('#inner').fill('493817');
  await blur(page);
  const visible = await Promise.all(targets.map((target) => target.screenshot()));
  for (const [i, shot] of visible.entries()) expect(shot.equals(empty[i] as Buffer)).toBe(false);

  await page.setContent(PROMPT);
  await maskInputs([page.locator('#otp'), ...(await page.locator('.box').all()), page.locator('#inner')]);
  await page.locator('#otp').pressSequentially('493817');
  for (const [i, box] of (await page.locator('.box').all()).entries()) await box.fill(String(i));
  await page.locator('#inner').fill('493817');
  await expect(page.locator('#otp')).toHaveValue('493817'); // the value is there, for the site
  await blur(page);
  const masked = await Promise.all(targets.map((target) => target.screenshot()));
  for (const [i, shot] of masked.entries()) expect(shot.equals(empty[i] as Buffer), `target ${i}`).toBe(true);
});
