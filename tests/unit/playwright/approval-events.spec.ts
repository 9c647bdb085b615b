import { expect, test } from '@playwright/test';
import { codeRequiredEvent } from '../../../src/channels/notify.js';
import { formatEvent } from '../../../src/playwright/progress.js';

const DEADLINE = Date.UTC(2030, 0, 2, 3, 4, 5);

test('progress lines for push approval show the number to tap and who approves', () => {
  expect(formatEvent({ type: 'approval', channel: 'push', matchNumber: '42', remainingMs: 285_300 })).toBe(
    '2FA: waiting for the sign-in to be approved on the phone — number to match: 42 — 285 s left',
  );
  expect(formatEvent({ type: 'approval', channel: 'approval-hook', remainingMs: 60_000 })).toBe(
    '2FA: waiting for the sign-in to be approved by the approval hook — 60 s left',
  );
});

test('progress lines for recovery codes and remembered devices', () => {
  expect(formatEvent({ type: 'recovery', reason: 'fallback' })).toBe(
    '2FA: switching to a recovery code (the authenticator code was rejected)',
  );
  expect(formatEvent({ type: 'recovery', reason: 'no-authenticator' })).toBe(
    '2FA: switching to a recovery code (no authenticator secret is stored)',
  );
  expect(formatEvent({ type: 'recovery-low', remaining: 1 })).toBe(
    '2FA: only 1 recovery code left — generate new ones on the site and store them with vault.addRecoveryCodes()',
  );
  expect(formatEvent({ type: 'remembered-device', label: 'Trust this device for 30 days' })).toBe(
    '2FA: ticked "Trust this device for 30 days" so later sign-ins from this browser state skip the prompt',
  );
});

test('the code-required event carries the number to match as match_number, only when there is one', () => {
  const base = {
    site: 'https://login.example.test/mfa?state=x',
    channel: 'push',
    deadline: DEADLINE,
  } as const;
  expect(codeRequiredEvent({ ...base, kind: 'push-approval', matchNumber: '42' })).toEqual({
    event: 'code_required',
    site: 'https://login.example.test/mfa',
    identifier: null,
    run_id: null,
    channel: 'push',
    kind: 'push-approval',
    deadline: '2030-01-02T03:04:05.000Z',
    match_number: '42',
  });
  expect(codeRequiredEvent({ ...base, kind: 'push-approval', matchNumber: null })).not.toHaveProperty(
    'match_number',
  );
});

test('refuses a match number that could be a one-time code', () => {
  expect(() =>
    codeRequiredEvent({
      site: 'x.test',
      channel: 'push',
      kind: 'push-approval',
      deadline: DEADLINE,
      matchNumber: '482913',
    }),
  ).toThrow(/^Invalid code-required payload at `matchNumber`/);
});
