import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { TwoFactorError } from '../errors.js';
import { readSecretArgument } from './input.js';

/**
 * Secret-bearing flags (`--api-key`, `--secret`, `--uri`, `--twilio-auth-token`) read so the secret need
 * not sit on the command line, where every user of the machine sees it in `ps` and it lands in shell
 * history: from the environment, from a file (`--api-key-file <path>`) or from stdin (`--api-key -`).
 * The value itself as an argument still works, with a one-line warning on stderr (never the value).
 */

const pending: string[] = [];

/**
 * Prints `line` on stderr when the command exits successfully: a failing command keeps its one clear
 * error line, and the warning comes with the run that worked.
 *
 * @example
 * warnOnSuccess('pw2fa: warning: …');
 */
export function warnOnSuccess(line: string): void {
  if (pending.length === 0) {
    process.once('exit', (code) => {
      // Synchronous: at exit there is no later tick for an asynchronous stderr write.
      if (code === 0) for (const warning of pending) writeSync(2, `${warning}\n`);
    });
  }
  pending.push(line);
}

export interface SecretFlag {
  /** The flag's name without dashes, e.g. `api-key`. */
  name: string;
  /** What was given after `--<name>`: the value itself, or `-` for stdin. */
  value?: string | undefined;
  /** What was given after `--<name>-file`: a path, or `-` for stdin. */
  file?: string | undefined;
  /** The environment variable that may hold it, for the warning's advice (the caller reads it). */
  envName?: string;
  /** Whether a literal value carries a secret; default always (a URI only with `secret=`). */
  isSecret?: (value: string) => boolean;
  /** Where the warning goes (default stderr, when the command succeeds; see {@link warnOnSuccess}). */
  warn?: (line: string) => void;
}

async function readSecretFile(path: string, name: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Could not read --${name}-file ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      { cause: error },
    );
  }
  const value = text.trim();
  if (!value) throw new TwoFactorError('PW2FA_BAD_OPTION', `--${name}-file ${path} is empty.`);
  return value;
}

/**
 * The secret from `--<name>`, `--<name>-file` or stdin; undefined when neither flag was given (the
 * caller then falls back to the environment). Giving both is an error.
 *
 * @example
 * const apiKey = (await readSecretFlag({ name: 'api-key', value: flags.apiKey, file: flags.apiKeyFile,
 *   envName: 'PW2FA_RELAY_KEY' })) ?? process.env.PW2FA_RELAY_KEY;
 */
export async function readSecretFlag(flag: SecretFlag): Promise<string | undefined> {
  const { name, value, file } = flag;
  if (value !== undefined && file !== undefined) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', `Give one of --${name} and --${name}-file.`);
  }
  if (file !== undefined)
    return file === '-' ? readSecretArgument('-', `${name}-file`) : readSecretFile(file, name);
  if (value === undefined) return undefined;
  if (value === '-') return readSecretArgument('-', name);
  if (flag.isSecret?.(value) ?? true) {
    const instead = [
      flag.envName ? `$${flag.envName}` : undefined,
      `--${name}-file <path>`,
      `--${name} - (stdin)`,
    ]
      .filter(Boolean)
      .join(', ');
    (flag.warn ?? warnOnSuccess)(
      `pw2fa: warning: --${name} on the command line is visible to other users in \`ps\` and kept in shell history; use ${instead} instead.`,
    );
  }
  return value;
}

/** An otpauth:// URI carries its secret in the `secret` parameter. */
export function uriHasSecret(uri: string): boolean {
  return /[?&]secret=/i.test(uri);
}
