import { RelaySource } from '../../../src/channels/relay-source.js';
import { TwoFactorAbortError } from '../../../src/errors.js';
import { expect, push, test, waitingFor } from './helpers.js';

const ME = 'me@example.com';

test.describe('RelaySource (embedded relay)', () => {
  test('answers a prompt with the next pushed code, as soon as it arrives', async ({ relay }) => {
    const source = relay.source({ identifier: ME });
    expect(source.name).toBe('relay');
    const since = Date.now();
    const received = source.waitForCode({ kind: 'email', since, signal: new AbortController().signal });
    await waitingFor(relay, ME);
    await push(relay, { totp_identifier: ME, content: 'Your code is 271828', source: 'email_forwarder' });
    const got = await received;
    expect(got).toEqual({ code: '271828', source: 'relay:email_forwarder', receivedAt: expect.any(Number) });
    expect(got.receivedAt).toBeGreaterThanOrEqual(since);
    expect(await relay.store.waiting()).toEqual([]);
  });

  test('takes the identifier from the request and only codes pushed after `since`', async ({ relay }) => {
    await push(relay, { totp_identifier: ME, content: 'old code 111111' });
    const since = Date.now() + 1;
    const received = relay
      .source()
      .waitForCode({ identifier: ME, kind: 'sms', since, signal: AbortSignal.timeout(5000) });
    await waitingFor(relay, ME);
    await relay.store.add({ identifier: ME, code: '222222', source: 'test', at: since });
    expect((await received).code).toBe('222222');
  });

  test('gives the link for a magic-link prompt and skips code-only messages', async ({ relay }) => {
    const received = relay
      .source({ identifier: ME })
      .waitForCode({ kind: 'magic-link', since: Date.now() - 60_000, signal: AbortSignal.timeout(5000) });
    await waitingFor(relay, ME);
    await push(relay, { totp_identifier: ME, content: 'Your code is 123456' });
    await push(relay, {
      totp_identifier: ME,
      content: 'Sign in: https://app.example.com/login/magic?token=zyx987654321abc',
    });
    expect(await received).toEqual({
      link: 'https://app.example.com/login/magic?token=zyx987654321abc',
      source: 'relay:api',
      receivedAt: expect.any(Number),
    });
  });

  test('waits only for its run id', async ({ relay }) => {
    const received = relay
      .source({ identifier: ME, runId: 'run-a' })
      .waitForCode({ kind: 'sms', since: Date.now() - 60_000, signal: AbortSignal.timeout(5000) });
    await waitingFor(relay, ME);
    await push(relay, { totp_identifier: ME, content: '999999', workflow_run_id: 'run-b' });
    await push(relay, { totp_identifier: ME, content: '111111', workflow_run_id: 'run-a' });
    expect((await received).code).toBe('111111');
    expect(
      (await relay.store.take({ identifier: ME, since: Date.now() - 60_000, runId: 'run-b' }))?.code,
    ).toBe('999999');
  });

  test('stops with TwoFactorAbortError when the signal aborts, and stops listing the run', async ({
    relay,
  }) => {
    const controller = new AbortController();
    const received = relay
      .source({ identifier: ME })
      .waitForCode({ kind: 'sms', since: Date.now() - 60_000, signal: controller.signal });
    await waitingFor(relay, ME);
    controller.abort();
    await expect(received).rejects.toBeInstanceOf(TwoFactorAbortError);
    expect(await relay.store.waiting()).toEqual([]);
  });

  test('says what is missing when it has no identifier or no relay', async ({ relay }) => {
    const error = await relay
      .source()
      .waitForCode({ kind: 'sms', since: Date.now() - 60_000, signal: AbortSignal.timeout(1000) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PW2FA_BAD_OPTION',
      message:
        'The relay source needs to know who the code is for: pass `identifier` (the e-mail address or phone number the site sends codes to) to TwoFactor or RelaySource.',
    });
    expect(() => new RelaySource({})).toThrow(/needs `url`/);
  });

  test('accepts sms, email, code and magic-link prompts unless told otherwise', async ({ relay }) => {
    const source = relay.source();
    expect(
      ['sms', 'email', 'code', 'magic-link', 'totp', 'recovery'].map((k) => source.accepts(k as never)),
    ).toEqual([true, true, true, true, false, false]);
    expect(relay.source({ kinds: ['sms'] }).accepts('email')).toBe(false);
  });
});
