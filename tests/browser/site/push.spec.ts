import { expect, test } from '@playwright/test';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { expectSignedIn, submitPassword, taggedUser } from './helpers.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

async function phone(action: 'approve' | 'deny', body: Record<string, string>): Promise<number> {
  const response = await fetch(`${site.url}/api/push/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

test('push: the page shows a number, and approving it with that number signs in', async ({
  page,
}, testInfo) => {
  const username = taggedUser('push', `s${testInfo.testId}`);
  await submitPassword(page, site.url, 'push', username);
  await expect(page.getByRole('heading')).toHaveText('Approve the sign-in on your phone');
  const number = (await page.getByTestId('match-number').textContent()) ?? '';
  expect(number).toMatch(/^\d{2}$/);
  await expect(page.getByText(`tap ${number} to approve`)).toBeVisible();
  expect(await phone('approve', { username: 'nobody@example.test', number })).toBe(404);
  expect(await phone('approve', { username, number })).toBe(200);
  await expectSignedIn(page, username);
  expect(await phone('approve', { username, number })).toBe(404); // nothing is waiting any more
});

test('push: a wrong number or a denial turns the request down on the page', async ({ page }, testInfo) => {
  const username = taggedUser('push', `s${testInfo.testId}`);
  await submitPassword(page, site.url, 'push', username);
  const number = (await page.getByTestId('match-number').textContent()) ?? '';
  expect(await phone('approve', { username, number: number === '10' ? '11' : '10' })).toBe(409);
  await expect(page.getByRole('alert')).toHaveText('Sign-in request denied on your phone. Sign in again');

  await submitPassword(page, site.url, 'push', username);
  expect(await phone('deny', { username })).toBe(200);
  await expect(page.getByRole('alert')).toContainText('denied');
  await page.goto(`${site.url}/home`);
  await expect(page).toHaveURL(`${site.url}/`); // not signed in
});
