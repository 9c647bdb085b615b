import { TwoFactorError } from '../errors.js';

/**
 * Reads a secret-bearing argument. `-` means "read it from stdin", so secrets need not sit in shell
 * history or `ps` output: `pbpaste | pw2fa add github --uri -`.
 */
export async function readSecretArgument(value: string, name: string): Promise<string> {
  if (value !== '-') return value;
  if (process.stdin.isTTY) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `--${name} - reads from stdin, but stdin is a terminal. Pipe the value in.`,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) throw new TwoFactorError('PW2FA_BAD_OPTION', `--${name} - read nothing from stdin.`);
  return text;
}

/** Parses a whole-number flag, naming the flag when it is not one. */
export function integerFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected --${name} to be a whole number, got ${JSON.stringify(value)}.`,
    );
  }
  return Number(value);
}
