import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { detectPrompt, explainPrompt } from '../../../src/detect/index.js';

const LOGIN_WITH_CODE = `<title>Sign in</title><h1>Sign in</h1><form>
  <label>Username <input name="username"></label>
  <label>Password <input type="password" name="password"></label>
  <label>Passcode <input type="number" name="passcode" placeholder="Two-factor passcode"></label>
  <label>Coupon <input name="coupon_code"></label>
  <button type="submit">Sign in</button></form>`;

test('detectPrompt(page, { explain: true }) shows the scored candidates and why the winner won', async ({
  page,
}) => {
  await page.setContent(LOGIN_WITH_CODE);
  const explanation = await detectPrompt(page, { explain: true });
  const plain = await detectPrompt(page);

  expect(explanation.prompt?.kind).toBe(plain?.kind);
  await expect(explanation.prompt?.inputs[0] ?? page.locator('none')).toHaveAttribute('name', 'passcode');
  const [winner, ...others] = explanation.candidates;
  expect(winner).toMatchObject({ status: 'winner', boxes: 1 });
  expect(winner?.field).toContain('[name=passcode]');
  expect(winner?.reasons).toContain('code-field name');
  expect(explanation.summary).toMatch(/^code prompt in about:blank: the best code field scored \d/);

  const password = others.find((c) => c.field.includes('[type=password]'));
  expect(password).toMatchObject({
    status: 'left out',
    why: 'a password field',
  });
  const coupon = others.find((c) => c.field.includes('[name=coupon_code]'));
  expect(coupon).toMatchObject({ status: 'left out', why: expect.stringMatching(/coupon/) });
  expect(explanation.frames).toEqual([
    expect.objectContaining({ url: 'about:blank', answered: true, channel: expect.any(Object) }),
  ]);
});

test('explainPrompt says why a page has no prompt', async ({ page }) => {
  await page.setContent(`<h1>Activate your TV</h1><p>Enter the code shown on your TV.</p>
    <form><input name="user_code" autocomplete="one-time-code"><button>Continue</button></form>`);
  const explanation = await explainPrompt(page);
  expect(explanation.prompt).toBeNull();
  expect(explanation.summary).toBe('no prompt: a device activation / pairing page: not a sign-in challenge');
  expect(explanation.candidates).toEqual([
    expect.objectContaining({ status: 'left out', field: expect.stringContaining('[name=user_code]') }),
  ]);
});

test('the explanation never carries what is typed into the inputs', async ({ page }) => {
  await page.setContent(LOGIN_WITH_CODE);
  await page.fill('input[name=username]', 'ada-the-user');
  await page.fill('input[name=password]', 'hunter2-secret');
  await page.fill('input[name=passcode]', '918273');
  const { prompt: _locators, ...explanation } = await explainPrompt(page);
  const text = JSON.stringify(explanation);
  for (const value of ['ada-the-user', 'hunter2-secret', '918273']) expect(text).not.toContain(value);
});

test('the explanation lists every frame, query strings dropped', async ({ page }, testInfo) => {
  const inner = testInfo.outputPath('inner.html');
  const outer = testInfo.outputPath('outer.html');
  writeFileSync(inner, '<h1>Verify</h1><p>Enter the code from your authenticator app.</p><input name="otp">');
  writeFileSync(outer, '<h1>Sign in to Acme</h1><iframe src="inner.html?token=abc"></iframe>');
  await page.goto(`file://${outer}?session=xyz`);
  await page.frameLocator('iframe').locator('input').waitFor();
  const explanation = await explainPrompt(page);
  expect(explanation.frames.map((f) => f.url)).toEqual([`file://${outer}`, `file://${inner}`]);
  expect(explanation.prompt?.frame.url()).toContain('inner.html');
  expect(explanation.candidates[0]).toMatchObject({ status: 'winner', frame: `file://${inner}` });
  const text = JSON.stringify({ frames: explanation.frames, candidates: explanation.candidates });
  expect(text).not.toMatch(/token=abc|session=xyz/);
});
