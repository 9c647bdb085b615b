import { expect, get, push, test } from './helpers.js';

test.describe('relay API: history', () => {
  test('lists codes newest first, 50 by default, up to 200', async ({ relay }) => {
    const start = Date.parse('2025-01-15T10:00:00Z');
    for (let i = 0; i < 210; i++) {
      await relay.store.add({
        identifier: 'me@example.com',
        code: String(100000 + i),
        source: 'seed',
        at: start + i * 1000,
      });
    }
    const byDefault = await (await get(relay, '/v1/credentials/totp')).json();
    expect(byDefault).toHaveLength(50);
    expect(byDefault[0].code).toBe('100209');
    expect(byDefault[49].code).toBe('100160');
    const times = byDefault.map((row: { created_at: string }) => Date.parse(row.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    expect(await (await get(relay, '/v1/credentials/totp?limit=3')).json()).toMatchObject([
      { code: '100209' },
      { code: '100208' },
      { code: '100207' },
    ]);
    expect(await (await get(relay, '/v1/credentials/totp?limit=200')).json()).toHaveLength(200);
  });

  test('rejects a limit outside 1–200 with a clear 400', async ({ relay }) => {
    for (const limit of ['0', '201', '-5', '2.5', 'ten']) {
      const res = await get(relay, `/v1/credentials/totp?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(await res.json(), limit).toEqual({
        error: {
          code: 'invalid_query',
          message: 'The query string is invalid: limit: Expected a whole number from 1 to 200.',
          issues: [{ path: 'limit', message: 'Expected a whole number from 1 to 200.' }],
        },
      });
    }
  });

  test('filters by identifier, run id and otp type', async ({ relay }) => {
    await push(relay, { totp_identifier: 'Me@Example.com', content: 'code 111111' });
    await push(relay, { totp_identifier: 'me@example.com', content: 'code 222222', workflow_run_id: 'wr_a' });
    await push(relay, {
      totp_identifier: 'other@example.com',
      content: 'code 333333',
      workflow_run_id: 'wr_a',
    });
    await push(relay, {
      totp_identifier: 'me@example.com',
      content: 'Sign in: https://app.example.com/magic?t=abcdef123456',
    });
    await push(relay, { totp_identifier: '+1 555 010 2030', content: 'Your code: 444444' });

    const codes = async (query: string) =>
      ((await (await get(relay, `/v1/credentials/totp?${query}`)).json()) as { code: string | null }[]).map(
        (row) => row.code,
      );
    expect(await codes('totp_identifier=me@example.com')).toEqual([null, '222222', '111111']);
    expect(await codes('workflow_run_id=wr_a')).toEqual(['333333', '222222']);
    expect(await codes('totp_identifier=me%40example.com&workflow_run_id=wr_a')).toEqual(['222222']);
    expect(await codes('otp_type=magic_link')).toEqual([null]);
    expect(await codes('totp_identifier=me@example.com&otp_type=totp')).toEqual(['222222', '111111']);
    expect(await codes('totp_identifier=%2B15550102030')).toEqual(['444444']);
    expect(await codes('totp_identifier=')).toHaveLength(5);
    expect((await get(relay, '/v1/credentials/totp?otp_type=sms')).status).toBe(400);
  });

  test('keeps consumed and expired codes, marked as such', async ({ relay }) => {
    await relay.store.add({
      identifier: 'me@example.com',
      code: '111111',
      source: 'seed',
      at: Date.now() - 20 * 60_000,
    });
    await push(relay, { totp_identifier: 'me@example.com', content: '222222' });
    await relay.store.take({ identifier: 'me@example.com', since: 0 });
    const rows = await (await get(relay, '/v1/credentials/totp')).json();
    expect(rows).toHaveLength(2);
    expect(rows[0].code).toBe('222222');
    expect(rows[0].consumed_at).not.toBeNull();
    expect(rows[1].code).toBe('111111');
    expect(rows[1].consumed_at).toBeNull();
    expect(Date.parse(rows[1].expired_at)).toBeLessThan(Date.now());
  });
});
