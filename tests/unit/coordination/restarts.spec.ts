import { expect, test } from '@playwright/test';
import { TOTP } from 'otpauth';
import { RedisCoordinator } from '../../../src/coordination/redis-coordinator.js';
import { takeTotpTurn } from '../../../src/coordination/totp-turn.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { type RedisServer, startRedis } from '../../support/redis.js';
import { runLoopChild } from './helpers.js';

// The fault suite of issue 21: a real redis-server (no persistence) killed and restarted mid-run while
// eight workers in four processes wait for one account's windows. Half of the workers open a new
// connection for every turn, so some connect only after a restart and never see a run_id change. The
// machine floor is off (floorDir: false) so only what Redis and each process remember keeps windows apart.
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PERIOD = 2;
const OTPAUTH = `otpauth://totp/Team:restarts?secret=${SECRET}&issuer=Team&period=${PERIOD}`;
const totp = new TOTP({ secret: SECRET, period: PERIOD });
const RESTARTS = 20;

interface Turn {
  worker: string;
  code: string;
  window: number;
  handedOutAt: number;
}

test.describe('across Redis restarts', () => {
  let redis: RedisServer;
  test.beforeAll(async () => {
    redis = await startRedis();
  });
  test.afterAll(async () => {
    await redis?.stop();
  });

  test(`no window is used twice across ${RESTARTS} restarts under 8 waiting workers in 4 processes`, async () => {
    test.setTimeout(120_000);
    const children = Array.from({ length: 4 }, () =>
      runLoopChild({ otpauth: OTPAUTH, redisUrl: redis.url, workers: 2, holdMs: 150, leaseTtlMs: 3000 }),
    );
    let turns: Turn[] = [];
    try {
      await Promise.all(children.map((child) => child.ready));
      for (let restart = 0; restart < RESTARTS; restart++) {
        // Anywhere in a window: while the holder types, while it waits for the next window, while others queue.
        await new Promise((resolve) => setTimeout(resolve, 1200 + Math.random() * 1200));
        await redis.restart();
      }
      await new Promise((resolve) => setTimeout(resolve, 2500)); // one more window after the last restart
    } finally {
      const results = await Promise.all(children.map((child) => child.stop()));
      turns = (results.flat() as unknown as Turn[]).sort((a, b) => a.handedOutAt - b.handedOutAt);
    }
    const windows = turns.map((turn) => turn.window);
    const usedTwice = windows.length - new Set(windows).size;
    const wentBack = windows.filter((window, i) => i > 0 && window <= (windows[i - 1] as number)).length;
    const invalid = turns.filter(
      (turn) => totp.validate({ token: turn.code, timestamp: turn.handedOutAt, window: 0 }) === null,
    );
    const workers = new Set(turns.map((turn) => turn.worker)).size;
    console.log(
      `restarts: ${RESTARTS}, turns: ${turns.length} by ${workers} workers, windows used twice: ${usedTwice}, ` +
        `went back: ${wentBack}, codes not valid when handed out: ${invalid.length}`,
    );
    expect(usedTwice).toBe(0);
    expect(wentBack).toBe(0);
    expect(invalid).toEqual([]);
    // It kept working: most windows between restarts were used, by more than one worker.
    expect(turns.length).toBeGreaterThanOrEqual(8);
    expect(workers).toBeGreaterThan(1);
  });

  test('a worker that connects only after a restart does not reuse the window spent just before it', async () => {
    // 5-second windows: the restart takes well under one, so only the coordinator can move the turn on.
    const account = parseOtpauth(OTPAUTH.replace(`period=${PERIOD}`, 'period=5'));
    const before = await RedisCoordinator.connect(redis.url, { floorDir: false });
    const spent = await takeTotpTurn({ coordinator: before, account, minRemainingMs: 2000 });
    await spent.release();
    await before.close();
    await redis.restart();
    const after = await RedisCoordinator.connect(redis.url, { floorDir: false });
    try {
      expect(after.mayHaveLostState()).toBe(false); // it never saw the old server: no run_id to compare
      const turn = await takeTotpTurn({ coordinator: after, account });
      await turn.release();
      expect(turn.window).toBeGreaterThan(spent.window);
    } finally {
      await after.close();
    }
  });
});
