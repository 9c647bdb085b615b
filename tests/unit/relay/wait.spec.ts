import type { RelayHandler } from '../../../src/relay/handler.js';
import { MemoryRelayStore } from '../../../src/relay/memory-store.js';
import { expect, get, isPending, push, test, waitingFor } from './helpers.js';

const ME = 'me@example.com';

/** A `since` well inside the day the relay accepts, before every code these tests push. */
const HOUR_AGO = String(Date.now() - 60 * 60_000);

function wait(relay: RelayHandler, query: Record<string, string>, signal?: AbortSignal) {
  const params = new URLSearchParams({ totp_identifier: ME, timeout: '10000', ...query });
  return get(relay, `/v1/wait?${params}`, signal ? { signal } : {});
}

test.describe('relay long-poll', () => {
  // Push-driven: the answer comes on the push, long before the 10 s poll would end. (Latency: bench/relay.ts.)
  test('wakes when a code is pushed, not when the poll times out', async ({ relay }) => {
    for (let round = 0; round < 5; round++) {
      const waiting = wait(relay, { since: String(Date.now()), kind: 'email' });
      await waitingFor(relay, ME);
      const pushed = performance.now();
      await push(relay, { totp_identifier: ME, content: `Your code is ${654320 + round}` });
      const res = await waiting;
      const elapsed = performance.now() - pushed;
      expect(res.status).toBe(200);
      expect((await res.json()).code).toBe(String(654320 + round));
      expect(elapsed).toBeLessThan(2_000);
      await expect.poll(() => relay.store.waiting()).toEqual([]);
    }
  });

  test('returns a code that is already there at once, and consumes it', async ({ relay }) => {
    await push(relay, { totp_identifier: ME, content: '111111' });
    const first = await wait(relay, { since: HOUR_AGO, timeout: '0' });
    expect((await first.json()).consumed_at).not.toBeNull();
    const second = await wait(relay, { since: HOUR_AGO, timeout: '0' });
    expect(second.status).toBe(204);
    expect(await second.text()).toBe('');
  });

  test('hands one code to exactly one of two concurrent waiters', async ({ relay }) => {
    const a = new AbortController();
    const b = new AbortController();
    const waits = [wait(relay, { since: HOUR_AGO }, a.signal), wait(relay, { since: HOUR_AGO }, b.signal)];
    await waitingFor(relay, ME, 2);
    await push(relay, { totp_identifier: ME, content: 'code 111111' });
    const first = await Promise.race(waits.map((w, i) => w.then((res) => ({ res, i }))));
    expect((await first.res.json()).code).toBe('111111');
    const other = waits[1 - first.i];
    expect(other && (await isPending(other))).toBe(true);
    expect(await relay.store.take({ identifier: ME, since: 0 })).toBeNull();

    await push(relay, { totp_identifier: ME, content: 'code 222222' });
    expect(await (await (other as Promise<Response>)).json()).toMatchObject({ code: '222222' });
  });

  test('a store hands one code to exactly one of many racing takers', async () => {
    const store = new MemoryRelayStore();
    await store.add({ identifier: ME, code: '123456', source: 'test' });
    const taken = await Promise.all(
      Array.from({ length: 50 }, () => store.take({ identifier: ME, since: 0 })),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  test('routes by run id: a code for one run never reaches another', async ({ relay }) => {
    await push(relay, { totp_identifier: ME, content: 'code 111111', workflow_run_id: 'run-a' });
    expect((await wait(relay, { since: HOUR_AGO, timeout: '0', workflow_run_id: 'run-b' })).status).toBe(204);
    expect((await wait(relay, { since: HOUR_AGO, timeout: '0' })).status).toBe(204);
    expect(
      (
        await wait(relay, {
          since: HOUR_AGO,
          timeout: '0',
          totp_identifier: 'you@example.com',
          workflow_run_id: 'run-a',
        })
      ).status,
    ).toBe(204);
    const mine = await wait(relay, { since: HOUR_AGO, timeout: '0', workflow_run_id: 'run-a' });
    expect(await mine.json()).toMatchObject({ code: '111111', workflow_run_id: 'run-a' });

    // Without a run id, a code goes to any waiter of the identifier.
    const b = wait(relay, { since: HOUR_AGO, workflow_run_id: 'run-b' });
    await waitingFor(relay, ME);
    await push(relay, { totp_identifier: 'ME@example.com', content: 'code 222222' });
    expect(await (await b).json()).toMatchObject({ code: '222222', workflow_run_id: null });
  });

  test('a waiter for run A is not woken by codes for run B', async ({ relay }) => {
    const controller = new AbortController();
    const a = wait(relay, { since: HOUR_AGO, workflow_run_id: 'run-a' }, controller.signal);
    await waitingFor(relay, ME);
    await push(relay, { totp_identifier: ME, content: 'code 999999', workflow_run_id: 'run-b' });
    expect(await isPending(a)).toBe(true);
    await push(relay, { totp_identifier: ME, content: 'code 111111', workflow_run_id: 'run-a' });
    expect(await (await a).json()).toMatchObject({ code: '111111' });
  });

  test('ignores codes received before `since`, expired codes and the wrong type', async ({ relay }) => {
    const now = Date.now();
    await relay.store.add({ identifier: ME, code: '111111', source: 'seed', at: now - 5_000 });
    await relay.store.add({ identifier: ME, code: '222222', source: 'seed', at: now - 11 * 60_000 });
    expect((await wait(relay, { since: String(now - 1000), timeout: '0' })).status).toBe(204);
    expect(
      (await wait(relay, { since: new Date(now - 20 * 60_000).toISOString(), timeout: '0' })).status,
    ).toBe(200);
    expect((await wait(relay, { since: HOUR_AGO, timeout: '0' })).status).toBe(204);

    await push(relay, { totp_identifier: ME, content: '333333' });
    expect((await wait(relay, { since: HOUR_AGO, timeout: '0', otp_type: 'magic_link' })).status).toBe(204);
    expect((await wait(relay, { since: HOUR_AGO, timeout: '0', otp_type: 'totp' })).status).toBe(200);
  });

  test('expires codes after the configured time', async ({ make }) => {
    const relay = make({ codeTtlMs: 60_000 });
    const body = await (await push(relay, { totp_identifier: ME, content: '123456' })).json();
    expect(Date.parse(body.expired_at) - Date.parse(body.created_at)).toBe(60_000);
    const at = Date.parse(body.created_at);
    expect(await relay.store.take({ identifier: ME, since: 0, at: at + 60_000 })).toBeNull();
    expect(await relay.store.take({ identifier: ME, since: 0, at: at + 59_999 })).toMatchObject({
      code: '123456',
    });
  });

  test('times out with 204 and lists the run as waiting meanwhile', async ({ relay }) => {
    const since = Date.now();
    const pending = wait(relay, {
      since: String(since),
      timeout: '200',
      kind: 'sms',
      workflow_run_id: 'run-a',
      wait_id: 'w1',
    });
    await waitingFor(relay, ME);
    const listed = await (await get(relay, '/v1/waiting')).json();
    expect(listed.waiting).toEqual([
      {
        wait_id: 'w1',
        totp_identifier: ME,
        workflow_run_id: 'run-a',
        kind: 'sms',
        since: new Date(since).toISOString(),
        deadline: expect.any(String),
      },
    ]);
    expect((await pending).status).toBe(204);
    // Still listed for a grace period so the client's next long-poll takes the entry over.
    expect((await relay.store.waiting()).map((run) => run.id)).toEqual(['w1']);
  });

  test('validates the wait query', async ({ relay }) => {
    const res = await get(relay, '/v1/wait?since=yesterday&timeout=999999&otp_type=sms&wait_id=a%20b');
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([
      {
        path: 'totp_identifier',
        message: 'Required: the e-mail address or phone number the code was sent to.',
      },
      { path: 'since', message: 'Expected epoch milliseconds or an ISO date-time.' },
      { path: 'timeout', message: 'Expected milliseconds from 0 to 60000.' },
      { path: 'otp_type', message: 'Invalid option: expected one of "totp"|"magic_link"' },
      { path: 'wait_id', message: 'Expected letters, digits, _ or - (at most 100).' },
    ]);
  });

  test('refuses more open waits than allowed with 429', async ({ make }) => {
    const relay = make({ maxWaiting: 1 });
    const controller = new AbortController();
    const first = wait(relay, { since: HOUR_AGO }, controller.signal);
    await waitingFor(relay, ME);
    const second = await wait(relay, { since: HOUR_AGO });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    controller.abort();
    await first;
    await expect.poll(async () => (await wait(relay, { since: HOUR_AGO, timeout: '0' })).status).toBe(204);
  });

  test('ends open waits when the relay closes', async ({ make }) => {
    const relay = make();
    const pending = wait(relay, { since: HOUR_AGO });
    await waitingFor(relay, ME);
    await relay.close();
    expect((await pending).status).toBe(204);
    expect((await wait(relay, { since: HOUR_AGO })).status).toBe(503);
  });
});

test.describe('relay event stream', () => {
  test('sends the waiting runs at once and again whenever they change, and codes as metadata', async ({
    relay,
  }) => {
    const controller = new AbortController();
    const res = await get(relay, '/v1/events', { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async (): Promise<{ event: string; data: unknown }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    expect(await next()).toEqual({ event: 'waiting', data: { waiting: [] } });
    const pending = wait(relay, { since: HOUR_AGO, wait_id: 'w1' });
    expect(await next()).toMatchObject({
      event: 'waiting',
      data: { waiting: [{ wait_id: 'w1', totp_identifier: ME }] },
    });
    await push(relay, { totp_identifier: ME, content: '123456' });
    const seen = [await next(), await next()];
    expect(seen).toContainEqual({ event: 'code', data: { totp_identifier: ME, workflow_run_id: null } });
    expect(seen).toContainEqual({ event: 'waiting', data: { waiting: [] } });
    expect(JSON.stringify(seen)).not.toContain('123456');
    await pending;
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
