// Run by helpers.ts as a real, separate process: `node --import tsx child.ts '<task json>'`.
// Opens the vault (key from PW2FA_VAULT_KEY), prints "ready", waits for "go" on stdin so all children
// hit the lock together, performs its task and prints one JSON line with the results.
import { TwoFactorError } from '../../../src/errors.js';
import { Vault } from '../../../src/vault/vault.js';
import type { ChildTask } from './helpers.js';

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
const vault = await Vault.open({ path: task.path });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  process.stdin.once('data', () => resolve());
});

const results: unknown[] = [];
const errors: string[] = [];
const attempt = async (fn: () => Promise<unknown>) => {
  try {
    results.push(await fn());
  } catch (error) {
    if (!(error instanceof TwoFactorError)) throw error;
    errors.push(error.code);
  }
};
const [first = ''] = task.labels;
if (task.op === 'add') {
  for (const label of task.labels) {
    await attempt(() =>
      vault.add(label, `otpauth://totp/Load:${encodeURIComponent(label)}?secret=JBSWY3DPEHPK3PXP`),
    );
  }
} else {
  for (let i = 0; i < (task.times ?? 1); i++) {
    await attempt(() => (task.op === 'hotp' ? vault.nextHotp(first) : vault.takeRecoveryCode(first)));
  }
}
process.stdout.write(`${JSON.stringify({ results, errors })}\n`);
process.stdin.destroy();
