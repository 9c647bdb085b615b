import { test as base, expect } from '@playwright/test';
import { RelayClient } from '../../../src/relay/client.js';
import { MemoryRelayStore } from '../../../src/relay/memory-store.js';
import { RelayServer } from '../../../src/relay/server.js';
import type { RelayStore } from '../../../src/relay/store.js';

const KEY = 'browser-relay-key-42';
const ME = 'ada@example.com';

const test = base.extend<{ relay: RelayServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  relay: async ({}, use) => {
    const relay = await RelayServer.start({ apiKey: KEY });
    await use(relay);
    await relay.close();
  },
});

test.describe('relay web page', () => {
  test('pushes a code by hand to a waiting run, which then leaves the list', async ({ page, relay }) => {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(relay.url)) external.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(relay.url);
    await expect(page.getByRole('heading', { name: 'pw2fa relay' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Enter the API key' })).toBeVisible();
    await page.getByLabel('Relay API key').fill(KEY);
    await page.getByLabel('Relay API key').press('Enter');
    await page.getByLabel('Relay API key').blur();
    await expect(page.getByText('Live.')).toBeVisible();
    await expect(page.getByText('No run is waiting.')).toBeVisible();

    // A run starts waiting: it appears in the list without reloading.
    const client = new RelayClient({ url: relay.url, apiKey: KEY });
    const waiting = client.waitForCode({
      identifier: ME,
      runId: 'run-7',
      since: Date.now(),
      kind: 'email',
      signal: AbortSignal.timeout(20_000),
    });
    const runs = page.getByRole('list', { name: 'Runs waiting for a code' }).getByRole('listitem');
    await expect(runs).toHaveCount(1);
    await expect(runs.first()).toContainText(`${ME} · run run-7`);
    await expect(runs.first()).toContainText('email · waiting since');
    await expect(page.getByText('No run is waiting.')).toBeHidden();

    // "Answer" fills the form for that run; paste the whole e-mail and push.
    await page.getByRole('button', { name: `Answer ${ME}` }).click();
    await expect(page.getByLabel('Identifier')).toHaveValue(ME);
    await expect(page.getByLabel('Run id (optional)')).toHaveValue('run-7');
    await expect(page.getByLabel('Verification content')).toBeFocused();
    await page
      .getByLabel('Verification content')
      .fill('Hi Ada,\n\nYour sign-in code is 902114.\nIt expires in 10 minutes.');
    await page.getByRole('button', { name: 'Push code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Pushed a code' })).toHaveText(
      `Pushed a code for ${ME} (run run-7).`,
    );

    const got = await waiting;
    expect(got).toMatchObject({ code: '902114', runId: 'run-7', source: 'manual' });
    await expect(runs).toHaveCount(0);
    await expect(page.getByText('No run is waiting.')).toBeVisible();
    await expect(page.getByLabel('Verification content')).toHaveValue('');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('keeps the key for the tab only and explains a wrong key or a message without a code', async ({
    page,
    relay,
  }) => {
    await page.goto(relay.url);
    await page.getByLabel('Relay API key').fill('not-the-key');
    await page.getByLabel('Relay API key').blur();
    await expect(page.getByText('The API key was not accepted.')).toBeVisible();

    await page.getByLabel('Identifier').fill(ME);
    await page.getByLabel('Verification content').fill('123456');
    await page.getByRole('button', { name: 'Push code' }).click();
    await expect(page.getByText(/^Missing or wrong API key\./)).toBeVisible();

    await page.getByLabel('Relay API key').fill(KEY);
    await page.getByLabel('Relay API key').blur();
    await expect(page.getByText('Live.')).toBeVisible();
    await page.getByLabel('Verification content').fill('Thanks for signing up!');
    await page.getByRole('button', { name: 'Push code' }).click();
    await expect(page.getByText(/^No verification code or link was found/)).toBeVisible();
    expect(await relay.store.history({ limit: 5 })).toEqual([]);

    // sessionStorage: survives a reload of this tab, not a new tab.
    await page.reload();
    await expect(page.getByLabel('Relay API key')).toHaveValue(KEY);
    await expect(page.getByText('Live.')).toBeVisible();
    const other = await page.context().newPage();
    await other.goto(relay.url);
    await expect(other.getByLabel('Relay API key')).toHaveValue('');
  });

  test('shows a broken store instead of "Live", and recovers when it is back', async ({ page }) => {
    const inner = new MemoryRelayStore();
    let broken = false;
    const store = new Proxy(inner, {
      get(target, name, receiver) {
        if (name === 'waiting' && broken) return async () => Promise.reject(new Error('store down'));
        const value = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as RelayStore;
    const relay = await RelayServer.start({ apiKey: KEY, store });
    try {
      await page.goto(relay.url);
      await page.getByLabel('Relay API key').fill(KEY);
      await page.getByLabel('Relay API key').blur();
      await expect(page.getByText('Live.')).toBeVisible();
      broken = true;
      await inner.setWaiting({ id: 'w', identifier: ME, kind: 'sms', since: Date.now(), deadline: null });
      await expect(
        page.getByText('The relay cannot read its store; retry shortly. Reconnecting…'),
      ).toBeVisible();
      await expect(page.getByText('Live.')).toBeHidden();
      broken = false;
      await expect(page.getByText('Live.')).toBeVisible({ timeout: 10_000 });
      await expect(
        page.getByRole('list', { name: 'Runs waiting for a code' }).getByRole('listitem'),
      ).toHaveCount(1);
    } finally {
      await relay.close();
      await inner.close();
    }
  });
});
