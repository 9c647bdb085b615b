// Relay on Redis (issue 8): pushes per second through the HTTP API, and push → delivery to a long-poll
// parked on a *second* relay that shares the Redis (so through pub/sub and the take script), against one
// relay keeping codes in memory, measured in the same run. Targets: ≥ 2000 pushes/s, p99 < 20 ms.
// Run: npm run bench -- relay-redis (builds dist/ first; needs redis-server)
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { RelayClient } from '../dist/src/relay/client.js';
import { MemoryRelayStore } from '../dist/src/relay/memory-store.js';
import { RedisRelayStore } from '../dist/src/relay/redis-store.js';
import { RelayServer } from '../dist/src/relay/server.js';
import type { RelayStore } from '../dist/src/relay/store.js';
import { startRedis } from '../tests/support/redis.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const KEY = 'bench-relay-key-0123456789';
const PASSES = 3;
const PUSHES = 3000;
const PUSH_CONCURRENCY = 32;
const ADDS = 4000;
const ROUNDS = 200;
const STREAMS = 8;
const PARK_MS = 20;

interface Setup {
  /** Where codes are pushed. */
  push: RelayServer;
  /** Where waiters long-poll: the same relay for memory, another relay on the same Redis for Redis. */
  wait: RelayServer;
  close(): Promise<void>;
}

async function memorySetup(): Promise<Setup> {
  const relay = await RelayServer.start({ apiKey: KEY, store: new MemoryRelayStore(), closeStore: true });
  return { push: relay, wait: relay, close: () => relay.close() };
}

async function redisSetup(url: string): Promise<Setup> {
  const prefix = `bench:${Date.now()}:`;
  const start = async () =>
    RelayServer.start({
      apiKey: KEY,
      store: await RedisRelayStore.connect({ url, prefix }),
      closeStore: true,
    });
  const [push, wait] = [await start(), await start()];
  return { push, wait, close: async () => void (await Promise.all([push.close(), wait.close()])) };
}

/**
 * Pushes through the HTTP API, `PUSH_CONCURRENCY` at a time, on keep-alive sockets; pushes per second.
 * A bare `node:http` client, so the load generator's own cost stays small next to the relay's.
 */
async function pushesPerSecond(pushUrl: string, count: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: PUSH_CONCURRENCY });
  const url = new URL('/v1/credentials/totp', pushUrl);
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const headers = { 'content-type': 'application/json', 'x-api-key': KEY };
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.once('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`push: ${res.statusCode}`)),
        );
      });
      req.once('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PUSH_CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) {
        await post(
          JSON.stringify({
            totp_identifier: `load-${i % 64}@bench.example`,
            content: `Your code is ${100000 + i}`,
          }),
        );
      }
    }),
  );
  const rate = count / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}

/** `store.add` without HTTP, 32 at a time; adds per second. */
async function addsPerSecond(store: RelayStore, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < count; i = next++) {
        await store.add({
          identifier: `add-${i % 64}@bench.example`,
          code: String(100000 + i),
          source: 'bench',
        });
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** `STREAMS` waiters at a time, each: start a long-poll, let it park, push its code, time push → received. */
async function deliveryTimes(
  pushUrl: string,
  waitUrl: string,
  rounds: number,
  label: string,
): Promise<number[]> {
  const waiter = new RelayClient({ url: waitUrl, apiKey: KEY });
  const pusher = new RelayClient({ url: pushUrl, apiKey: KEY });
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: STREAMS }, async () => {
      for (let i = next++; i < rounds; i = next++) {
        const identifier = `${label}-${i}@bench.example`;
        const code = String(200000 + i);
        const got = waiter.waitForCode({
          identifier,
          since: Date.now(),
          signal: AbortSignal.timeout(30_000),
          kind: 'sms',
        });
        await sleep(PARK_MS + Math.random() * PARK_MS); // Parked long before: a round trip takes ~1 ms.
        const pushedAt = performance.now();
        await pusher.push({ identifier, content: `Your code is ${code}` });
        if ((await got).code !== code) throw new Error(`round ${i}: the wrong code arrived`);
        times.push(performance.now() - pushedAt);
      }
    }),
  );
  return times;
}

/** Work for the load process: the clients run apart from the relays, as remote pushers and waiters do. */
type Job =
  | { kind: 'pushes'; pushUrl: string; count: number }
  | { kind: 'delivery'; pushUrl: string; waitUrl: string; rounds: number; label: string };

/** One load process for the whole run (its JIT stays warm), taking jobs over IPC. */
function startLoad(): { run<T>(job: Job): Promise<T>; stop(): void } {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PW2FA_BENCH_LOAD: '1' },
  });
  return {
    run: <T>(job: Job) =>
      new Promise<T>((resolve, reject) => {
        const failed = (code: number | null) => reject(new Error(`the load process exited with ${code}`));
        child.once('exit', failed);
        child.send(job);
        child.once('message', (result) => {
          child.off('exit', failed);
          resolve(result as T);
        });
      }),
    stop: () => child.kill(),
  };
}

if (process.env.PW2FA_BENCH_LOAD) {
  process.on('message', async (job: Job) => {
    process.send?.(
      job.kind === 'pushes'
        ? await pushesPerSecond(job.pushUrl, job.count)
        : await deliveryTimes(job.pushUrl, job.waitUrl, job.rounds, job.label),
    );
  });
} else {
  const redis = await startRedis();
  const memory = await memorySetup();
  const shared = await redisSetup(redis.url);
  const load = startLoad();
  const pushes = (setup: Setup, count: number) =>
    load.run<number>({ kind: 'pushes', pushUrl: setup.push.url, count });
  const delivery = (setup: Setup, rounds: number, label: string) =>
    load.run<number[]>({ kind: 'delivery', pushUrl: setup.push.url, waitUrl: setup.wait.url, rounds, label });
  try {
    // Warm up sockets, the JIT and Redis' script cache on both.
    for (const setup of [memory, shared]) {
      await pushes(setup, 500);
      await delivery(setup, 40, `warm-${setup === memory}`);
    }
    // Passes alternate between the stores so both see the same noise of this shared machine.
    const rates = { memory: [] as number[], redis: [] as number[] };
    const times = { memory: [] as number[], redis: [] as number[] };
    for (let pass = 0; pass < PASSES; pass++) {
      rates.memory.push(await pushes(memory, PUSHES));
      rates.redis.push(await pushes(shared, PUSHES));
      times.memory.push(...(await delivery(memory, ROUNDS, `memory-${pass}`)));
      times.redis.push(...(await delivery(shared, ROUNDS, `redis-${pass}`)));
    }
    const rate = { memory: Math.max(...rates.memory), redis: Math.max(...rates.redis) };
    const adds = {
      memory: await addsPerSecond(memory.push.store, ADDS),
      redis: await addsPerSecond(shared.push.store, ADDS),
    };
    const p = (samples: number[], rank: number) => percentile(samples, rank);
    writeBenchResult('relay-redis', {
      pushes_per_s: metric(rate.redis, rate.memory, '/s'),
      store_adds_per_s: metric(adds.redis, adds.memory, '/s'),
      push_to_delivery_p50_ms: metric(p(times.redis, 50), p(times.memory, 50), 'ms'),
      push_to_delivery_p99_ms: metric(p(times.redis, 99), p(times.memory, 99), 'ms'),
    });
    const p99 = p(times.redis, 99);
    console.log(
      `  Redis: two relays sharing one Redis; best of ${PASSES} × ${PUSHES} pushes over HTTP, ${PUSH_CONCURRENCY} at a time; ` +
        `${PASSES} × ${ROUNDS} deliveries to a long-poll on the other relay, ${STREAMS} at a time (clients in their own process).\n` +
        '  Baseline: one relay with codes in memory, measured the same way.\n' +
        `  targets: ≥ 2000 pushes/s ${rate.redis >= 2000 ? 'met' : 'MISSED'} (${rate.redis.toFixed(0)}); ` +
        `p99 < 20 ms ${p99 < 20 ? 'met' : 'MISSED'} (${p99.toFixed(1)} ms)`,
    );
  } finally {
    load.stop();
    await memory.close();
    await shared.close();
    await redis.stop();
  }
}
