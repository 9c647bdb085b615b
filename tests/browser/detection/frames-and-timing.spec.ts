import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { detectPrompt, waitForPrompt } from '../../../src/detect/index.js';
import { TwoFactorError } from '../../../src/errors.js';

const PROMPT = `<h1>Two-factor authentication</h1><p>Enter the code from your authenticator app.</p>
  <form><input name="otp" autocomplete="one-time-code" maxlength="6"><button>Verify</button></form>`;

let server: Server;
let port: number;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/frame') {
      res.end(`<!doctype html><body>${PROMPT}</body>`);
      return;
    }
    // The outer page links to the frame on another origin (localhost vs 127.0.0.1), like Duo's iframe.
    res.end(`<!doctype html><h1>Sign in to Acme</h1><input type="search" name="q" placeholder="Search">
      <iframe src="http://localhost:${port}/frame" width="400" height="300"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.afterAll(() => new Promise((resolve) => server.close(resolve)));

test('finds a prompt inside a cross-origin iframe', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${port}/`);
  const prompt = await waitForPrompt(page, { timeout: 5_000 });
  expect(prompt.frame.url()).toBe(`http://localhost:${port}/frame`);
  expect(prompt.kind).toBe('totp');
  await prompt.inputs[0]?.fill('123456');
  await expect(page.frameLocator('iframe').locator('input[name=otp]')).toHaveValue('123456');
});

test('finds a prompt inside an open shadow root', async ({ page }) => {
  await page.setContent(`<mfa-box></mfa-box><script>
    customElements.define('mfa-box', class extends HTMLElement {
      connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = ${JSON.stringify(PROMPT)}; }
    });</script>`);
  const prompt = await detectPrompt(page);
  expect(prompt?.kind).toBe('totp');
  expect(prompt?.codeLength).toBe(6);
  await expect(prompt?.submit ?? page.locator('nothing')).toHaveText('Verify');
});

test('finds a prompt in a modal dialog over a page with other fields', async ({ page }) => {
  await page.setContent(`<header><input type="search" name="q"></header><main><h2>Dashboard</h2>
    <label>Coupon <input name="coupon"></label></main>
    <div role="dialog" aria-modal="true"><h2>Confirm it's you</h2><p>We texted a 6-digit code to +1 ••• ••• 42.</p>
    <input inputmode="numeric" maxlength="6" aria-label="Code"><button>Confirm</button></div>`);
  const prompt = await detectPrompt(page);
  expect(prompt).toMatchObject({ kind: 'sms', codeLength: 6 });
  await expect(prompt?.inputs[0] ?? page.locator('nothing')).toHaveAttribute('aria-label', 'Code');
});

test('returns split boxes in left-to-right order even when the DOM order differs', async ({ page }) => {
  await page.setContent(`<p>Enter the 6-digit verification code</p>
    <div style="display:flex;flex-direction:row-reverse;width:300px">
      ${[6, 5, 4, 3, 2, 1].map((n) => `<input maxlength="1" data-n="${n}" style="width:30px">`).join('')}
    </div>`);
  const prompt = await detectPrompt(page);
  const order = await Promise.all((prompt?.inputs ?? []).map((input) => input.getAttribute('data-n')));
  expect(order).toEqual(['1', '2', '3', '4', '5', '6']);
  expect(prompt?.codeLength).toBe(6);
});

test('waitForPrompt wakes on a prompt inserted later, well before its safety re-check', async ({ page }) => {
  await page.setContent('<p>Signing you in…</p>');
  const waiting = waitForPrompt(page, { timeout: 10_000 });
  await page.waitForTimeout(300);
  const inserted = Date.now();
  await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), PROMPT);
  const prompt = await waiting;
  expect(prompt.kind).toBe('totp');
  expect(Date.now() - inserted).toBeLessThan(2_000); // the 3 s safety re-check was not needed
});

test('waitForPrompt follows an SPA route change', async ({ page }) => {
  await page.setContent(`<div id="app"><button id="go">Sign in</button></div><script>
    document.getElementById('go').onclick = () => setTimeout(() => {
      history.pushState({}, '', '#/mfa');
      document.getElementById('app').innerHTML = ${JSON.stringify(PROMPT)};
    }, 200);</script>`);
  const waiting = waitForPrompt(page, { timeout: 10_000 });
  await page.click('#go');
  expect((await waiting).kind).toBe('totp');
});

test('waitForPrompt sees an iframe attached later', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${port}/frame`.replace('/frame', '/none'));
  await page.setContent('<p>Loading…</p>');
  const waiting = waitForPrompt(page, { timeout: 10_000 });
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
  }, `http://localhost:${port}/frame`);
  expect((await waiting).frame.url()).toContain('/frame');
});

test('times out naming what it looked for and what the page showed, codes masked', async ({ page }) => {
  await page.setContent(
    '<title>Account</title><h1>Welcome back</h1><p>Order 12345678 shipped.</p><input name="username">',
  );
  const error = await waitForPrompt(page, { timeout: 300 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect((error as TwoFactorError).code).toBe('PW2FA_TIMEOUT');
  expect((error as Error).message).toMatch(
    /^No 2FA prompt appeared within 300 ms\. Looked for a code field \(autocomplete="one-time-code".*in 1 frame\(s\)\. The page showed: about:blank — title "Account" — headings: Welcome back — text: "Welcome back Order •••••••• shipped\." — inputs: input\[type=text\]\[name=username\]\./,
  );
});

test('waitForPrompt stops when aborted and when the page closes', async ({ page, context }) => {
  await page.setContent('<p>nothing here</p>');
  const controller = new AbortController();
  const aborted = waitForPrompt(page, { timeout: 10_000, signal: controller.signal });
  controller.abort();
  await expect(aborted).rejects.toMatchObject({ code: 'PW2FA_ABORTED' });

  const other = await context.newPage();
  const closing = waitForPrompt(other, { timeout: 10_000 }).catch((e: unknown) => e);
  await other.close();
  expect(await closing).toMatchObject({ code: 'PW2FA_PAGE_CLOSED' });
  await expect(detectPrompt(other)).rejects.toMatchObject({ code: 'PW2FA_PAGE_CLOSED' });
});

test('stays bounded on a page with 5,000 inputs', async ({ page }) => {
  await page.setContent(`<form>${'<input name="qty" type="number">'.repeat(5000)}</form>${PROMPT}`);
  const started = Date.now();
  const prompt = await detectPrompt(page);
  expect(Date.now() - started).toBeLessThan(5_000);
  // The prompt sits after the first 300 inputs the probe reads; missing it is acceptable, hanging is not.
  expect(prompt === null || prompt.kind === 'totp').toBe(true);
});

test('survives elements being removed while it scans', async ({ page }) => {
  await page.setContent(`${PROMPT}<div id="churn"></div><script>
    setInterval(() => { const c = document.getElementById('churn'); c.innerHTML = '<input name="x">'.repeat(50); }, 1);</script>`);
  for (let i = 0; i < 10; i++) expect((await detectPrompt(page))?.kind).toBe('totp');
});
