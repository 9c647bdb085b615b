import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { TwoFactorError } from '../errors.js';
import { readKeyFile } from './keys.js';

/**
 * Where the vault file and its key come from. Explicit options win, then the environment, then the
 * project's `.env`, then conventional files next to the vault — the order people expect from dotenv-style
 * tools, and the one that lets CI override a developer's local `.env` without editing it.
 */

/** Default vault location, relative to the working directory. */
export const DEFAULT_VAULT_PATH = join('.pw2fa', 'vault.json');
/** Default key file name, in the vault's directory. */
export const DEFAULT_KEY_FILE_NAME = 'vault.key';

/**
 * Options of `Vault.open()`. Every field is optional; see {@link resolveVaultSettings} for the fallbacks.
 *
 * @example
 * const vault = await Vault.open({ path: 'secrets/vault.json', keyFile: '/run/secrets/pw2fa.key' });
 */
export interface VaultOpenOptions {
  /** Vault file. Default: `PW2FA_VAULT` from the environment or `.env`, else `.pw2fa/vault.json`. */
  path?: string;
  /** Passphrase, or 32 random bytes in base64. Default: `PW2FA_VAULT_KEY` from the environment or `.env`, else the key file. */
  key?: string;
  /** File holding the key. Default: `PW2FA_VAULT_KEY_FILE`, else `vault.key` next to the vault file. */
  keyFile?: string;
  /** Directory that relative paths and the `.env` file are resolved against. Default: `process.cwd()`. */
  cwd?: string;
  /** Environment to read `PW2FA_*` variables from. Default: `process.env` (never modified). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How long a write waits for another process's lock before `PW2FA_VAULT_LOCKED`, in ms. Default: 30 000. */
  lockTimeout?: number;
}

/**
 * Where a key was found.
 *
 * @example
 * if (vault.keySource === 'created') console.log(`New key written to ${vault.keyFile}`);
 */
export type VaultKeySource = 'option' | 'env' | 'dotenv' | 'keyFile' | 'created';

/**
 * The outcome of {@link resolveVaultSettings}.
 *
 * @example
 * const { path, key, keyFile, searched } = await resolveVaultSettings({});
 */
export interface VaultSettings {
  /** Absolute path of the vault file. */
  path: string;
  /** The key and where it came from; absent when none was found anywhere. */
  key?: { value: string; source: VaultKeySource };
  /** Absolute path of the key file: read if no key came earlier, created for a brand-new vault. */
  keyFile: string;
  /** Human-readable list of the places searched for a key, for the "key missing" message. */
  searched: string[];
}

/** A variable set to an empty or blank string counts as unset: `PW2FA_VAULT_KEY=` in CI means "none". */
function present(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function optionString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`${name}\` to be a non-empty string, got ${typeof value}.`,
    );
  }
  return value;
}

/** Reads `<cwd>/.env` without touching `process.env`: a library must not change its host's environment. */
async function readDotenv(file: string): Promise<Record<string, string>> {
  try {
    return parseDotenv(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/**
 * Works out the vault path and key. Path: `path` option → `PW2FA_VAULT` (environment, then `<cwd>/.env`)
 * → `.pw2fa/vault.json`. Key: `key` option → `PW2FA_VAULT_KEY` (environment, then `.env`) → the key file
 * (`keyFile` option → `PW2FA_VAULT_KEY_FILE` → `vault.key` beside the vault). Relative paths resolve
 * against `cwd`. Reads files but never creates them; `Vault.open` decides whether to make a key.
 *
 * @example
 * const settings = await resolveVaultSettings({ cwd: '/repo', env: { PW2FA_VAULT_KEY: 'hunter2 hunter2' } });
 * settings.path // '/repo/.pw2fa/vault.json'
 */
export async function resolveVaultSettings(options: VaultOpenOptions = {}): Promise<VaultSettings> {
  const cwd = resolve(optionString('cwd', options.cwd) ?? process.cwd());
  const env = options.env ?? process.env;
  const dotenvPath = join(cwd, '.env');
  const dotenv = await readDotenv(dotenvPath);
  const fromEnvironment = (name: string) => present(env[name]) ?? present(dotenv[name]);

  const path = resolve(
    cwd,
    optionString('path', options.path) ?? fromEnvironment('PW2FA_VAULT') ?? DEFAULT_VAULT_PATH,
  );
  const keyFile = resolve(
    cwd,
    optionString('keyFile', options.keyFile) ??
      fromEnvironment('PW2FA_VAULT_KEY_FILE') ??
      join(dirname(path), DEFAULT_KEY_FILE_NAME),
  );
  const searched = [
    'the `key` option',
    'PW2FA_VAULT_KEY in the environment',
    `PW2FA_VAULT_KEY in ${dotenvPath}`,
    `the key file ${keyFile}`,
  ];

  const optionKey = optionString('key', options.key);
  if (optionKey !== undefined)
    return { path, key: { value: optionKey, source: 'option' }, keyFile, searched };
  const envKey = present(env.PW2FA_VAULT_KEY);
  if (envKey !== undefined) return { path, key: { value: envKey, source: 'env' }, keyFile, searched };
  const dotenvKey = present(dotenv.PW2FA_VAULT_KEY);
  if (dotenvKey !== undefined)
    return { path, key: { value: dotenvKey, source: 'dotenv' }, keyFile, searched };
  const fileKey = await readKeyFile(keyFile);
  if (fileKey !== undefined) return { path, key: { value: fileKey, source: 'keyFile' }, keyFile, searched };
  return { path, keyFile, searched };
}
