import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Coordinator } from '../../../src/coordination/coordinator.js';
import { LocalCoordinator } from '../../../src/coordination/local-coordinator.js';
import { RedisCoordinator } from '../../../src/coordination/redis-coordinator.js';
import { type TotpWait, takeTotpTurn } from '../../../src/coordination/totp-turn.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { type RedisServer, startRedis } from '../../support/redis.js';
import { runChild } from './helpers.js';

// Issue 21, item 2: one worker waited 12 windows while another took 6 turns. Waiters now queue in arrival
// order; one-second windows keep the runs short (the logic does not depend on the period).
const OTPAUTH = 'otpauth://totp/Team:fair?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Team&period=1';
const PERIOD_MS = 1000;
const account = parseOtpauth(OTPAUTH);

interface Served {
  arrival: number;
  firstPosition: number;
  positions: number[];
  waitedMs: number;
  window: number;
}

/** `count` logins arriving 30 ms apart, each holding its turn 100 ms; in the order they were served. */
async function servedInOrder(open: () => Promise<Coordinator>, count: number): Promise<Served[]> {
  const coordinators = await Promise.all(Array.from({ length: count }, open));
  try {
    const served = await Promise.all(
      coordinators.map(async (coordinator, arrival) => {
        await new Promise((resolve) => setTimeout(resolve, arrival * 30));
        const waits: TotpWait[] = [];
        const turn = await takeTotpTurn({
          coordinator,
          account,
          minRemainingMs: 200,
          onWait: (w) => waits.push(w),
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        await turn.release();
        const positions = waits.map((wait) => wait.position);
        return {
          arrival,
          firstPosition: positions[0] ?? 1,
          positions,
          waitedMs: turn.waitedMs,
          window: turn.window,
        };
      }),
    );
    return served.sort((a, b) => a.window - b.window);
  } finally {
    await Promise.all(coordinators.map((coordinator) => coordinator.close()));
  }
}

function expectFair(served: Served[], label: string) {
  const worst = Math.max(...served.map((s) => s.waitedMs / ((s.firstPosition + 1) * PERIOD_MS)));
  console.log(
    `${label}: ${served.length} logins, served in arrival order: ${served.map((s) => s.arrival).join(' ')}; ` +
      `max wait ${Math.max(...served.map((s) => s.waitedMs))} ms; worst wait / ((position + 1) windows) = ${worst.toFixed(2)}`,
  );
  expect(served.map((s) => s.arrival)).toEqual(served.map((_, i) => i));
  for (const s of served) {
    // Each login ahead takes one window; one more for the window the first login may not use.
    expect(s.waitedMs, `login ${s.arrival} at position ${s.firstPosition}`).toBeLessThanOrEqual(
      (s.firstPosition + 1) * PERIOD_MS + 300,
    );
    // The position only ever moves forward, and the wait for the window itself is reported as 1.
    expect(s.positions).toEqual([...s.positions].sort((a, b) => b - a));
  }
  expect(served.slice(1).every((s) => s.positions.at(-1) === 1)).toBe(true);
}

test.describe('fair turns', () => {
  let redis: RedisServer;
  let dir: string;
  test.beforeAll(async () => {
    redis = await startRedis();
  });
  test.afterAll(async () => {
    await redis?.stop();
  });
  test.beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw2fa-fair-'));
  });
  test.afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('16 logins through Redis are served in arrival order, none waiting more than (position + 1) windows', async () => {
    test.setTimeout(60_000);
    expectFair(
      await servedInOrder(() => RedisCoordinator.connect(redis.url, { floorDir: false }), 16),
      'redis',
    );
  });

  test('16 logins with lock files are served in arrival order, none waiting more than (position + 1) windows', async () => {
    test.setTimeout(60_000);
    expectFair(await servedInOrder(async () => new LocalCoordinator({ dir }), 16), 'local');
  });

  for (const store of ['redis', 'local'] as const) {
    test(`a waiter that died in the queue is skipped after the lease TTL (${store})`, async () => {
      const open = async (): Promise<Coordinator> =>
        store === 'redis'
          ? RedisCoordinator.connect(redis.url, { floorDir: false })
          : new LocalCoordinator({ dir });
      const coordinator = await open();
      try {
        const first = await takeTotpTurn({ coordinator, account, leaseTtlMs: 2000 });
        const dead = runChild({
          mode: 'queue',
          otpauth: OTPAUTH,
          leaseTtlMs: 2000,
          ...(store === 'redis' ? { redisUrl: redis.url } : { dir }),
        });
        expect(await dead.result).toEqual({ position: 2 });
        const waits: TotpWait[] = [];
        const next = takeTotpTurn({ coordinator, account, leaseTtlMs: 2000, onWait: (w) => waits.push(w) });
        await expect.poll(() => waits[0]?.position).toBe(3); // the holder, the waiter that will die, then us
        dead.kill();
        const releasedAt = Date.now();
        await first.release();
        const turn = await next;
        await turn.release();
        // The dead place is dropped once its TTL passes, then one window at most.
        expect(Date.now() - releasedAt).toBeLessThan(2000 + 2 * PERIOD_MS + 1000);
        expect(turn.window).toBeGreaterThan(first.window);
      } finally {
        await coordinator.close();
      }
    });
  }
});
