// Fair turns (issue 21): 16 logins for one account arriving 30 ms apart through a real Redis, each holding
// its turn 100 ms, with 1-second TOTP windows. Measured: how long each login waited, by arrival position,
// in windows; and how many were served out of arrival order. Baseline, same run and same Redis: the race
// this replaced (every waiter retries SET NX on the lease; the winner takes the window after the last spent).
// Run: node --import tsx bench/coordination-fairness.ts
import { setTimeout as sleep } from 'node:timers/promises';
import type { Coordinator } from '../src/coordination/coordinator.js';
import { RedisCoordinator } from '../src/coordination/redis-coordinator.js';
import { accountScope, takeTotpTurn } from '../src/coordination/totp-turn.js';
import { waitForLease } from '../src/coordination/wait-for-lease.js';
import { freshCode } from '../src/otp/freshness.js';
import { parseOtpauth } from '../src/otp/uri.js';
import { startRedis } from '../tests/support/redis.js';
import { metric, writeBenchResult } from './lib/report.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const account = parseOtpauth('otpauth://totp/Bench:fair?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=1');
const PERIOD_MS = 1000;

interface Served {
  arrival: number;
  waitedMs: number;
  window: number;
}

/** The replaced algorithm: a race for the lease, then the window after the last one spent. */
async function raceTurn(coordinator: Coordinator): Promise<{ window: number; release: () => Promise<void> }> {
  const scope = `${accountScope(account)}:race`;
  const lease = await waitForLease(coordinator, scope, 6000, undefined);
  const spent = await coordinator.read(`${scope}:spent`);
  const fresh = await freshCode(account, {
    minRemainingMs: 200,
    ...(spent === null ? {} : { afterWindow: spent }),
  });
  await coordinator.write(`${scope}:spent`, fresh.window, 120_000);
  return { window: fresh.window, release: () => lease.release() };
}

async function run(url: string, queued: boolean): Promise<Served[]> {
  const coordinators = await Promise.all(
    Array.from({ length: WORKERS }, () => RedisCoordinator.connect(url, { floorDir: false })),
  );
  try {
    const served = await Promise.all(
      coordinators.map(async (coordinator, arrival) => {
        await sleep(arrival * 30);
        const started = Date.now();
        const turn = queued
          ? await takeTotpTurn({ coordinator, account, minRemainingMs: 200 })
          : await raceTurn(coordinator);
        const waitedMs = Date.now() - started;
        await sleep(100);
        await turn.release();
        return { arrival, waitedMs, window: turn.window };
      }),
    );
    return served.sort((a, b) => a.window - b.window);
  } finally {
    await Promise.all(coordinators.map((coordinator) => coordinator.close()));
  }
}

function summary(served: Served[]) {
  // Wait in windows per (arrival position + 1): 1.0 means "one window per login ahead, plus one".
  const perPosition = served.map((s) => s.waitedMs / PERIOD_MS / (s.arrival + 2));
  const outOfOrder = served.filter((s, i) => s.arrival !== i).length;
  return {
    maxWaitS: Math.max(...served.map((s) => s.waitedMs)) / 1000,
    avgWaitS: served.reduce((sum, s) => sum + s.waitedMs, 0) / served.length / 1000,
    worstPerPosition: Math.max(...perPosition),
    avgPerPosition: perPosition.reduce((a, b) => a + b, 0) / perPosition.length,
    outOfOrder,
    firstPositionWaitS: (served.find((s) => s.arrival === 0)?.waitedMs ?? Number.NaN) / 1000,
  };
}

const redis = await startRedis();
try {
  const queued = summary(await run(redis.url, true));
  const race = summary(await run(redis.url, false));
  console.log(`queue: ${JSON.stringify(queued)}\nrace:  ${JSON.stringify(race)}`);
  writeBenchResult('coordination-fairness', {
    // Target: ≤ 1 (no login waits more than (position + 1) windows).
    'worst wait / (position+1) windows': metric(queued.worstPerPosition, race.worstPerPosition, 'ratio'),
    'avg wait / (position+1) windows': metric(queued.avgPerPosition, race.avgPerPosition, 'ratio'),
    'max wait': metric(queued.maxWaitS, race.maxWaitS, 's'),
    'avg wait': metric(queued.avgWaitS, race.avgWaitS, 's'),
    'first arrival wait': metric(queued.firstPositionWaitS, race.firstPositionWaitS, 's'),
    'served out of arrival order': metric(queued.outOfOrder, race.outOfOrder, 'logins'),
  });
} finally {
  await redis.stop();
}
