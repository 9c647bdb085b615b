// A separate worker process for the coordination tests: `node --import tsx turn-child.ts '<task json>'`.
// Takes one TOTP turn (or holds a lease until killed) and prints what it got as one JSON line.
import { LocalCoordinator } from '../../../src/coordination/local-coordinator.js';
import { RedisCoordinator } from '../../../src/coordination/redis-coordinator.js';
import { takeTotpTurn } from '../../../src/coordination/totp-turn.js';
import { parseOtpauth } from '../../../src/otp/uri.js';

interface Task {
  mode: 'turn' | 'hold';
  otpauth: string;
  dir?: string;
  redisUrl?: string;
  /** Milliseconds this "machine's" clock is off by. */
  skewMs?: number;
  /** How long to keep the turn before releasing it (typing + the site's answer). */
  holdMs?: number;
}

const task = JSON.parse(process.argv[2] ?? '{}') as Task;
const coordinator = task.redisUrl
  ? await RedisCoordinator.connect(task.redisUrl)
  : new LocalCoordinator(task.dir ? { dir: task.dir } : {});
const account = parseOtpauth(task.otpauth);
const skew = task.skewMs ?? 0;
if (task.mode === 'hold') {
  const lease = await coordinator.tryLease('held', 2000);
  process.stdout.write(`${JSON.stringify({ held: lease !== null })}\n`);
  setInterval(() => undefined, 1000); // stay alive, holding the lease, until the test kills this process
} else {
  const turn = await takeTotpTurn({
    coordinator,
    account,
    clock: () => Date.now() + skew,
    minRemainingMs: 300,
  });
  const handedOutAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, task.holdMs ?? 50));
  await turn.release();
  process.stdout.write(`${JSON.stringify({ code: turn.code, window: turn.window, handedOutAt })}\n`);
  await coordinator.close();
}
