import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TwoFactorError } from '../errors.js';
import { type TwoFactorConfig, TwoFactorConfigSchema } from './schema.js';

/** Where the config is looked for when no path is given: the working directory. */
export const DEFAULT_CONFIG_FILE = 'pw2fa.config.json';

/** No file at the default place is an empty config; a file named on purpose must exist. */
const EMPTY: TwoFactorConfig = { sources: {} };
const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * Reads and validates `pw2fa.config.json` (or the file at `path`, or `PW2FA_CONFIG`). Unknown keys and
 * wrong types are a `PW2FA_BAD_CONFIG` error naming the field; secrets are referenced by env var name.
 *
 * @example
 * // pw2fa.config.json: { "sources": { "smtp": { "port": 2525 }, "relay": { "url": "http://127.0.0.1:8787" } } }
 * const config = await loadConfig();
 * const { sources, close } = await sourcesFromConfig(config);
 */
export async function loadConfig(path?: string): Promise<TwoFactorConfig> {
  const named = path ?? process.env.PW2FA_CONFIG;
  const file = resolve(named ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw new TwoFactorError('PW2FA_BAD_CONFIG', `Could not read the config file ${file}.`, { cause: error });
  }
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    throw new TwoFactorError(
      'PW2FA_BAD_CONFIG',
      `The config file ${file} is over 64 KiB; is it the right file?`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TwoFactorError('PW2FA_BAD_CONFIG', `The config file ${file} is not valid JSON.`, {
      cause: error,
    });
  }
  const parsed = TwoFactorConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new TwoFactorError(
      'PW2FA_BAD_CONFIG',
      `The config file ${file} is invalid at ${where}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}
