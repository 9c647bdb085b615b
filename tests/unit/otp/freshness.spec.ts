import { expect, test } from '@playwright/test';
import type { OtpAccount } from '../../../src/otp/account.js';
import { freshCode, msUntilFreshWindow } from '../../../src/otp/freshness.js';
import { generateCode } from '../../../src/otp/generate.js';

const account: OtpAccount = {
  type: 'totp',
  secret: 'JBSWY3DPEHPK3PXP',
  issuer: 'X',
  account: 'y',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
};

test.describe('msUntilFreshWindow', () => {
  const CASES: Array<[string, number, { minRemainingMs?: number; afterWindow?: number }, number]> = [
    ['plenty of time left', 10_000, {}, 0],
    ['exactly the minimum left', 27_000, {}, 0],
    ['too little left', 28_000, {}, 2_000],
    ['custom minimum', 23_000, { minRemainingMs: 8_000 }, 7_000],
    ['a minimum longer than a third of the period', 20_000, { minRemainingMs: 12_000 }, 0],
    ['current window already spent', 5_000, { afterWindow: 0 }, 25_000],
    ['an older window spent', 35_000, { afterWindow: 0 }, 0],
    ['spent window and too little left in the next', 58_500, { afterWindow: 30_000 }, 1_500],
  ];
  for (const [name, now, opts, expected] of CASES) {
    test(`waits ${expected} ms when ${name}`, () => {
      expect(msUntilFreshWindow(30, now, opts)).toBe(expected);
    });
  }

  test('never asks for more than a third of a short period', () => {
    expect(msUntilFreshWindow(6, 3_900, { minRemainingMs: 5_000 })).toBe(0);
    expect(msUntilFreshWindow(6, 4_100, { minRemainingMs: 5_000 })).toBe(1_900);
  });
});

test('freshCode waits for the next window when the current one is about to end', async () => {
  const realStart = Date.now();
  const now = () => 29_990 + (Date.now() - realStart); // 10 ms before a window boundary, moving in real time.
  const fresh = await freshCode(account, { now, minRemainingMs: 3000 });
  expect(fresh.window).toBe(30_000);
  expect(fresh.remainingMs).toBeGreaterThan(29_000);
  expect(fresh.code).toBe(generateCode(account, { at: 30_000 }).code);
});

test('freshCode skips a spent window in real time and can be aborted', async () => {
  const controller = new AbortController();
  const pending = freshCode(account, { afterWindow: Date.now(), signal: controller.signal });
  controller.abort();
  await expect(pending).rejects.toMatchObject({ code: 'PW2FA_ABORTED' });
});

test('freshCode returns HOTP codes at once', async () => {
  const hotp = { ...account, type: 'hotp' as const, counter: 3 };
  expect((await freshCode(hotp)).code).toBe(generateCode(hotp).code);
});
