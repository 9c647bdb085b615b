// A separate worker process for the coordination tests: `node --import tsx turn-child.ts '<task json>'`.
// `turn`: takes one TOTP turn and prints what it got as one JSON line. `hold`: holds a lease until killed.
// `queue`: waits in the account's queue (behind a lease the test holds) until killed. `loop`: runs several
// workers that take turns until SIGTERM, printing one JSON line per turn handed out.
import type { Coordinator } from '../../../src/coordination/coordinator.js';
import { LocalCoordinator } from '../../../src/coordination/local-coordinator.js';
import { RedisCoordinator } from '../../../src/coordination/redis-coordinator.js';
import { takeTotpTurn } from '../../../src/coordination/totp-turn.js';
import { parseOtpauth } from '../../../src/otp/uri.js';

interface Task {
  mode: 'turn' | 'hold' | 'queue' | 'loop';
  otpauth: string;
  dir?: string;
  redisUrl?: string;
  /** Milliseconds this "machine's" clock is off by. */
  skewMs?: number;
  /** How long to keep the turn before releasing it (typing + the site's answer). */
  holdMs?: number;
  /** `loop`: workers in this process; odd ones open a new connection for every turn. */
  workers?: number;
  leaseTtlMs?: number;
}

const task = JSON.parse(process.argv[2] ?? '{}') as Task;
const account = parseOtpauth(task.otpauth);
const skew = task.skewMs ?? 0;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function open(): Promise<Coordinator> {
  if (task.redisUrl) return RedisCoordinator.connect(task.redisUrl, { floorDir: task.dir ?? false });
  return Promise.resolve(new LocalCoordinator(task.dir ? { dir: task.dir } : {}));
}

async function loopWorker(worker: number, stop: AbortSignal): Promise<void> {
  const reconnects = worker % 2 === 1;
  let coordinator: Coordinator | undefined;
  while (!stop.aborted) {
    try {
      coordinator ??= await open();
      const turn = await takeTotpTurn({
        coordinator,
        account,
        signal: stop,
        minRemainingMs: 300,
        ...(task.leaseTtlMs ? { leaseTtlMs: task.leaseTtlMs } : {}),
      });
      print({
        worker: `${process.pid}/${worker}`,
        code: turn.code,
        window: turn.window,
        handedOutAt: Date.now(),
      });
      await sleep(task.holdMs ?? 100);
      await turn.release();
      if (reconnects) {
        await coordinator.close();
        coordinator = undefined;
      }
    } catch {
      // Redis is restarting (PW2FA_REDIS_UNAVAILABLE) or the test stopped us: try again shortly.
      await sleep(30);
    }
  }
  await coordinator?.close();
}

if (task.mode === 'loop') {
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  const workers = Array.from({ length: task.workers ?? 2 }, (_, worker) => loopWorker(worker, stop.signal));
  print({ ready: true });
  await Promise.all(workers);
  process.exit(0);
}
const coordinator = await open();
if (task.mode === 'hold') {
  const lease = await coordinator.tryLease('held', 2000);
  print({ held: lease !== null });
  setInterval(() => undefined, 1000); // stay alive, holding the lease, until the test kills this process
} else if (task.mode === 'queue') {
  await takeTotpTurn({
    coordinator,
    account,
    leaseTtlMs: task.leaseTtlMs ?? 2000,
    onWait: ({ position }) => print({ position }),
  });
  print({ served: true });
  setInterval(() => undefined, 1000);
} else {
  const turn = await takeTotpTurn({
    coordinator,
    account,
    clock: () => Date.now() + skew,
    minRemainingMs: 300,
  });
  const handedOutAt = Date.now();
  await sleep(task.holdMs ?? 50);
  await turn.release();
  print({ code: turn.code, window: turn.window, handedOutAt });
  await coordinator.close();
}
