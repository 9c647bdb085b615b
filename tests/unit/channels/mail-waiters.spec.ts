import { expect, test } from '@playwright/test';
import { envelopeAddresses, senderMatcher, textMatcher } from '../../../src/channels/mail-filter.js';
import { type InboxMessage, MailWaiters } from '../../../src/channels/mail-waiters.js';
import type { CodeRequest } from '../../../src/channels/source.js';

function message(id: string, receivedAt: number, code: string, to = 'qa@example.test'): InboxMessage {
  return {
    id,
    receivedAt,
    recipients: [to],
    content: { subject: '', text: `Your verification code is ${code}.`, html: null, headerCode: null },
    consumed: false,
  };
}

function request(since: number, overrides: Partial<CodeRequest> = {}): CodeRequest {
  return { kind: 'email', since, signal: new AbortController().signal, ...overrides };
}

test('each request gets a message only it can use: the later request chooses first', async () => {
  const messages: InboxMessage[] = [];
  const waiters = new MailWaiters(() => messages, { channel: 'test', label: 'a test inbox' });
  const early = waiters.wait(request(1000));
  const late = waiters.wait(request(2000));
  messages.push(message('1', 1500, '111111'), message('2', 2500, '222222'));
  waiters.offer();
  expect((await early).code).toBe('111111');
  expect((await late).code).toBe('222222');
  expect(messages.every((m) => m.consumed)).toBe(true);
});

test('a lone request takes the newest usable message', async () => {
  const messages = [message('1', 1500, '111111'), message('2', 1600, '222222')];
  const waiters = new MailWaiters(() => messages, { channel: 'test', label: 'a test inbox' });
  expect(await waiters.wait(request(1000))).toEqual({
    code: '222222',
    source: 'test:qa@example.test',
    receivedAt: 1600,
  });
});

test('tolerance lets slightly older messages count; older ones stay unused', async () => {
  const messages = [message('1', 500, '111111'), message('2', 990, '222222')];
  const waiters = new MailWaiters(() => messages, {
    channel: 'test',
    label: 'a test inbox',
    toleranceMs: 20,
  });
  expect((await waiters.wait(request(1000))).code).toBe('222222');
  expect(messages[0]?.consumed).toBe(false);
});

test('a claimed message is handed over only after the claim hook ran', async () => {
  const order: string[] = [];
  const messages = [message('1', 1500, '111111')];
  const waiters = new MailWaiters(() => messages, {
    channel: 'test',
    label: 'a test inbox',
    onClaim: async (m) => {
      order.push(`claim ${m.id}`);
    },
  });
  await waiters.wait(request(1000)).then(() => order.push('resolved'));
  expect(order).toEqual(['claim 1', 'resolved']);
});

test('sender filter: exact address, domain and subdomains, never a look-alike domain', () => {
  const from = (address: string) => [{ name: 'GitHub', address }];
  expect(senderMatcher('github.com')(from('noreply@github.com'))).toBe(true);
  expect(senderMatcher('github.com')(from('noreply@mail.github.com'))).toBe(true);
  expect(senderMatcher('github.com')(from('noreply@github.com.evil.test'))).toBe(false);
  expect(senderMatcher('noreply@github.com')(from('NoReply@GitHub.com'))).toBe(true);
  expect(senderMatcher('noreply@github.com')(from('other@github.com'))).toBe(false);
  expect(senderMatcher('GitHub')(from('x@y.test'))).toBe(true);
  expect(senderMatcher(/@github\.com>$/g)(from('noreply@github.com'))).toBe(true);
  expect(senderMatcher(/@github\.com>$/g)(from('noreply@github.com'))).toBe(true);
  expect(textMatcher('VERIFY')('Please verify your device')).toBe(true);
  expect(envelopeAddresses({ to: [{ address: 'QA@Example.test' }], cc: [{ name: 'x' }] })).toEqual([
    'qa@example.test',
  ]);
});
