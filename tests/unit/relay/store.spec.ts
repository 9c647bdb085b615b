import { MemoryRelayStore } from '../../../src/relay/memory-store.js';
import { identifierKey } from '../../../src/relay/store.js';
import { expect, test } from './helpers.js';
import { storeContract } from './store-contract.js';

storeContract('MemoryRelayStore', async (options) => new MemoryRelayStore(options));

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
});
