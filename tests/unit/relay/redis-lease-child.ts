// A relay process holding a run open in-process, for the lease test in redis-store.spec.ts: it lists the
// run, says `held`, and stays until it is killed (SIGKILL: no chance to clear the run).
import { RedisRelayStore } from '../../../src/relay/redis-store.js';

const store = await RedisRelayStore.connect({
  url: process.env.REDIS_URL ?? '',
  prefix: process.env.PREFIX ?? '',
  leaseMs: Number(process.env.LEASE_MS),
});
await store.setWaiting({ id: 'held', identifier: 'me@example.com', kind: 'sms', since: 1, deadline: null });
console.log('held');
setInterval(() => undefined, 60_000);
