import { randomBytes, type ScryptOptions, scrypt } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { EnvelopeError, KEY_BYTES, openSealed, seal } from './envelope.js';
import { ignoreLeftovers } from './leftovers.js';

/**
 * The master key: turning what the user supplied (`PW2FA_VAULT_KEY`, a key file) into the 32 bytes that
 * wrap every entry's data key, and proving it is the right one via the key-check value.
 */

/**
 * scrypt cost. N = 2^15 takes ~70 ms on the 2-core CI machines this was tuned on: slow enough to make
 * guessing a passphrase from a leaked vault expensive, fast enough that opening a vault in every test
 * worker goes unnoticed. The parameters live in the file header, so they can be raised later
 * without breaking vaults that already exist.
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;

// Bounds for parameters read from a vault file: the file is untrusted input, and an edited header
// asking for N = 2^30 would otherwise make every open allocate gigabytes.
const scryptSchema = z
  .strictObject({
    name: z.literal('scrypt'),
    salt: z.base64().refine((s) => Buffer.from(s, 'base64').length >= SALT_BYTES, 'salt is too short'),
    N: z
      .int()
      .min(2 ** 10)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.int().min(1).max(32),
    p: z.int().min(1).max(16),
  })
  // scrypt needs 128·N·r bytes and N·r·p units of work: cap memory at 256 MiB and time at ~16× the default.
  .refine(({ N, r }) => N * r <= 2 ** 21, 'N·r asks for more than 256 MiB of memory')
  .refine(({ N, r, p }) => N * r * p <= 2 ** 22, 'N·r·p asks for too much work');

/**
 * How the master key is made from the user's key, as recorded in the vault header: `none` for a raw
 * 32-byte key, `scrypt` (with its salt and cost) for a passphrase.
 *
 * @example
 * kdfSchema.parse({ name: 'none' })
 */
export const kdfSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('none') }),
  scryptSchema,
]);

/**
 * The key-derivation record stored in the vault header.
 *
 * @example
 * const kdf: KdfParams = { name: 'scrypt', salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: 32768, r: 8, p: 1 };
 */
export type KdfParams = z.infer<typeof kdfSchema>;

// Standard or URL-safe base64 of exactly 32 bytes (43 characters plus optional padding).
const RAW_KEY = /^(?:[A-Za-z0-9+/]{43}|[A-Za-z0-9_-]{43})=?$/;

/**
 * True when `key` is 32 random bytes in base64 (used as is); anything else is a passphrase.
 *
 * @example
 * isRawKey(generateKey()) // true
 * isRawKey('correct horse battery staple') // false
 */
export function isRawKey(key: string): boolean {
  return RAW_KEY.test(key) && Buffer.from(key, 'base64').length === KEY_BYTES;
}

/**
 * Makes a fresh random key in the form `PW2FA_VAULT_KEY` accepts (32 bytes, base64).
 *
 * @example
 * process.stdout.write(`PW2FA_VAULT_KEY=${generateKey()}\n`);
 */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function runScrypt(
  secret: string,
  salt: Buffer,
  params: ScryptOptions & { N: number; r: number },
): Promise<Buffer> {
  // Node refuses N·r above its 32 MiB default; allow what the (bounded) parameters actually need.
  const maxmem = 256 * params.N * params.r;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Thrown by {@link MasterKey.derive} when a vault made with a raw key is opened with a passphrase; the
 * vault reports it as a key mismatch, with this as the hint.
 *
 * @example
 * if (error instanceof KeyFormError) hint = error.message;
 */
export class KeyFormError extends Error {
  override name = 'KeyFormError';
}

/**
 * The user's key, held privately, plus a cache of what it derives to. Deriving a passphrase costs ~70 ms
 * and every vault operation re-reads the file, so the result is kept per salt and cost.
 *
 * @example
 * const key = new MasterKey(process.env.PW2FA_VAULT_KEY ?? '');
 * const bytes = await key.derive(key.newKdf());
 */
export class MasterKey {
  readonly #secret: string;
  readonly #cache = new Map<string, Promise<Buffer>>();

  /** `secret` is trimmed: surrounding whitespace in a key is always a copy-and-paste accident. */
  constructor(secret: string) {
    this.#secret = secret.trim();
  }

  /** True when the key is raw bytes rather than a passphrase. */
  get isRaw(): boolean {
    return isRawKey(this.#secret);
  }

  /** The KDF record for a new vault: `none` for a raw key, scrypt with a fresh salt for a passphrase. */
  newKdf(): KdfParams {
    if (this.isRaw) return { name: 'none' };
    return { name: 'scrypt', salt: randomBytes(SALT_BYTES).toString('base64'), ...SCRYPT_DEFAULTS };
  }

  /**
   * The 32-byte master key for a vault whose header says `kdf`. The header, not the look of the key,
   * decides: a passphrase that happens to look like base64 still opens the vault it was stretched for.
   */
  derive(kdf: KdfParams): Promise<Buffer> {
    if (kdf.name === 'none') {
      if (!this.isRaw) {
        return Promise.reject(
          new KeyFormError(
            'The vault was created with a 32-byte base64 key, but the key given is a passphrase.',
          ),
        );
      }
      return Promise.resolve(Buffer.from(this.#secret, 'base64'));
    }
    const id = JSON.stringify(kdf);
    let derived = this.#cache.get(id);
    if (!derived) {
      derived = runScrypt(this.#secret, Buffer.from(kdf.salt, 'base64'), { N: kdf.N, r: kdf.r, p: kdf.p });
      this.#cache.set(id, derived);
    }
    return derived;
  }
}

const CHECK_PLAINTEXT = 'playwright-2fa vault key check v1';
const CHECK_AAD = 'pw2fa/v1/check';

/**
 * Encrypts a known constant so a later open can tell a wrong key from a corrupt entry.
 *
 * @example
 * const check = makeKeyCheck(masterKey); // stored in the vault header
 */
export function makeKeyCheck(masterKey: Uint8Array): string {
  return seal(masterKey, Buffer.from(CHECK_PLAINTEXT, 'utf8'), CHECK_AAD);
}

/**
 * True when `check` was made by {@link makeKeyCheck} with this master key.
 *
 * @example
 * if (!verifyKeyCheck(masterKey, header.check)) throw mismatch();
 */
export function verifyKeyCheck(masterKey: Uint8Array, check: string): boolean {
  try {
    return openSealed(masterKey, check, CHECK_AAD).toString('utf8') === CHECK_PLAINTEXT;
  } catch (error) {
    if (error instanceof EnvelopeError) return false;
    throw error;
  }
}

/**
 * Reads a key file; `undefined` when it does not exist or holds only whitespace.
 *
 * @example
 * const key = await readKeyFile('.pw2fa/vault.key');
 */
export async function readKeyFile(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Creates a key file holding a fresh random key (mode 0600). When another process creates it first, that
 * key is returned instead, so processes racing to open a new vault all end up with the same key. If
 * the key file's directory did not exist, a `.gitignore` naming the key file, temp files and locks is
 * written there too.
 *
 * @example
 * const { key, created } = await createKeyFile('.pw2fa/vault.key');
 */
export async function createKeyFile(path: string): Promise<{ key: string; created: boolean }> {
  const dir = dirname(path);
  const madeDir = await mkdir(dir, { recursive: true, mode: 0o700 });
  // Users commit the encrypted vault, never its key (nor a crashed writer's temp files and locks).
  if (madeDir !== undefined) await ignoreLeftovers(dir, { created: true, keyFile: path });
  // Write the whole key to a private temp file, then hard-link it into place: link() fails if the target
  // exists, so the key file appears atomically and complete, and a concurrent creator never wins half.
  const key = generateKey();
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${key}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = await readKeyFile(path);
    if (existing === undefined) throw error;
    return { key: existing, created: false };
  } finally {
    await rm(tmp, { force: true });
  }
}
