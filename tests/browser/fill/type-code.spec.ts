import { expect, type Page, test } from '@playwright/test';
import { rejectionBaseline, type SubmitOutcome, waitForOutcome } from '../../../src/fill/outcome.js';
import { submitCode } from '../../../src/fill/submit.js';
import { typeCode } from '../../../src/fill/type-code.js';

const CODE = '493817';

/** Split boxes that move focus forward on input, like most hand-written widgets. */
const MOVING_BOXES = `
  <form id="f" onsubmit="event.preventDefault(); document.body.dataset.sent = [...this.querySelectorAll('input')].map(i => i.value).join('')">
    ${'<input maxlength="1" inputmode="numeric">'.repeat(6)}
    <button>Verify</button>
  </form>
  <script>
    const boxes = [...document.querySelectorAll('input')];
    boxes.forEach((box, i) => box.addEventListener('input', () => { if (box.value && boxes[i + 1]) boxes[i + 1].focus(); }));
  </script>`;

async function values(page: Page): Promise<string> {
  return page
    .locator('input')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value).join(''));
}

test('types into one input with real key events', async ({ page }) => {
  await page.setContent(`<input autocomplete="one-time-code"><script>
    window.keys = 0; document.querySelector('input').addEventListener('keydown', () => window.keys++);</script>`);
  expect(await typeCode({ inputs: [page.locator('input')] }, CODE)).toBe('keyboard');
  expect(await values(page)).toBe(CODE);
  expect(await page.evaluate(() => (window as unknown as { keys: number }).keys)).toBe(6);
});

test('fills six split boxes whose focus moves by itself', async ({ page }) => {
  await page.setContent(MOVING_BOXES);
  expect(await typeCode({ inputs: await page.locator('input').all() }, CODE)).toBe('keyboard');
  expect(await page.locator('input').evaluateAll((i) => i.map((x) => (x as HTMLInputElement).value))).toEqual(
    [...CODE],
  );
});

test('fills split boxes that do not move focus, one box at a time', async ({ page }) => {
  await page.setContent('<input maxlength="1">'.repeat(6));
  expect(await typeCode({ inputs: await page.locator('input').all() }, CODE)).toBe('per-box');
  expect(await values(page)).toBe(CODE);
});

test('fills two grouped boxes of three digits', async ({ page }) => {
  await page.setContent('<input maxlength="3"> – <input maxlength="3">');
  expect(await typeCode({ inputs: await page.locator('input').all() }, CODE)).toBe('per-box');
  expect(await page.locator('input').evaluateAll((i) => i.map((x) => (x as HTMLInputElement).value))).toEqual(
    ['493', '817'],
  );
});

test('types into a transparent input laid over decorative boxes', async ({ page }) => {
  await page.setContent(`
    <div style="position:relative;width:240px;height:40px">
      <div style="display:flex;gap:4px">${'<div class="slot" style="width:36px;height:40px;border:1px solid #999"></div>'.repeat(6)}</div>
      <input maxlength="6" autocomplete="one-time-code" style="position:absolute;inset:0;opacity:0;color:transparent">
    </div>`);
  expect(await typeCode({ inputs: [page.locator('input')] }, CODE)).toBe('keyboard');
  expect(await values(page)).toBe(CODE);
});

test('pastes into a field that ignores keystrokes', async ({ page }) => {
  await page.setContent(`<input id="otp"><script>
    const input = document.getElementById('otp');
    input.addEventListener('keydown', (e) => e.preventDefault());
    input.addEventListener('paste', (e) => { e.preventDefault(); input.value = e.clipboardData.getData('text/plain').trim(); });
  </script>`);
  expect(await typeCode({ inputs: [page.locator('input')] }, CODE)).toBe('paste');
  expect(await values(page)).toBe(CODE);
});

test('notices a widget that submits itself on the last digit', async ({ page }) => {
  await page.setContent(`${MOVING_BOXES}<script>
    boxes.at(-1).addEventListener('input', () => { document.getElementById('f').replaceWith(Object.assign(document.createElement('p'), { textContent: 'Welcome' })); });
  </script>`);
  const inputs = await page.locator('input').all();
  const typing = await typeCode({ inputs }, CODE);
  expect(typing).toBe('auto-submitted');
  expect(await submitCode({ inputs, submit: null }, typing)).toBe('auto');
  await expect(page.getByText('Welcome')).toBeVisible();
});

test('clicks the submit button, and presses Enter when there is none', async ({ page }) => {
  await page.setContent(MOVING_BOXES);
  const inputs = await page.locator('input').all();
  expect(
    await submitCode({ inputs, submit: page.getByRole('button') }, await typeCode({ inputs }, CODE)),
  ).toBe('button');
  await expect(page.locator('body')).toHaveAttribute('data-sent', CODE);

  await page.setContent(
    `<form onsubmit="event.preventDefault(); document.body.dataset.sent = this.code.value"><input name="code"></form>`,
  );
  const single = [page.locator('input')];
  expect(await submitCode({ inputs: single, submit: null }, await typeCode({ inputs: single }, CODE))).toBe(
    'enter',
  );
  await expect(page.locator('body')).toHaveAttribute('data-sent', CODE);
});

test('refuses a prompt without inputs', async ({ page }) => {
  await page.setContent('<p>Check your inbox for a sign-in link.</p>');
  await expect(typeCode({ inputs: [] }, CODE)).rejects.toMatchObject({ code: 'PW2FA_BAD_OPTION' });
});

test.describe('waitForOutcome', () => {
  async function outcomeOf(page: Page, html: string, after: string): Promise<SubmitOutcome> {
    await page.setContent(html);
    const baseline = await rejectionBaseline(page.mainFrame());
    await page.evaluate(after);
    return waitForOutcome(page.mainFrame(), page.locator('input').first(), baseline, { timeout: 2_000 });
  }

  test('sees the prompt go away as moving on', async ({ page }) => {
    const outcome = await outcomeOf(
      page,
      '<input>',
      'setTimeout(() => document.querySelector("input").remove(), 100)',
    );
    expect(outcome).toEqual({ status: 'moved-on' });
  });

  test('reports a new error message with digits masked', async ({ page }) => {
    const outcome = await outcomeOf(
      page,
      '<p>Codes expire after 30 seconds.</p><input><div role="alert"></div>',
      'setTimeout(() => { document.querySelector("[role=alert]").textContent = "Code 493817 is invalid. Try again."; }, 100)',
    );
    expect(outcome).toEqual({ status: 'rejected', message: 'Code •••••• is invalid. Try again.' });
  });

  test('ignores rejection words that were already on the page', async ({ page }) => {
    const outcome = await outcomeOf(page, '<p>Codes that expired are invalid.</p><input>', 'void 0');
    expect(outcome).toEqual({ status: 'no-change' });
  });

  test('without an input to watch, a quiet page ends as no-change at the timeout', async ({ page }) => {
    await page.setContent('<p>Signed in.</p>');
    const started = Date.now();
    const outcome = await waitForOutcome(page.mainFrame(), undefined, {}, { timeout: 300 });
    expect(outcome).toEqual({ status: 'no-change' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
