import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  type CodeRequiredPayload,
  codeRequiredEvent,
  notifyCodeRequired,
} from '../../../src/channels/notify.js';
import { TwoFactorAbortError, TwoFactorError } from '../../../src/errors.js';
import { startEndpoint } from './endpoint.js';

const SECRET = 'notify-secret-91c2';
const DEADLINE = Date.UTC(2030, 0, 2, 3, 4, 5);

const payload: CodeRequiredPayload = {
  site: 'https://github.com/sessions/two-factor?return_to=%2Fsettings&token=abc#frag',
  identifier: 'qa@example.test',
  runId: 'ci-42',
  channel: 'relay',
  kind: 'sms',
  deadline: DEADLINE,
};

test('POSTs the code_required event with metadata only, signed like the pull source', async () => {
  const endpoint = await startEndpoint(SECRET, () => ({ status: 204 }));
  try {
    const result = await notifyCodeRequired(endpoint.url, payload, { secret: SECRET });
    expect(result).toEqual({ delivered: true, status: 204 });
    const [sent] = endpoint.requests;
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      event: 'code_required',
      site: 'https://github.com/sessions/two-factor',
      identifier: 'qa@example.test',
      run_id: 'ci-42',
      channel: 'relay',
      kind: 'sms',
      deadline: '2030-01-02T03:04:05.000Z',
    });
    const signature = createHmac('sha256', SECRET)
      .update(sent?.body ?? '')
      .digest('hex');
    expect(sent?.headers['x-pw2fa-signature']).toBe(signature);
    expect(sent?.headers['x-skyvern-signature']).toBe(signature);
    expect(sent?.body).not.toContain(SECRET);
  } finally {
    await endpoint.close();
  }
});

test('sends no signature headers without a secret, and nulls for unknown identifier and run id', async () => {
  const endpoint = await startEndpoint(null, () => ({ status: 200 }));
  try {
    await notifyCodeRequired(endpoint.url, {
      site: 'github.com',
      channel: 'smtp',
      kind: 'email',
      deadline: new Date(DEADLINE),
    });
    const [sent] = endpoint.requests;
    expect(sent?.headers['x-pw2fa-signature']).toBeUndefined();
    expect(JSON.parse(sent?.body ?? '')).toMatchObject({
      site: 'github.com',
      identifier: null,
      run_id: null,
    });
  } finally {
    await endpoint.close();
  }
});

test('refuses a payload carrying a code or a secret, before sending anything', async () => {
  const endpoint = await startEndpoint(null, () => ({ status: 200 }));
  try {
    for (const extra of [{ code: '482913' }, { secret: SECRET }, { verification_code: '482913' }]) {
      const error = await notifyCodeRequired(endpoint.url, {
        ...payload,
        ...extra,
      } as CodeRequiredPayload).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwoFactorError);
      expect((error as TwoFactorError).code).toBe('PW2FA_BAD_OPTION');
      const key = Object.keys(extra)[0];
      expect((error as Error).message).toBe(
        `A code-required notification carries metadata only; remove ${key}.`,
      );
      expect((error as Error).message).not.toContain('482913');
    }
    expect(endpoint.requests).toHaveLength(0);
  } finally {
    await endpoint.close();
  }
});

test('refuses an unknown kind, an empty channel and a bad deadline', () => {
  expect(() => codeRequiredEvent({ ...payload, kind: 'fax' as never })).toThrow(
    /Invalid code-required payload at `kind`/,
  );
  expect(() => codeRequiredEvent({ ...payload, channel: ' ' })).toThrow(/at `channel`/);
  expect(() => codeRequiredEvent({ ...payload, deadline: 'tomorrow' })).toThrow(
    'Expected `deadline` to be a Date, epoch ms or an ISO 8601 date.',
  );
});

test('reports a non-2xx answer and an unreachable webhook as not delivered', async () => {
  const endpoint = await startEndpoint(null, () => ({ status: 500 }));
  const failing = await notifyCodeRequired(endpoint.url, payload);
  await endpoint.close();
  expect(failing).toEqual({
    delivered: false,
    status: 500,
    reason: `${endpoint.url.split('?')[0]} answered HTTP 500`,
  });
  const down = await notifyCodeRequired(endpoint.url, payload);
  expect(down).toMatchObject({
    delivered: false,
    status: null,
    reason: expect.stringContaining('unreachable'),
  });
  expect(JSON.stringify(down)).not.toContain('token=');
});

test('rejects with TwoFactorAbortError when aborted', async () => {
  const controller = new AbortController();
  controller.abort();
  await expect(
    notifyCodeRequired('http://127.0.0.1:9/', payload, { signal: controller.signal }),
  ).rejects.toBeInstanceOf(TwoFactorAbortError);
});
