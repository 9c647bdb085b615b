import { expect, test } from '@playwright/test';
import type { CodeKind, CodeSource } from '../../../src/channels/source.js';
import { formatEvent } from '../../../src/playwright/progress.js';
import { chooseSource } from '../../../src/playwright/source-choice.js';

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

test('says what to configure when no source can answer', () => {
  expect(() => chooseSource('email', [source('vault:github', ['totp'])])).toThrow(
    'The page asks for a code sent by e-mail but no source can answer it. Sources configured: vault:github. To fix: pass an inbox source in `sources` (SmtpInbox for test mail, ImapMailbox for a real account).',
  );
  expect(() => chooseSource('totp', [])).toThrow(
    /No sources are configured\. To fix: store the authenticator secret/,
  );
});

test('progress lines name the channel and time left, never a code', () => {
  expect(
    formatEvent({ type: 'waiting', channel: 'smtp', identifier: 'me@x.test', remainingMs: 270_400 }),
  ).toBe('2FA: waiting for a code on smtp for me@x.test — 270 s left');
  expect(formatEvent({ type: 'filled', method: 'keyboard', submit: 'button', filledInMs: 41 })).toBe(
    '2FA: code typed (keyboard) and submitted (button) in 41 ms',
  );
});
