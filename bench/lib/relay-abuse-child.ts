// The relay under test in bench/relay-abuse.ts, in its own process (so the abusers do not share its event
// loop): prints its URL, and answers each `rss` line on stdin with its resident set size and used heap after a full GC.
import { createInterface } from 'node:readline';
import { RelayServer } from '../../src/relay/server.js';

const relay = await RelayServer.start({ apiKey: process.env.PW2FA_RELAY_KEY ?? '' });
console.log(`url ${relay.url}`);
const collect = (globalThis as { gc?: () => void }).gc;
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'rss') continue;
  collect?.();
  collect?.();
  const { rss, heapUsed } = process.memoryUsage();
  console.log(`rss ${rss} ${heapUsed}`);
}
await relay.close();
