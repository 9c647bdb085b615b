import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import { creditTurnWaits } from '../../../src/playwright/wait-credit.js';

function holder(timeout: number) {
  const seen: number[] = [];
  return {
    timeout,
    seen,
    setTimeout(value: number) {
      this.timeout = value;
      seen.push(value);
    },
  };
}

test('extends the test timeout by the time spent waiting for a turn, while the wait goes on', async () => {
  const info = holder(30_000);
  const credit = creditTurnWaits(info);
  credit.onEvent({ type: 'turn-wait', account: 'acme', reason: 'turn', state: 'start', waitedMs: 300 });
  await sleep(700);
  const during = info.timeout;
  // Credited before the wait ended, not only at the end.
  expect(during).toBeGreaterThanOrEqual(30_000 + 300 + 400);
  credit.onEvent({ type: 'turn-wait', account: 'acme', reason: 'turn', state: 'end', waitedMs: 1000 });
  const after = info.timeout;
  expect(after).toBeGreaterThanOrEqual(30_000 + 1000 - 50);
  await sleep(400);
  expect(info.timeout).toBe(after); // nothing more once the turn came
  credit.stop();
});

test('other events and a test without a timeout are left alone', async () => {
  const info = holder(0);
  const credit = creditTurnWaits(info);
  credit.onEvent({ type: 'turn-wait', account: 'acme', reason: 'turn', state: 'start', waitedMs: 300 });
  await sleep(300);
  credit.stop();
  expect(info.timeout).toBe(0);
  const other = holder(30_000);
  creditTurnWaits(other).onEvent({ type: 'verified', attempt: 1 });
  expect(other.seen).toEqual([]);
});
