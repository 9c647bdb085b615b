import { expect, test } from '@playwright/test';
import {
  codeMatches,
  type NewRelayCode,
  type RelayEvent,
  type RelayStore,
  type TakeQuery,
} from '../../../src/relay/store.js';

/** Options every store takes, so the contract can exercise TTLs and trimming. */
export interface ContractOptions {
  codeTtlMs?: number;
  maxCodes?: number;
}

/** Opens a fresh, empty store (for Redis: a new key prefix), closed by the suite after each test. */
export type OpenStore = (options?: ContractOptions) => Promise<RelayStore>;

type Case = [title: string, record: Omit<NewRelayCode, 'source'>, query: TakeQuery, taken: boolean];

const ME = 'me@example.com';
/** Every clause of codeMatches, and identifier spellings that must (not) meet. */
const ROUTING: Case[] = [
  ['formatted phone ↔ E.164', { identifier: '+1 (555) 010-2030', code: '1' }, q('+15550102030'), true],
  ['E.164 ↔ spaced phone', { identifier: '+15550102030', code: '1' }, q('+1 555 010 2030'), true],
  ['no leading + ≠ leading +', { identifier: '555.010.2030', code: '1' }, q('+15550102030'), false],
  ['e-mail case and spaces', { identifier: ' Me@Example.COM ', code: '1' }, q(ME), true],
  ['non-ASCII e-mail case', { identifier: 'ÄRGER@Beispiel.de', code: '1' }, q('ärger@beispiel.de'), true],
  ['no-break spaces around', { identifier: '\u00a0me@example.com\u00a0', code: '1' }, q(ME), true],
  ['too short to be a phone', { identifier: '12345', code: '1' }, q('+12345'), false],
  ['other address', { identifier: ME, code: '1' }, q('me@example.co'), false],
  ['received at since', { identifier: ME, code: '1', at: 1000 }, q(ME, { since: 1000 }), true],
  ['received before since', { identifier: ME, code: '1', at: 1000 }, q(ME, { since: 1001 }), false],
  ['just before expiry', { identifier: ME, code: '1', at: 1000, ttlMs: 500 }, q(ME, { at: 1499 }), true],
  ['at expiry', { identifier: ME, code: '1', at: 1000, ttlMs: 500 }, q(ME, { at: 1500 }), false],
  ['run code, waiter without run', { identifier: ME, code: '1', runId: 'r1' }, q(ME), false],
  ['run code, its run', { identifier: ME, code: '1', runId: 'r1' }, q(ME, { runId: 'r1' }), true],
  ['run code, other run', { identifier: ME, code: '1', runId: 'r1' }, q(ME, { runId: 'r2' }), false],
  ['code without run, any run', { identifier: ME, code: '1' }, q(ME, { runId: 'r1' }), true],
  ['empty run id is a run id', { identifier: ME, code: '1', runId: '' }, q(ME), false],
  ['empty run id, same run', { identifier: ME, code: '1', runId: '' }, q(ME, { runId: '' }), true],
  ['code wanted, code sent', { identifier: ME, code: '1' }, q(ME, { want: 'code' }), true],
  ['link wanted, code sent', { identifier: ME, code: '1' }, q(ME, { want: 'link' }), false],
  ['code wanted, link sent', { identifier: ME, link: 'https://x.test/l' }, q(ME, { want: 'code' }), false],
  ['link wanted, link sent', { identifier: ME, link: 'https://x.test/l' }, q(ME, { want: 'link' }), true],
];

function q(identifier: string, rest: Partial<TakeQuery> = {}): TakeQuery {
  return { identifier, since: 0, at: 2000, ...rest };
}

/**
 * What every {@link RelayStore} must do, run against each implementation (store.spec.ts, redis-store.spec.ts)
 * so they route, order, expire and notify identically.
 */
export function storeContract(name: string, open: OpenStore): void {
  test.describe(`${name} store contract`, () => {
    const opened: RelayStore[] = [];
    const make = async (options?: ContractOptions) => {
      const store = await open(options);
      opened.push(store);
      return store;
    };
    test.afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    test('takes the oldest matching code first, each once', async () => {
      const store = await make();
      await store.add({ identifier: 'a', code: '222222', source: 't', at: 2000 });
      await store.add({ identifier: 'a', code: '111111', source: 't', at: 1000 });
      await store.add({ identifier: 'b', code: '000000', source: 't', at: 500 });
      const take = () => store.take({ identifier: 'a', since: 0, at: 3000 });
      expect((await take())?.code).toBe('111111');
      expect((await take())?.code).toBe('222222');
      expect(await take()).toBeNull();
    });

    test('keeps push order among codes received in the same millisecond', async () => {
      const store = await make();
      for (const code of ['1111', '2222', '3333'])
        await store.add({ identifier: 'a', code, source: 't', at: 1000 });
      expect((await store.history({ limit: 10 })).map((c) => c.code)).toEqual(['3333', '2222', '1111']);
      expect((await store.take({ identifier: 'a', since: 0, at: 2000 }))?.code).toBe('1111');
    });

    test('routes exactly as identifierKey and codeMatches say', async () => {
      for (const [title, record, query, taken] of ROUTING) {
        const store = await make();
        const added = await store.add({ ...record, source: 't' });
        // The table is checked against the shared rules too, so a change to them shows up here.
        expect(codeMatches(added, query, query.at ?? 0), `codeMatches: ${title}`).toBe(taken);
        expect((await store.take(query))?.id ?? null, title).toBe(taken ? added.id : null);
      }
    });

    test('hands a code to exactly one of 50 racing takers', async () => {
      const store = await make();
      for (let i = 0; i < 10; i++) await store.add({ identifier: ME, code: `${100000 + i}`, source: 't' });
      const taken = await Promise.all(
        Array.from({ length: 50 }, () => store.take({ identifier: ME, since: 0 })),
      );
      const codes = taken.flatMap((c) => (c?.code ? [c.code] : []));
      expect(codes.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${100000 + i}`));
    });

    test('lists history newest first by identifier, run and type, consumed and expired included', async () => {
      const store = await make({ codeTtlMs: 60_000 });
      const now = Date.now();
      await store.add({ identifier: 'Me@Example.com', code: '111111', source: 't', at: now - 120_000 });
      await store.add({ identifier: ME, code: '222222', runId: 'wr_a', source: 't', at: now - 2000 });
      await store.add({
        identifier: 'other@example.com',
        code: '333333',
        runId: 'wr_a',
        source: 't',
        at: now - 1000,
      });
      await store.add({ identifier: ME, link: 'https://app.example.com/magic?t=1', source: 't', at: now });
      await store.take({ identifier: ME, since: 0, want: 'link' });
      const codes = async (query: Omit<Parameters<RelayStore['history']>[0], 'limit'>, limit = 10) =>
        (await store.history({ limit, ...query })).map((c) => c.code ?? c.link);
      expect(await codes({ identifier: 'ME@example.com' })).toEqual([
        'https://app.example.com/magic?t=1',
        '222222',
        '111111',
      ]);
      expect(await codes({ runId: 'wr_a' })).toEqual(['333333', '222222']);
      expect(await codes({ identifier: ME, otpType: 'totp' })).toEqual(['222222', '111111']);
      expect(await codes({}, 2)).toEqual(['https://app.example.com/magic?t=1', '333333']);
      const [link, , , expired] = await store.history({ limit: 10 });
      expect(link).toMatchObject({ otpType: 'magic_link', consumedAt: expect.any(Number) });
      expect(expired).toMatchObject({ code: '111111', expiresAt: now - 60_000 });
      expect(expired?.consumedAt).toBeUndefined();
    });

    test('drops the oldest records beyond maxCodes', async () => {
      const store = await make({ maxCodes: 3 });
      for (let i = 0; i < 5; i++) await store.add({ identifier: 'a', code: `${i}${i}${i}${i}`, source: 't' });
      expect((await store.history({ limit: 10 })).map((c) => c.code)).toEqual(['4444', '3333', '2222']);
      expect((await store.take({ identifier: 'a', since: 0 }))?.code).toBe('2222');
    });

    test('hands out copies, so callers cannot change what is stored', async () => {
      const store = await make();
      const added = await store.add({ identifier: 'a', code: '123456', source: 't' });
      added.consumedAt = 1;
      const [listed] = await store.history({ limit: 1 });
      if (listed) listed.code = '999999';
      expect(await store.take({ identifier: 'a', since: 0 })).toMatchObject({ code: '123456' });
    });

    test('lists waiting runs oldest first, refreshes them by id and clears them', async () => {
      const store = await make();
      const deadline = Date.now() + 10_000;
      await store.setWaiting({ id: 'w1', identifier: 'a', kind: 'sms', since: 2, deadline });
      await store.setWaiting({ id: 'w2', identifier: 'b', kind: 'email', since: 1, deadline: null });
      await store.setWaiting({ id: 'w1', identifier: 'a', kind: 'code', runId: 'r', since: 2, deadline });
      expect(await store.waiting()).toEqual([
        { id: 'w2', identifier: 'b', kind: 'email', since: 1, deadline: null },
        { id: 'w1', identifier: 'a', kind: 'code', runId: 'r', since: 2, deadline },
      ]);
      expect((await store.waiting(deadline)).map((run) => run.id)).toEqual(['w2']);
      await store.clearWaiting('w2');
      await store.clearWaiting('unknown');
      expect((await store.waiting()).map((run) => run.id)).toEqual(['w1']);
    });

    test('drops a waiting run when its deadline passes and tells subscribers', async () => {
      const store = await make();
      const dropped = new Promise<void>((resolve) => {
        void store.subscribe(async (event) => {
          if (event.type === 'waiting' && (await store.waiting()).length === 0) resolve();
        });
      });
      await store.setWaiting({ id: 'w', identifier: 'a', kind: 'sms', since: 0, deadline: Date.now() + 250 });
      expect(await store.waiting()).toHaveLength(1);
      await dropped;
      expect(await store.waiting(Date.now())).toEqual([]);
    });

    test('tells subscribers of codes (metadata only) and waiting runs until they unsubscribe', async () => {
      const store = await make();
      const events: RelayEvent[] = [];
      const off = await store.subscribe((event) => events.push(event));
      await store.add({ identifier: ' me@example.com ', runId: 'r1', code: '123456', source: 't' });
      await store.setWaiting({ id: 'w', identifier: ME, kind: 'email', since: 0, deadline: null });
      await store.clearWaiting('w');
      off();
      await store.add({ identifier: ME, code: '654321', source: 't' });
      expect(events).toEqual([
        { type: 'code', identifier: ME, runId: 'r1' },
        { type: 'waiting' },
        { type: 'waiting' },
      ]);
    });

    test('gives codes the configured lifetime', async () => {
      const store = await make({ codeTtlMs: 5000 });
      const added = await store.add({ identifier: 'a', code: '123456', source: 't', at: 1000 });
      expect(added.expiresAt).toBe(6000);
      const custom = await store.add({ identifier: 'a', code: '123456', source: 't', at: 1000, ttlMs: 10 });
      expect(custom.expiresAt).toBe(1010);
    });

    test('refuses a TTL that is not a positive number', async () => {
      await expect(make({ codeTtlMs: 0 })).rejects.toThrow(
        'Expected `codeTtlMs` to be a positive number of ms.',
      );
    });
  });
}
