import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOTP } from 'otpauth';
import type { Coordinator } from '../../../src/coordination/coordinator.js';
import { openCoordinator } from '../../../src/coordination/default-coordinator.js';
import { LocalCoordinator } from '../../../src/coordination/local-coordinator.js';
import { RedisCoordinator } from '../../../src/coordination/redis-coordinator.js';
import { takeTotpTurn } from '../../../src/coordination/totp-turn.js';
import { TwoFactorError } from '../../../src/errors.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { freePort, type RedisServer, startRedis } from '../../support/redis.js';
import { concurrentTurns, runChild, type TurnResult } from './helpers.js';

// One-second windows keep "one login per window" tests short; the logic does not depend on the period.
const OTPAUTH = 'otpauth://totp/Team:shared?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Team&period=1';
const totp = new TOTP({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', period: 1 });

/** Retries `tryLease` until it succeeds; resolves with how long that took (or rejects after 10 s). */
async function leaseTakenOverAfter(coordinator: Coordinator, key: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    const lease = await coordinator.tryLease(key, 2000);
    if (lease) {
      await lease.release();
      return Date.now() - started;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the lease on ${key} was never taken over`);
}

function expectOneLoginPerWindow(turns: TurnResult[]) {
  const windows = turns.map((turn) => turn.window);
  expect(new Set(windows).size).toBe(windows.length);
  // Handed out in order, each after the previous: a site that only accepts later time steps accepts all.
  expect(windows).toEqual([...windows].sort((a, b) => a - b));
  for (const turn of turns) {
    // Valid at the real time it was handed out, whatever the worker's own clock said.
    expect(totp.validate({ token: turn.code, timestamp: turn.handedOutAt, window: 1 })).not.toBeNull();
  }
}

test.describe('on one machine, with lock files', () => {
  let dir: string;
  test.beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw2fa-coord-'));
  });
  test.afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('six worker processes sharing one account each get a window of their own, in order', async () => {
    const turns = await concurrentTurns(
      Array.from({ length: 6 }, () => ({ otpauth: OTPAUTH, dir, holdMs: 100 })),
    );
    expect(turns).toHaveLength(6);
    expectOneLoginPerWindow(turns);
  });

  test('a lease held by a process that died is taken over', async () => {
    const holder = runChild({ mode: 'hold', otpauth: OTPAUTH, dir });
    expect(await holder.result).toEqual({ held: true });
    const local = new LocalCoordinator({ dir });
    expect(await local.tryLease('held', 2000)).toBeNull(); // alive: it keeps its lease
    holder.kill();
    expect(await leaseTakenOverAfter(local, 'held')).toBeLessThan(5000);
  });

  test('a turn waiting for the lease stops when aborted', async () => {
    const local = new LocalCoordinator({ dir });
    const account = parseOtpauth(OTPAUTH);
    const first = await takeTotpTurn({ coordinator: local, account });
    const waiting = takeTotpTurn({ coordinator: local, account, signal: AbortSignal.timeout(300) });
    await expect(waiting).rejects.toMatchObject({ code: 'PW2FA_ABORTED' });
    await first.release();
  });
});

test.describe('across machines, through Redis', () => {
  let redis: RedisServer;
  test.beforeAll(async () => {
    redis = await startRedis();
  });
  test.afterAll(async () => {
    await redis?.stop();
  });

  test('machines whose clocks are up to 30 s apart never share or go back a window', async () => {
    const skews = [-30_000, 30_000, 0, -15_000, 15_000, 29_000];
    const turns = await concurrentTurns(
      skews.map((skewMs) => ({ otpauth: OTPAUTH, redisUrl: redis.url, skewMs })),
    );
    expectOneLoginPerWindow(turns);
  });

  test('the lease of a crashed worker expires', async () => {
    const holder = runChild({ mode: 'hold', otpauth: OTPAUTH, redisUrl: redis.url });
    expect(await holder.result).toEqual({ held: true });
    const coordinator = await RedisCoordinator.connect(redis.url);
    try {
      expect(await coordinator.tryLease('held', 2000)).toBeNull();
      holder.kill();
      expect(await leaseTakenOverAfter(coordinator, 'held')).toBeLessThan(4000);
    } finally {
      await coordinator.close();
    }
  });

  test('a restart fails commands clearly while Redis is down, then never reuses a window', async () => {
    // 5-second windows: the restart takes well under one, so only the coordinator can move the next turn on.
    const account = parseOtpauth(OTPAUTH.replace('period=1', 'period=5'));
    const coordinator = await RedisCoordinator.connect(redis.url);
    try {
      const before = await takeTotpTurn({ coordinator, account });
      await before.release();
      await redis.kill();
      const down = await takeTotpTurn({ coordinator, account }).catch((error: unknown) => error);
      expect(down).toBeInstanceOf(TwoFactorError);
      expect(down).toMatchObject({ code: 'PW2FA_REDIS_UNAVAILABLE' });
      expect(String((down as Error).message)).not.toContain(new URL(redis.url).password);
      await redis.restart();
      let after: Awaited<ReturnType<typeof takeTotpTurn>> | undefined;
      const deadline = Date.now() + 10_000;
      while (!after && Date.now() < deadline) {
        after = await takeTotpTurn({ coordinator, account }).catch(() => undefined);
        if (!after) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(after, 'the coordinator reconnects after the restart').toBeDefined();
      // The restarted server forgot the spent window; the turn must still move past it.
      expect(after?.window).toBeGreaterThan(before.window);
      await after?.release();
    } finally {
      await coordinator.close();
    }
  });
});

test('an unreachable Redis fails fast with the URL named and the password left out', async () => {
  const port = await freePort();
  const started = Date.now();
  const error = await RedisCoordinator.connect(`redis://:s3cret-pass@127.0.0.1:${port}`, {
    connectTimeoutMs: 1500,
  }).catch((caught: unknown) => caught);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(error).toMatchObject({ code: 'PW2FA_REDIS_UNAVAILABLE' });
  expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  expect((error as Error).message).not.toContain('s3cret-pass');
});

test('with PW2FA_REDIS_FALLBACK=local an unreachable Redis falls back to lock files, with a warning', async () => {
  const url = `redis://:s3cret-pass@127.0.0.1:${await freePort()}`;
  await expect(openCoordinator({ REDIS_URL: url })).rejects.toMatchObject({
    code: 'PW2FA_REDIS_UNAVAILABLE',
  });
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  try {
    const coordinator = await openCoordinator({ REDIS_URL: url, PW2FA_REDIS_FALLBACK: 'local' });
    expect(coordinator.name).toBe('local');
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings.join('\n')).toContain('coordinating on this machine only');
    expect(warnings.join('\n')).not.toContain('s3cret-pass');
  } finally {
    process.off('warning', onWarning);
  }
});
