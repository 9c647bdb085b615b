import { MemoryRelayStore } from '../../../src/relay/memory-store.js';
import { identifierKey } from '../../../src/relay/store.js';
import { expect, test } from './helpers.js';

test.describe('MemoryRelayStore', () => {
  test('matches identifiers case-insensitively and phone numbers by their digits', () => {
    const table: [string, string][] = [
      [' Me@Example.COM ', 'me@example.com'],
      ['+1 (555) 010-2030', '+15550102030'],
      ['+15550102030', '+15550102030'],
      ['555.010.2030', '5550102030'],
      ['ops-phone', 'ops-phone'],
      ['12345', '12345'],
    ];
    for (const [input, key] of table) expect(identifierKey(input), input).toBe(key);
  });

  test('takes the oldest matching code first, each once', async () => {
    const store = new MemoryRelayStore();
    await store.add({ identifier: 'a', code: '222222', source: 't', at: 2000 });
    await store.add({ identifier: 'a', code: '111111', source: 't', at: 1000 });
    await store.add({ identifier: 'b', code: '000000', source: 't', at: 500 });
    const take = () => store.take({ identifier: 'a', since: 0, at: 3000 });
    expect((await take())?.code).toBe('111111');
    expect((await take())?.code).toBe('222222');
    expect(await take()).toBeNull();
  });

  test('drops the oldest records beyond maxCodes', async () => {
    const store = new MemoryRelayStore({ maxCodes: 3 });
    for (let i = 0; i < 5; i++) await store.add({ identifier: 'a', code: `${i}${i}${i}${i}`, source: 't' });
    expect((await store.history({ limit: 10 })).map((c) => c.code)).toEqual(['4444', '3333', '2222']);
  });

  test('hands out copies, so callers cannot change what is stored', async () => {
    const store = new MemoryRelayStore();
    const added = await store.add({ identifier: 'a', code: '123456', source: 't' });
    added.consumedAt = 1;
    const [listed] = await store.history({ limit: 1 });
    if (listed) listed.code = '999999';
    expect(await store.take({ identifier: 'a', since: 0 })).toMatchObject({ code: '123456' });
  });

  test('drops a waiting run when its deadline passes and tells subscribers', async () => {
    const store = new MemoryRelayStore();
    const dropped = new Promise<void>((resolve) => {
      void store.subscribe(async (event) => {
        if (event.type === 'waiting' && (await store.waiting()).length === 0) resolve();
      });
    });
    await store.setWaiting({ id: 'w', identifier: 'a', kind: 'sms', since: 0, deadline: Date.now() + 30 });
    expect(await store.waiting()).toHaveLength(1);
    await dropped;
    expect(await store.waiting(Date.now())).toEqual([]);
    await store.close();
  });

  test('refuses a TTL that is not a positive number', () => {
    expect(() => new MemoryRelayStore({ codeTtlMs: 0 })).toThrow(
      'Expected `codeTtlMs` to be a positive number of ms.',
    );
  });
});
