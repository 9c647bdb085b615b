import type { Command } from 'commander';
import { TwoFactorError } from '../errors.js';
import type { OtpAccount } from '../otp/account.js';
import { accountsFromImage } from './image-accounts.js';
import { printJson } from './output.js';
import { openVault } from './vault-commands.js';

/**
 * What `--json` prints in place of a secret unless `--show-secret` is given: terminals and CI logs keep
 * what scripts print, and a secret in a log is a second factor given away. Not base32, so it can never
 * be stored as a key by mistake.
 */
export const MASKED_SECRET = '(hidden: pass --show-secret)';

/** The accounts as `--json` prints them: the same array of OtpAccount, each secret masked unless shown. */
export function scanJson(accounts: readonly OtpAccount[], showSecret: boolean): OtpAccount[] {
  return accounts.map((a) => (showSecret ? a : { ...a, secret: MASKED_SECRET }));
}

/** Registers `scan <image>`: read otpauth QR codes (or a printed key) from a screenshot or photo. */
export function registerScanCommand(program: Command): void {
  program
    .command('scan <image>')
    .description('read authenticator accounts from a QR code, export QR or printed key in a PNG/JPEG')
    .option('--add <label>', 'store the (first) account in the vault under this label')
    .option('--json', 'print the accounts as JSON, secrets hidden unless --show-secret')
    .option('--show-secret', 'with --json, print the secrets too (for piping, never for logs)')
    .action(async (image: string, options: { add?: string; json?: boolean; showSecret?: boolean }) => {
      const accounts = await accountsFromImage(image);
      if (options.add) {
        const vault = await openVault(program);
        await vault.add(options.add, accounts[0] as OtpAccount);
        if (accounts.length > 1) {
          throw new TwoFactorError(
            'PW2FA_BAD_OPTION',
            `Stored the first of ${accounts.length} accounts as ${options.add}; add the others one by one with --json and pw2fa add --uri.`,
          );
        }
      }
      if (options.json) return printJson(scanJson(accounts, options.showSecret === true));
      for (const a of accounts) {
        const who = [a.issuer, a.account].filter(Boolean).join(': ') || 'unnamed account';
        console.log(
          `${who} — ${a.type.toUpperCase()}, ${a.digits} digits${a.type === 'totp' ? ` every ${a.period} s` : ''}`,
        );
      }
      if (options.add) console.log(`Added ${options.add}.`);
    });
}
