// A writer to kill -9 mid-write: `node --import tsx writer-child.ts <vault path>` (key from
// PW2FA_VAULT_KEY). Prints "ready", then adds labels as fast as it can until killed.
import { Vault } from '../../../src/vault/vault.js';

const vault = await Vault.open({ path: process.argv[2] ?? '' });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  await vault.add(`w${process.pid}-${i % 40}`, `otpauth://totp/Load:w${i}?secret=JBSWY3DPEHPK3PXP`);
}
