import type { Command } from 'commander';
import { TwoFactorError } from '../errors.js';
import type { OtpAccount, OtpAlgorithm } from '../otp/account.js';
import { freshCode } from '../otp/freshness.js';
import { generateCode } from '../otp/generate.js';
import { accountFromSecret } from '../otp/uri.js';
import { Vault } from '../vault/vault.js';
import { accountsFromImage } from './image-accounts.js';
import { integerFlag } from './input.js';
import { printJson, printTable } from './output.js';
import { readSecretFlag, uriHasSecret } from './secret-input.js';

interface GlobalOptions {
  vault?: string;
  keyFile?: string;
}

/** Opens the vault named by the global `--vault` / `--key-file` flags (else env, `.env`, defaults). */
export function openVault(program: Command): Promise<Vault> {
  const { vault, keyFile } = program.opts<GlobalOptions>();
  return Vault.open({ ...(vault ? { path: vault } : {}), ...(keyFile ? { keyFile } : {}) });
}

interface AddOptions {
  uri?: string;
  uriFile?: string;
  secret?: string;
  secretFile?: string;
  issuer?: string;
  account?: string;
  algorithm?: string;
  digits?: string;
  period?: string;
  hotp?: boolean;
  counter?: string;
  qr?: string;
  json?: boolean;
}

async function accountFromFlags(
  options: AddOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | OtpAccount> {
  const flags = [options.uri ?? options.uriFile, options.secret ?? options.secretFile, options.qr];
  const given = flags.filter((v) => v !== undefined).length;
  if (given > 1) throw new TwoFactorError('PW2FA_BAD_OPTION', 'Give one of --uri, --secret or --qr.');
  if (options.qr !== undefined) {
    const [first, ...rest] = await accountsFromImage(options.qr);
    if (rest.length) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        `The image holds ${rest.length + 1} accounts; use pw2fa scan --json to pick one.`,
      );
    }
    return first as OtpAccount;
  }
  // From the flags, else from the environment, so the secret need not appear in `ps`.
  const uri =
    given === 0 && env.PW2FA_ADD_URI
      ? env.PW2FA_ADD_URI
      : await readSecretFlag({
          name: 'uri',
          value: options.uri,
          file: options.uriFile,
          envName: 'PW2FA_ADD_URI',
          isSecret: uriHasSecret,
        });
  if (uri !== undefined) return uri;
  const secret =
    given === 0 && env.PW2FA_ADD_SECRET
      ? env.PW2FA_ADD_SECRET
      : await readSecretFlag({
          name: 'secret',
          value: options.secret,
          file: options.secretFile,
          envName: 'PW2FA_ADD_SECRET',
        });
  if (secret === undefined) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Nothing to add: give --uri <otpauth://…> or --secret <base32> (or --uri-file / --secret-file <path>; - reads stdin; or $PW2FA_ADD_URI / $PW2FA_ADD_SECRET), or --qr <image>.',
    );
  }
  const digits = integerFlag(options.digits, 'digits');
  const period = integerFlag(options.period, 'period');
  const counter = integerFlag(options.counter, 'counter');
  return accountFromSecret(secret, {
    type: options.hotp || counter !== undefined ? 'hotp' : 'totp',
    ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.algorithm !== undefined ? { algorithm: options.algorithm as OtpAlgorithm } : {}),
    ...(digits !== undefined ? { digits } : {}),
    ...(period !== undefined ? { period } : {}),
    ...(counter !== undefined ? { counter } : {}),
  });
}

function summarize(account: Pick<OtpAccount, 'type' | 'digits' | 'period' | 'issuer' | 'account'>): string {
  const who = [account.issuer, account.account].filter(Boolean).join(': ') || 'no issuer';
  const kind =
    account.type === 'totp'
      ? `TOTP, ${account.digits} digits every ${account.period} s`
      : `HOTP, ${account.digits} digits`;
  return `${who} (${kind})`;
}

/** Registers `add`, `code`, `list` and `remove`: the commands over the encrypted vault. */
export function registerVaultCommands(program: Command): void {
  program
    .command('add <label>')
    .description(
      'store an authenticator secret in the encrypted vault (overwrites: that is how secrets rotate)',
    )
    .option('--uri <otpauth>', 'otpauth:// URI from the QR code (- reads stdin; or $PW2FA_ADD_URI)')
    .option('--uri-file <path>', 'read the otpauth:// URI from a file (- reads stdin)')
    .option('--secret <base32>', 'the printed key, e.g. "JBSW Y3DP …" (- reads stdin; or $PW2FA_ADD_SECRET)')
    .option('--secret-file <path>', 'read the printed key from a file (- reads stdin)')
    .option('--qr <image>', 'a screenshot or photo of the set-up QR code (PNG/JPEG)')
    .option('--issuer <name>', 'issuer shown next to the code')
    .option('--account <name>', 'account name, e.g. your e-mail')
    .option('--algorithm <name>', 'SHA1, SHA256 or SHA512 (with --secret)')
    .option('--digits <n>', '6, 7 or 8 (with --secret)')
    .option('--period <seconds>', 'TOTP window length (with --secret)')
    .option('--hotp', 'counter-based (HOTP) instead of time-based')
    .option('--counter <n>', 'HOTP counter to start from (implies --hotp)')
    .option('--json', 'print the stored entry as JSON (never the secret)')
    .action(async (label: string, options: AddOptions) => {
      const vault = await openVault(program);
      const info = await vault.add(label, await accountFromFlags(options));
      if (options.json) printJson(info);
      else console.log(`Added ${info.label}: ${summarize(await vault.get(info.label))} to ${vault.path}`);
      // On stderr, so `--json` output stays one JSON document.
      if (vault.keySource === 'created') {
        console.error(
          `pw2fa: no vault key was set, so a new one was written to ${vault.keyFile} (mode 0600, git-ignored). Keep it: without it the vault cannot be opened. Never commit it; in CI pass it as PW2FA_VAULT_KEY.`,
        );
      }
    });

  program
    .command('code <label>')
    .description('print the current one-time code (HOTP: the next one, advancing the counter)')
    .option('--fresh', 'wait for the next window when less than 3 s of this one is left')
    .option('--json', 'print {"label","code","remainingMs"}')
    .action(async (label: string, options: { fresh?: boolean; json?: boolean }) => {
      const vault = await openVault(program);
      const account = await vault.get(label);
      let code: string;
      let remainingMs: number;
      if (account.type === 'hotp') {
        code = (await vault.nextHotp(label)).code;
        remainingMs = Number.POSITIVE_INFINITY;
      } else {
        ({ code, remainingMs } = options.fresh ? await freshCode(account) : generateCode(account));
      }
      if (options.json) printJson({ label, code, remainingMs });
      else if (account.type === 'hotp') console.log(code);
      else console.log(`${code}  (${Math.ceil(remainingMs / 1000)} s left)`);
    });

  program
    .command('list')
    .description('list stored accounts (labels and issuers only, never secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const vault = await openVault(program);
      const { entries, broken } = await vault.listReadable();
      // The readable entries still print; the broken ones get one line each and a non-zero exit.
      const reportBroken = () => {
        for (const { message } of broken) console.error(`pw2fa: ${message}`);
        if (broken.length) process.exitCode = 1;
      };
      if (options.json) {
        printJson(entries);
        return reportBroken();
      }
      if (entries.length === 0 && broken.length === 0)
        return console.log('The vault is empty. Add an account: pw2fa add <label> --uri <otpauth://…>');
      if (entries.length)
        printTable(
          ['LABEL', 'ISSUER', 'ACCOUNT', 'TYPE', 'DIGITS', 'RECOVERY CODES'],
          entries.map((e) => [
            e.label,
            e.issuer ?? '',
            e.account ?? '',
            e.type ?? '-',
            e.digits === undefined ? '' : String(e.digits),
            String(e.recoveryCodesLeft),
          ]),
        );
      reportBroken();
    });

  program
    .command('remove <label>')
    .description('delete an account from the vault')
    .action(async (label: string) => {
      const vault = await openVault(program);
      if (!(await vault.remove(label))) {
        throw new TwoFactorError(
          'PW2FA_UNKNOWN_ACCOUNT',
          `No account labelled ${JSON.stringify(label)} in ${vault.path}.`,
        );
      }
      console.log(`Removed ${label}.`);
    });
}
