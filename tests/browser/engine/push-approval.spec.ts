import { expect, type Page, test } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import { formatEvent } from '../../../src/playwright/progress.js';
import type { ApprovalRequest } from '../../../src/playwright/prompt-run.js';
import type { TwoFactorEvent } from '../../../src/playwright/steps.js';
import { TwoFactor } from '../../../src/playwright/two-factor.js';
import { type DemoSite, startDemoSite } from '../../site/server.js';
import { signInWithPassword, taggedUser } from '../../support/demo.js';
import { startEndpoint } from '../../unit/channels/endpoint.js';

let site: DemoSite;
test.beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
});
test.afterAll(async () => {
  await site?.close();
});

/** The phone: the demo site's approve/deny endpoints, as a test IdP's admin API would offer. */
async function phone(action: 'approve' | 'deny', username: string | undefined, number?: string) {
  const response = await fetch(`${site.url}/api/push/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, number }),
  });
  if (!response.ok) throw new Error(`The IdP answered ${response.status}: ${await response.text()}`);
}

/** Signs in with the password as a fresh user and returns it with the number the page shows. */
async function startPush(page: Page, tag: string): Promise<{ user: string; shown: string }> {
  await signInWithPassword(page, site.url, 'push', tag);
  const shown = (await page.getByTestId('match-number').textContent())?.trim() ?? '';
  expect(shown).toMatch(/^\d{2}$/);
  return { user: taggedUser('push', tag), shown };
}

async function failure(promise: Promise<unknown>): Promise<TwoFactorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwoFactorError);
  return error as TwoFactorError;
}

test('resolves through an approve hook that taps the number it was given', async ({ page }, testInfo) => {
  const { user, shown } = await startPush(page, `p${testInfo.testId}`);
  const requests: ApprovalRequest[] = [];
  const result = await new TwoFactor(page, {
    identifier: user,
    approve: async (request) => {
      requests.push(request);
      await phone('approve', request.identifier, request.matchNumber);
    },
  }).handle();
  expect(result).toMatchObject({
    kind: 'push-approval',
    channel: 'approval-hook',
    verified: true,
    attempts: 1,
  });
  await expect(page.getByTestId('signed-in')).toHaveText(`Signed in as ${user}`);
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({ site: `${site.url}/2fa/push`, identifier: user, matchNumber: shown });
  expect(requests[0]?.signal.aborted).toBe(true); // the hook is told the wait is over
});

test('resolves when a person approves on the phone; progress and notification show the number', async ({
  page,
}, testInfo) => {
  const { user, shown } = await startPush(page, `p${testInfo.testId}`);
  const endpoint = await startEndpoint(null, () => ({ status: 204 }));
  const lines: string[] = [];
  let approving: Promise<void> | undefined;
  try {
    const result = await new TwoFactor(page, {
      identifier: user,
      notify: { url: endpoint.url, runId: 'ci-7' },
      onEvent: (event: TwoFactorEvent) => {
        lines.push(formatEvent(event));
        // The person reads the number from the progress line and taps it a moment later.
        if (event.type === 'approval' && !approving) {
          const number = event.matchNumber;
          approving = new Promise((r) => setTimeout(r, 1500)).then(() => phone('approve', user, number));
        }
      },
    }).handle();
    await approving;
    expect(result).toMatchObject({ kind: 'push-approval', channel: 'push', verified: true });
    expect(result.filledInMs).toBeGreaterThanOrEqual(1400);
    await expect(page.getByTestId('signed-in')).toBeVisible();
    expect(lines).toContain(
      `2FA: waiting for the sign-in to be approved on the phone — number to match: ${shown} — 300 s left`,
    );
    expect(lines.at(-1)).toBe('2FA: accepted');
    expect(endpoint.requests).toHaveLength(1);
    expect(JSON.parse(endpoint.requests[0]?.body ?? '')).toEqual({
      event: 'code_required',
      site: `${site.url}/2fa/push`,
      identifier: user,
      run_id: 'ci-7',
      channel: 'push',
      kind: 'push-approval',
      deadline: expect.any(String),
      match_number: shown,
    });
  } finally {
    await endpoint.close();
  }
});

test('a denial on the phone is PW2FA_NOT_APPROVED with the page’s words', async ({ page }, testInfo) => {
  const { user } = await startPush(page, `p${testInfo.testId}`);
  // Denied once the engine watches (its first "waiting for approval" line), not after a fixed delay that a
  // loaded machine may outrun: a denial shown before the prompt was even looked at is part of the page.
  let denied = false;
  const onEvent = (event: TwoFactorEvent) => {
    if (event.type !== 'approval' || denied) return;
    denied = true;
    void phone('deny', user);
  };
  const error = await failure(new TwoFactor(page, { identifier: user, onEvent }).handle());
  expect(error.code).toBe('PW2FA_NOT_APPROVED');
  expect(error.message).toBe(
    `The push sign-in at ${site.url}/2fa/push was not approved: the page says "Sign-in request denied on your phone. Sign in again". ` +
      'It was denied on the device, or expired there. Sign in again to send a new request.',
  );
});

test('a hook that taps the wrong number gets the sign-in denied', async ({ page }, testInfo) => {
  const { shown } = await startPush(page, `p${testInfo.testId}`);
  const wrong = String(((Number(shown) - 10 + 1) % 90) + 10);
  const error = await failure(
    new TwoFactor(page, {
      identifier: taggedUser('push', `p${testInfo.testId}`),
      approve: async ({ identifier }) => {
        await phone('approve', identifier, wrong).catch(() => undefined); // 409: the site denied it
      },
    }).handle(),
  );
  expect(error.code).toBe('PW2FA_NOT_APPROVED');
  expect(error.message).toContain('The approval hook ran: check that it approves (not denies)');
});

test('without a hook nobody approves: PW2FA_TIMEOUT suggests an approve hook, never the number', async ({
  page,
}, testInfo) => {
  const { shown } = await startPush(page, `p${testInfo.testId}`);
  const error = await failure(new TwoFactor(page, { timeout: 2000 }).handle());
  expect(error.code).toBe('PW2FA_TIMEOUT');
  expect(error.message).toMatch(
    new RegExp(
      `^The push sign-in at ${site.url.replace(/[.]/g, '\\.')}/2fa/push was not approved within 2 s: the page still asks to approve it on another device\\. ` +
        'Nobody approved it on the device\\. Pass an `approve` hook that approves it out of band \\(for a test IdP, its admin API\\), ' +
        'approve it on the phone in time, or raise `timeout`\\. The page showed: .*Approve the sign-in on your phone',
    ),
  );
  expect(error.message).not.toMatch(new RegExp(`(?<!\\d)${shown}(?!\\d)`));
});

test('a hook that throws fails at once with PW2FA_CHANNEL_FAILED', async ({ page }, testInfo) => {
  await startPush(page, `p${testInfo.testId}`);
  const started = Date.now();
  const error = await failure(
    new TwoFactor(page, {
      approve: async () => {
        throw new Error('IdP admin API answered 401');
      },
    }).handle(),
  );
  expect(Date.now() - started).toBeLessThan(5000);
  expect(error.code).toBe('PW2FA_CHANNEL_FAILED');
  expect(error.message).toBe(
    `The approval hook failed, so the push sign-in at ${site.url}/2fa/push was not approved: IdP admin API answered 401. ` +
      'Check the hook (credentials and URL of the IdP admin API, the user it approves), or approve on the device and drop the hook.',
  );
});

test('stops waiting with PW2FA_ABORTED when the signal aborts', async ({ page }, testInfo) => {
  await startPush(page, `p${testInfo.testId}`);
  const error = await failure(new TwoFactor(page, { signal: AbortSignal.timeout(500) }).handle());
  expect(error.code).toBe('PW2FA_ABORTED');
});

test('a single-page app that swaps the approval view for the app counts as approved', async ({ page }) => {
  await page.setContent(`<main id="view"><h1>Check your phone</h1>
<p>We sent a sign-in request to your phone. Tap 73 in the app to approve it.</p><p>Waiting for approval…</p></main>`);
  await page.evaluate(() =>
    setTimeout(() => {
      const view = document.getElementById('view');
      if (view) view.innerHTML = '<h1>Dashboard</h1><p>Welcome back. Payment declined? See billing.</p>';
    }, 800),
  );
  const events: TwoFactorEvent[] = [];
  const result = await new TwoFactor(page, { onEvent: (e) => events.push(e) }).handle();
  expect(result).toMatchObject({ kind: 'push-approval', channel: 'push', verified: true });
  expect(events).toContainEqual({
    type: 'approval',
    channel: 'push',
    matchNumber: '73',
    remainingMs: expect.any(Number),
  });
});
