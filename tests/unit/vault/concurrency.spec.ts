import { mkdir, utimes } from 'node:fs/promises';
import { generateCode } from '../../../src/otp/generate.js';
import { caught, expect, HOTP_URI, RAW_KEY, runChildren, TOTP_URI, test } from './helpers.js';

// Real processes, released together, contending for one vault file. Each test checks an invariant a
// lost update or a torn read would break: nothing lost, nothing handed out twice.
test.describe('vault shared by many processes', () => {
  test.describe.configure({ timeout: 60_000 });

  test('12 processes adding 5 labels each at once leave all 60 labels in the vault', async ({ open }) => {
    const vault = await open();
    const tasks = Array.from({ length: 12 }, (_, p) => ({
      op: 'add' as const,
      path: vault.path,
      labels: Array.from({ length: 5 }, (_, i) => `proc-${p}-label-${i}`),
    }));
    const outcomes = await runChildren(tasks, { PW2FA_VAULT_KEY: RAW_KEY });
    expect(outcomes.flatMap((outcome) => outcome.errors)).toEqual([]);
    const labels = (await vault.list()).map((info) => info.label);
    expect(labels).toHaveLength(60);
    expect(labels).toEqual(tasks.flatMap((task) => task.labels).sort());
    expect((await vault.get('proc-11-label-4')).account).toBe('proc-11-label-4');
  });

  test('8 processes calling nextHotp 5 times each get 40 distinct counters with the right codes', async ({
    open,
  }) => {
    const vault = await open();
    await vault.add('bank', HOTP_URI);
    const tasks = Array.from({ length: 8 }, () => ({
      op: 'hotp' as const,
      path: vault.path,
      labels: ['bank'],
      times: 5,
    }));
    const outcomes = await runChildren(tasks, { PW2FA_VAULT_KEY: RAW_KEY });
    expect(outcomes.flatMap((outcome) => outcome.errors)).toEqual([]);
    const results = outcomes.flatMap(
      (outcome) => outcome.results as Array<{ code: string; counter: number }>,
    );
    expect(results.map((r) => r.counter).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
    const account = await vault.get('bank');
    expect(account.counter).toBe(40);
    for (const { code, counter } of results) {
      expect(code, `counter ${counter}`).toBe(generateCode({ ...account, counter }).code);
    }
    // Each process sees its own counters strictly increasing: no process ever went back in time.
    for (const outcome of outcomes) {
      const counters = (outcome.results as Array<{ counter: number }>).map((r) => r.counter);
      expect(counters).toEqual([...counters].sort((a, b) => a - b));
    }
  });

  test('8 processes taking recovery codes get each code exactly once', async ({ open }) => {
    const vault = await open();
    const codes = Array.from({ length: 30 }, (_, i) => `code-${String(i).padStart(2, '0')}-xyz`);
    await vault.addRecoveryCodes('github', codes);
    const tasks = Array.from({ length: 8 }, () => ({
      op: 'recovery' as const,
      path: vault.path,
      labels: ['github'],
      times: 5,
    }));
    const outcomes = await runChildren(tasks, { PW2FA_VAULT_KEY: RAW_KEY });
    const taken = outcomes.flatMap((outcome) =>
      (outcome.results as Array<{ code: string }>).map((r) => r.code),
    );
    expect(taken.sort()).toEqual(codes);
    expect(outcomes.flatMap((outcome) => outcome.errors)).toEqual(Array(10).fill('PW2FA_NO_RECOVERY_CODE'));
    expect((await vault.list())[0]?.recoveryCodesLeft).toBe(0);
  });
});

test.describe('vault lock', () => {
  test('concurrent writes from one process all land', async ({ open }) => {
    const vault = await open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => vault.add(`label-${i}`, TOTP_URI)));
    expect(await vault.list()).toHaveLength(20);
  });

  test('a lock left behind by a crashed process is taken over once stale', async ({ open }) => {
    const vault = await open();
    await mkdir(`${vault.path}.lock`, { recursive: true });
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(`${vault.path}.lock`, longAgo, longAgo);
    await vault.add('github', TOTP_URI);
    expect(await vault.has('github')).toBe(true);
  });

  test('a lock held by a live process makes writes give up with PW2FA_VAULT_LOCKED', async ({ open }) => {
    const vault = await open({ lockTimeout: 300 });
    await vault.add('github', TOTP_URI);
    await mkdir(`${vault.path}.lock`); // fresh mtime: looks like a live holder
    const error = await caught(() => vault.add('other', TOTP_URI));
    expect(error.code).toBe('PW2FA_VAULT_LOCKED');
    expect(error.message).toContain(`${vault.path}.lock`);
    expect(await vault.get('github')).toBeTruthy(); // reads need no lock
    expect(await vault.has('other')).toBe(false);
  });
});
