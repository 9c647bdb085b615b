import { expect, test } from '@playwright/test';
import type { CodeKind, CodeSource } from '../../../src/channels/source.js';
import { formatEvent } from '../../../src/playwright/progress.js';
import { chooseAnswer, chooseSource } from '../../../src/playwright/source-choice.js';

const source = (name: string, kinds: CodeKind[]): CodeSource => ({
  name,
  accepts: (kind) => kinds.includes(kind),
  waitForCode: () => Promise.reject(new Error('not used')),
});

test('picks the first source that accepts the prompt kind', () => {
  const vault = source('vault:github', ['totp', 'code']);
  const inbox = source('smtp', ['email', 'code']);
  expect(chooseSource('totp', [vault, inbox])).toBe(vault);
  expect(chooseSource('email', [vault, inbox])).toBe(inbox);
  expect(chooseSource('code', [vault, inbox], 'smtp')).toBe(inbox);
});

test('a page that reads like an e-mailed code is answered by the configured authenticator', () => {
  const vault = source('vault:acme', ['totp', 'code', 'recovery']);
  expect(chooseAnswer('email', [vault])).toEqual({ source: vault, kind: 'code', deferredFrom: 'email' });
  expect(chooseAnswer('sms', [vault])).toEqual({ source: vault, kind: 'code', deferredFrom: 'sms' });
  // What the page says still wins when a source for it is configured.
  const inbox = source('smtp', ['email', 'code']);
  expect(chooseAnswer('email', [vault, inbox])).toEqual({ source: inbox, kind: 'email' });
});

test('a page that reads like an authenticator prompt is answered by the only configured inbox', () => {
  const inbox = source('smtp', ['email', 'magic-link']);
  expect(chooseAnswer('totp', [inbox])).toEqual({ source: inbox, kind: 'email', deferredFrom: 'totp' });
});

test('says what to configure only when nothing configured could answer', () => {
  expect(() => chooseSource('email', [source('approver', ['push-approval'])])).toThrow(
    'The page asks for a code sent by e-mail but no source can answer it. Sources configured: approver. To fix: pass an inbox source in `sources` (SmtpInbox for test mail, ImapMailbox for a real account).',
  );
  expect(() => chooseSource('totp', [])).toThrow(
    /No sources are configured\. To fix: store the authenticator secret/,
  );
  // Recovery codes and links are never answered by something else.
  expect(() => chooseSource('recovery', [source('smtp', ['email', 'code'])])).toThrow(/recovery code/);
  expect(() => chooseSource('magic-link', [source('vault:acme', ['totp', 'code'])])).toThrow(/sign-in link/);
});

test('progress lines name the channel and time left, never a code', () => {
  expect(
    formatEvent({ type: 'waiting', channel: 'smtp', identifier: 'me@x.test', remainingMs: 270_400 }),
  ).toBe('2FA: waiting for a code on smtp for me@x.test — 270 s left');
  expect(formatEvent({ type: 'filled', method: 'keyboard', submit: 'button', filledInMs: 41 })).toBe(
    '2FA: code typed (keyboard) and submitted (button) in 41 ms',
  );
  expect(
    formatEvent({ type: 'source-deferred', detected: 'email', asked: 'code', channel: 'vault:acme' }),
  ).toBe(
    '2FA: the page reads like an e-mail code prompt, but no source for that is configured; answering the field with vault:acme as configured (asked for a one-time code)',
  );
});

test('a wait for a TOTP turn says whose login waits, how long, and the place in line when known', () => {
  expect(
    formatEvent({ type: 'turn-wait', account: 'acme', reason: 'turn', state: 'start', waitedMs: 300 }),
  ).toBe(
    '2FA: login for acme: waiting for a free TOTP window (other logins into this account hold it; `twoFactorSession` logs in once for all tests)',
  );
  expect(
    formatEvent({
      type: 'turn-wait',
      account: 'acme',
      reason: 'turn',
      state: 'waiting',
      waitedMs: 62_300,
      position: 5,
      queued: 8,
    }),
  ).toBe(
    '2FA: login 5 of 8 for acme: waiting 62 s for a free TOTP window (other logins into this account hold it; `twoFactorSession` logs in once for all tests)',
  );
  expect(
    formatEvent({
      type: 'turn-wait',
      account: 'acme',
      reason: 'turn',
      state: 'end',
      waitedMs: 64_000,
      position: 1,
    }),
  ).toBe('2FA: login 1 in line for acme: got a free TOTP window after 64 s');
  expect(
    formatEvent({ type: 'turn-wait', account: 'acme', reason: 'window', state: 'waiting', waitedMs: 15_200 }),
  ).toBe('2FA: login for acme: waiting 15 s for the next TOTP window');
});
