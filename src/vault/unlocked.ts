import { TwoFactorError } from '../errors.js';
import { entryInfo, type VaultEntry, type VaultEntryInfo, vaultEntrySchema } from './entry.js';
import { EnvelopeError, openEnvelope, sealEnvelope } from './envelope.js';
import { type StoredEntry, VAULT_FILE_VERSION, type VaultFile } from './file-store.js';
import { KeyFormError, type MasterKey, makeKeyCheck, verifyKeyCheck } from './keys.js';

/**
 * A vault file paired with the master key that opens it: entries go in and out as plain
 * {@link VaultEntry} objects, and every failure names the file and the label. Entries are decrypted one
 * at a time, on demand, so an operation on one label never needs the others to be intact.
 */

/**
 * Throws `PW2FA_VAULT_KEY_MISMATCH` unless `key` opens `file`; for a missing file with `create`, makes
 * a new header (fresh salt, key-check value) so the first write creates the vault.
 *
 * @example
 * const unlocked = await unlockVaultFile(path, await readVaultFile(path), key, { create: true });
 */
export async function unlockVaultFile(
  path: string,
  file: VaultFile | undefined,
  key: MasterKey,
  options: { create: boolean; keyHint?: string },
): Promise<UnlockedVault> {
  if (!file) {
    if (!options.create) return new UnlockedVault(path, undefined, undefined);
    const kdf = key.newKdf();
    const masterKey = await key.derive(kdf);
    const fresh: VaultFile = {
      version: VAULT_FILE_VERSION,
      kdf,
      check: makeKeyCheck(masterKey),
      entries: new Map(),
    };
    return new UnlockedVault(path, fresh, masterKey);
  }
  let masterKey: Uint8Array | undefined;
  let why = '';
  try {
    masterKey = await key.derive(file.kdf);
  } catch (error) {
    if (!(error instanceof KeyFormError)) throw error;
    why = ` ${error.message}`;
  }
  if (!masterKey || !verifyKeyCheck(masterKey, file.check)) {
    throw new TwoFactorError(
      'PW2FA_VAULT_KEY_MISMATCH',
      `The vault key does not open ${path}. Set PW2FA_VAULT_KEY to the key it was created with.${why}` +
        (options.keyHint ? ` (The key tried came from ${options.keyHint}.)` : ''),
    );
  }
  return new UnlockedVault(path, file, masterKey);
}

/**
 * Decrypted access to one snapshot of the vault file. Changes stay in memory until the caller writes
 * `file` back; `dirty` says whether there is anything to write.
 *
 * @example
 * const entry = unlocked.read('github');
 * unlocked.write('github', { ...entry, recoveryCodes: [] }, new Date());
 */
export class UnlockedVault {
  /** Set by `write`/`delete`: the snapshot differs from the file it was read from. */
  dirty = false;
  readonly path: string;
  readonly #file: VaultFile | undefined;
  readonly #masterKey: Uint8Array | undefined;

  constructor(path: string, file: VaultFile | undefined, masterKey: Uint8Array | undefined) {
    this.path = path;
    this.#file = file;
    this.#masterKey = masterKey;
  }

  /** The file to write back; throws if this snapshot was opened read-only on a missing vault. */
  get file(): VaultFile {
    if (!this.#file) throw new Error('UnlockedVault: no file to write (opened without `create`).');
    return this.#file;
  }

  /** Labels in code-point order, so listings are the same on every machine and locale. */
  labels(): string[] {
    return [...(this.#file?.entries.keys() ?? [])].sort();
  }

  has(label: string): boolean {
    return this.#file?.entries.has(label) ?? false;
  }

  stored(label: string): StoredEntry | undefined {
    return this.#file?.entries.get(label);
  }

  /** The decrypted entry, or `undefined` when the label is absent; `PW2FA_VAULT_CORRUPT` if it fails to open. */
  read(label: string): VaultEntry | undefined {
    const stored = this.stored(label);
    if (!stored || !this.#masterKey) return undefined;
    let plaintext: Buffer;
    try {
      plaintext = openEnvelope(this.#masterKey, label, stored);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      // The key check passed, so the key is right: the entry's bytes were changed, or it was copied
      // here from another label (the label is authenticated data).
      throw this.#corrupt(
        label,
        'failed its integrity check: it was edited or moved from another label',
        error,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(plaintext.toString('utf8'));
    } catch (error) {
      throw this.#corrupt(label, 'decrypted to something that is not JSON', error);
    } finally {
      plaintext.fill(0);
    }
    const parsed = vaultEntrySchema.safeParse(json);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(top level)'))];
      throw this.#corrupt(label, `decrypted to an unexpected shape (check ${fields.join(', ')})`);
    }
    const { otp, recoveryCodes, data } = parsed.data;
    return otp ? { otp, recoveryCodes, data } : { recoveryCodes, data };
  }

  /** Secret-free summary of one entry (decrypts it to count codes and name data keys). */
  info(label: string): VaultEntryInfo | undefined {
    const entry = this.read(label);
    const stored = this.stored(label);
    return entry && stored ? entryInfo(label, entry, stored) : undefined;
  }

  /** Encrypts `entry` under a fresh data key and stores it; keeps `createdAt` of an entry it replaces. */
  write(label: string, entry: VaultEntry, now: Date): StoredEntry {
    const file = this.file;
    const masterKey = this.#masterKey;
    if (!masterKey) throw new Error('UnlockedVault: no master key.');
    const plaintext = Buffer.from(JSON.stringify(entry), 'utf8');
    try {
      const stamp = now.toISOString();
      const stored: StoredEntry = {
        ...sealEnvelope(masterKey, label, plaintext),
        createdAt: file.entries.get(label)?.createdAt ?? stamp,
        updatedAt: stamp,
      };
      file.entries.set(label, stored);
      this.dirty = true;
      return stored;
    } finally {
      plaintext.fill(0);
    }
  }

  /** Removes an entry without decrypting it, so a corrupt entry can still be deleted on purpose. */
  delete(label: string): boolean {
    const removed = this.file.entries.delete(label);
    if (removed) this.dirty = true;
    return removed;
  }

  #corrupt(label: string, problem: string, cause?: unknown): TwoFactorError {
    return new TwoFactorError(
      'PW2FA_VAULT_CORRUPT',
      `The vault file ${this.path} is corrupt: entry ${JSON.stringify(label)} ${problem}. ` +
        `The file was left unchanged; restore it from version control or a backup, or remove the entry with ` +
        `vault.remove(${JSON.stringify(label)}) and add it again.`,
      { cause },
    );
  }
}
