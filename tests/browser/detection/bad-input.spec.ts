import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { detectPrompt } from '../../../src/detect/index.js';
import { TwoFactorError } from '../../../src/errors.js';

// Hostile pages: each must give an answer in bounded time — the real prompt, null or a typed error —
// and never a field that is not a code field. Bounds are generous (a loaded 2-core machine);
// bench/detect.ts measures the real numbers.
const BOUND_MS = 15_000;
const PROMPT = `<h1>Two-factor authentication</h1><p>Enter the code from your authenticator app.</p>
  <form><input name="otp" autocomplete="one-time-code" maxlength="6"><button>Verify</button></form>`;

let server: Server;
let port: number;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/never') return; // never answers: the frame stays loading
    res.setHeader('content-type', 'text/html');
    if (req.url === '/coupon') {
      res.end('<h1>Cart</h1><label>Coupon code <input name="coupon" maxlength="6"></label>');
      return;
    }
    res.end(`<!doctype html>${PROMPT}<iframe src="/never"></iframe><iframe src="/never?2"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

test('thousands of look-alike inputs and no prompt: null, in bounded time', async ({ page }) => {
  await page.setContent(
    `<h1>Order form</h1><form>${'<input type="number" name="qty" maxlength="6" inputmode="numeric">'.repeat(4000)}
    ${'<input maxlength="1" style="width:20px">'.repeat(2000)}</form>`,
  );
  const { value, ms } = await timed(() => detectPrompt(page));
  expect(value).toBeNull();
  expect(ms).toBeLessThan(BOUND_MS);
});

test('a huge text node beside the prompt: the prompt or null, in bounded time', async ({ page }) => {
  await page.setContent(`<main>${PROMPT}</main><p id="big"></p>`);
  await page.evaluate(() => {
    const big = document.getElementById('big');
    if (big) big.textContent = 'lorem ipsum dolor sit amet '.repeat(200_000); // ~5 MB in one node
  });
  const { value, ms } = await timed(() => detectPrompt(page));
  expect(ms).toBeLessThan(BOUND_MS);
  // A frame that does not answer within the probe's time limit is skipped, so null is allowed on a slow
  // machine; a prompt, when found, is the real field.
  if (value) {
    expect(value.kind).toBe('totp');
    await expect(value.inputs[0] ?? page.locator('none')).toHaveAttribute('name', 'otp');
  }
});

test('a huge text node around a coupon field: null', async ({ page }) => {
  await page.setContent('<label>Coupon code <input name="coupon"></label><p id="big"></p>');
  await page.evaluate(() => {
    const big = document.getElementById('big');
    if (big) big.textContent = 'enter the code '.repeat(300_000);
  });
  const { value, ms } = await timed(() => detectPrompt(page));
  expect(value).toBeNull();
  expect(ms).toBeLessThan(BOUND_MS);
});

test('a prompt at the bottom of 200 nested shadow roots: found or null, never another field', async ({
  page,
}) => {
  await page.setContent(`<div id="root"></div><script>
    let host = document.getElementById('root');
    for (let i = 0; i < 200; i++) {
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = '<label>Coupon <input name="coupon' + i + '"></label><div></div>';
      host = root.querySelector('div');
    }
    host.attachShadow({ mode: 'open' }).innerHTML = ${JSON.stringify(PROMPT)};
  </script>`);
  const { value, ms } = await timed(() => detectPrompt(page));
  expect(ms).toBeLessThan(BOUND_MS);
  if (value) await expect(value.inputs[0] ?? page.locator('none')).toHaveAttribute('name', 'otp');
});

test('frames that never load do not hold up the prompt in the main frame', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'domcontentloaded' });
  const { value, ms } = await timed(() => detectPrompt(page));
  expect(value?.kind).toBe('totp');
  expect(value?.frame).toBe(page.mainFrame());
  expect(ms).toBeLessThan(BOUND_MS);
});

test('a page that navigates mid-scan: null, a typed error or the new page — never a stale field', async ({
  page,
}) => {
  for (let i = 0; i < 5; i++) {
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'domcontentloaded' });
    // The next page is a coupon form: nothing on it is a code field.
    await page.evaluate(({ url, delay }) => setTimeout(() => location.assign(url), delay), {
      url: `http://127.0.0.1:${port}/coupon`,
      delay: i * 5,
    });
    const { value, ms } = await timed(() =>
      detectPrompt(page).catch((error: unknown) => {
        expect(error).toBeInstanceOf(TwoFactorError);
        return null;
      }),
    );
    expect(ms).toBeLessThan(BOUND_MS);
    if (value) {
      // A prompt found just before the navigation must point at the real code field, or at nothing now.
      const count = await value.inputs[0]?.count();
      if (count) await expect(value.inputs[0] ?? page.locator('none')).toHaveAttribute('name', 'otp');
    }
    await page.waitForURL('**/coupon');
    expect(await detectPrompt(page)).toBeNull();
  }
});
