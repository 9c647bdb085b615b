import { expect, test } from '@playwright/test';
import { FunctionSource } from '../../../src/channels/function-source.js';
import type { CodeRequest } from '../../../src/channels/source.js';
import { TwoFactorAbortError, TwoFactorError } from '../../../src/errors.js';

function request(overrides: Partial<CodeRequest> = {}): CodeRequest {
  return { kind: 'sms', since: 1_700_000_000_000, signal: new AbortController().signal, ...overrides };
}

test('returns the code the function gives, with the request passed through', async () => {
  const seen: CodeRequest[] = [];
  const source = new FunctionSource(
    async (req) => {
      seen.push(req);
      return '482913';
    },
    { name: 'gateway' },
  );
  const req = request({ identifier: '+15551234567', codeLength: 6 });
  expect(await source.waitForCode(req)).toEqual({
    code: '482913',
    source: 'function:gateway',
    receivedAt: expect.any(Number),
  });
  expect(seen).toEqual([req]);
});

test('accepts { code }, { link } and a URL string for a magic-link prompt', async () => {
  expect((await new FunctionSource(() => ({ code: ' 123456 ' })).waitForCode(request())).code).toBe('123456');
  const link = 'https://app.test/magic?t=abc';
  expect((await new FunctionSource(() => ({ link })).waitForCode(request({ kind: 'magic-link' }))).link).toBe(
    link,
  );
  expect((await new FunctionSource(() => link).waitForCode(request({ kind: 'magic-link' }))).link).toBe(link);
});

test('is named after the function unless told otherwise', () => {
  async function readSms() {
    return '1';
  }
  expect(new FunctionSource(readSms).name).toBe('function:readSms');
  expect(new FunctionSource(() => '1').name).toBe('function:anonymous');
});

test('accepts the kinds typed into inputs by default, or the kinds given', () => {
  const source = new FunctionSource(() => '1');
  expect(['totp', 'sms', 'email', 'code', 'recovery'].every((k) => source.accepts(k as never))).toBe(true);
  expect(source.accepts('magic-link')).toBe(false);
  expect(source.accepts('passkey')).toBe(false);
  expect(new FunctionSource(() => '1', { accepts: ['magic-link'] }).accepts('magic-link')).toBe(true);
});

test('rejects at once on abort, even when the function ignores the signal', async () => {
  const controller = new AbortController();
  const never = new FunctionSource(() => new Promise<string>(() => undefined), { name: 'stuck' });
  const waiting = never.waitForCode(request({ signal: controller.signal }));
  controller.abort(new Error('test over'));
  const error = await waiting.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorAbortError);
  expect((error as Error).message).toBe('Stopped waiting for function:stuck: the wait was aborted.');
});

test('wraps a throwing function in PW2FA_CHANNEL_FAILED with the cause', async () => {
  const cause = new Error('gateway returned 502');
  const error = await new FunctionSource(
    () => {
      throw cause;
    },
    { name: 'gw' },
  )
    .waitForCode(request())
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  expect(error).toMatchObject({
    code: 'PW2FA_CHANNEL_FAILED',
    message: 'function:gw failed: gateway returned 502',
    cause,
  });
});

test('refuses answers that are not a code or a link', async () => {
  for (const [answer, got] of [
    ['', 'string'],
    [null, 'null'],
    [42, 'number'],
    [{}, 'object'],
    [{ link: 'javascript:alert(1)' }, 'object'],
    [['1'], 'an array'],
  ] as const) {
    const error = await new FunctionSource(() => answer as never, { name: 'f' })
      .waitForCode(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorError);
    expect((error as Error).message).toBe(
      `function:f returned ${got}; expected a non-empty string or { code } / { link: 'https://…' }.`,
    );
  }
});
