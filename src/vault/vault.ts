import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TwoFactorError } from '../errors.js';
import type { OtpAccount } from '../otp/account.js';
import { generateCode } from '../otp/generate.js';
import {
  cleanRecoveryCodes,
  normalizeLabel,
  toOtpAccount,
  type VaultEntry,
  type VaultEntryInfo,
  vaultEntrySchema,
} from './entry.js';
import { DEFAULT_LOCK_TIMEOUT_MS, readVaultFile, withVaultLock, writeVaultFile } from './file-store.js';
import { createKeyFile, MasterKey } from './keys.js';
import { cleanLeftovers, ignoreLeftovers } from './leftovers.js';
import { requireEntry, requireInfo, requireOtp } from './lookup.js';
import { resolveVaultSettings, type VaultKeySource, type VaultOpenOptions } from './settings.js';
import { type UnlockedVault, unlockVaultFile } from './unlocked.js';

/**
 * What `vault.update` callbacks return: the entry to store, `null` to remove the entry, or `undefined`
 * to store the (possibly mutated in place) entry they were given.
 *
 * @example
 * const updater: VaultUpdater = (entry) => entry && { ...entry, data: { ...entry.data, seen: true } };
 */
export type VaultUpdater = (
  entry: VaultEntry | undefined,
) => VaultEntry | null | undefined | Promise<VaultEntry | null | undefined>;

/** An entry that {@link Vault.listReadable} could not open, with the reason (never secret material). */
export interface BrokenEntry {
  label: string;
  message: string;
}

const KEY_SOURCE_NAMES: Record<VaultKeySource, string> = {
  option: 'the `key` option',
  env: 'PW2FA_VAULT_KEY in the environment',
  dotenv: 'PW2FA_VAULT_KEY in .env',
  keyFile: 'the key file',
  created: 'a newly created key file',
};

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encrypted store of authenticator secrets, HOTP counters, recovery codes and other per-account data
 * (passkeys). One JSON file, safe to commit: each entry is AES-256-GCM encrypted under its own data key,
 * wrapped by a master key that stays out of the repository. Every change is a locked read-modify-write,
 * so parallel test workers and separate processes can share one vault; reads take no lock.
 *
 * @example
 * const vault = await Vault.open(); // PW2FA_VAULT / .pw2fa/vault.json, key from PW2FA_VAULT_KEY
 * await vault.add('github', 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
 * const { code } = generateCode(await vault.get('github'));
 */
export class Vault {
  /** Absolute path of the vault file (it may not exist until the first write). */
  readonly path: string;
  /** Where the key came from; `'created'` when this open generated a new key file. */
  readonly keySource: VaultKeySource;
  /** Absolute path of the key file read or created, when the key came from one. */
  readonly keyFile: string | undefined;
  readonly #key: MasterKey;
  readonly #lockTimeout: number;
  readonly #keyHint: string;

  private constructor(
    path: string,
    key: MasterKey,
    source: VaultKeySource,
    keyFile: string,
    lockTimeout: number,
  ) {
    this.path = path;
    this.#key = key;
    this.keySource = source;
    this.keyFile = source === 'keyFile' || source === 'created' ? keyFile : undefined;
    this.#lockTimeout = lockTimeout;
    this.#keyHint = this.keyFile ? `${KEY_SOURCE_NAMES[source]} ${this.keyFile}` : KEY_SOURCE_NAMES[source];
  }

  /**
   * Opens (or prepares to create) a vault and checks the key against it. When the vault does not exist
   * and no key is configured anywhere, writes a random key to the key file (mode 0600). Throws
   * `PW2FA_VAULT_KEY_MISSING`, `PW2FA_VAULT_KEY_MISMATCH` or `PW2FA_VAULT_CORRUPT`.
   *
   * @example
   * const vault = await Vault.open({ path: 'e2e/vault.json', key: process.env.E2E_VAULT_KEY });
   */
  static async open(options: VaultOpenOptions = {}): Promise<Vault> {
    const lockTimeout = options.lockTimeout ?? DEFAULT_LOCK_TIMEOUT_MS;
    if (!Number.isFinite(lockTimeout) || lockTimeout < 0) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected `lockTimeout` to be a non-negative number of ms.',
      );
    }
    const settings = await resolveVaultSettings(options);
    // A writer killed mid-write left temp copies or its lock: clear them before they block or pile up.
    await cleanLeftovers(settings.path);
    await cleanLeftovers(settings.keyFile);
    await ignoreLeftovers(dirname(settings.path), { created: false });
    let key = settings.key;
    if (!key) {
      if (await exists(settings.path)) {
        throw new TwoFactorError(
          'PW2FA_VAULT_KEY_MISSING',
          `The vault ${settings.path} exists but no key for it was found. Looked in: ${settings.searched.join(', ')}. ` +
            'Set PW2FA_VAULT_KEY to the key the vault was created with.',
        );
      }
      const made = await createKeyFile(settings.keyFile);
      key = { value: made.key, source: made.created ? 'created' : 'keyFile' };
    }
    const vault = new Vault(
      settings.path,
      new MasterKey(key.value),
      key.source,
      settings.keyFile,
      lockTimeout,
    );
    await vault.#load(); // fail now, not at first use, on a wrong key or a damaged file
    return vault;
  }

  /**
   * Stores an authenticator under `label`, from an `otpauth://` URI or an {@link OtpAccount}. Adding to
   * an existing label replaces its secret (rotation after re-enrolment) and keeps its recovery codes
   * and data.
   *
   * @example
   * await vault.add('github', 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
   */
  async add(label: string, otpauthUriOrAccount: string | OtpAccount): Promise<VaultEntryInfo> {
    const name = normalizeLabel(label);
    const otp = toOtpAccount(otpauthUriOrAccount); // bad input fails before taking the lock
    return this.#transaction((vault) => {
      const current = vault.read(name);
      vault.write(
        name,
        { otp, recoveryCodes: current?.recoveryCodes ?? [], data: current?.data ?? {} },
        new Date(),
      );
      return requireInfo(vault, name);
    });
  }

  /**
   * The authenticator stored under `label`, secret included. Throws `PW2FA_UNKNOWN_ACCOUNT` (listing the
   * labels that exist) when there is none.
   *
   * @example
   * const { code } = generateCode(await vault.get('github'));
   */
  async get(label: string): Promise<OtpAccount> {
    const name = normalizeLabel(label);
    const vault = await this.#load();
    return requireOtp(vault, name, requireEntry(vault, name));
  }

  /**
   * Everything stored under `label` — secret, recovery codes and `data` — or `undefined`. Read without the
   * lock, like `get`: a whole snapshot, never a half-written file, and a missing vault is not created.
   *
   * @example
   * const passkeys = (await vault.entry('github'))?.data.passkeys;
   */
  async entry(label: string): Promise<VaultEntry | undefined> {
    const name = normalizeLabel(label);
    return (await this.#load()).read(name);
  }

  /**
   * Whether anything (authenticator, recovery codes or data) is stored under `label`.
   *
   * @example
   * if (!(await vault.has('github'))) await vault.add('github', uri);
   */
  async has(label: string): Promise<boolean> {
    const name = normalizeLabel(label);
    return (await this.#load()).has(name);
  }

  /**
   * Secret-free summaries of every entry, sorted by label. Safe to print.
   *
   * @example
   * console.table(await vault.list());
   */
  async list(): Promise<VaultEntryInfo[]> {
    const vault = await this.#load();
    return vault.labels().map((label) => requireInfo(vault, label));
  }

  /**
   * Like {@link Vault.list}, but an entry that does not decrypt (damaged, or sealed under another key)
   * is named in `broken` instead of failing the whole listing. Safe to print.
   *
   * @example
   * const { entries, broken } = await vault.listReadable();
   * for (const { label, message } of broken) console.error(message);
   */
  async listReadable(): Promise<{ entries: VaultEntryInfo[]; broken: BrokenEntry[] }> {
    const vault = await this.#load();
    const entries: VaultEntryInfo[] = [];
    const broken: BrokenEntry[] = [];
    for (const label of vault.labels()) {
      try {
        entries.push(requireInfo(vault, label));
      } catch (error) {
        if (!(error instanceof TwoFactorError) || error.code !== 'PW2FA_VAULT_CORRUPT') throw error;
        broken.push({ label, message: error.message });
      }
    }
    return { entries, broken };
  }

  /**
   * Deletes everything stored under `label`; `false` when there was nothing. Works on an entry that no
   * longer decrypts, so a damaged entry can be removed on purpose.
   *
   * @example
   * await vault.remove('old-account');
   */
  async remove(label: string): Promise<boolean> {
    const name = normalizeLabel(label);
    return this.#transaction((vault) => vault.delete(name));
  }

  /**
   * Generates the HOTP code for the stored counter and persists counter + 1 in one locked step, so no
   * two callers (in any process) ever get the same counter. Returns the counter the code was made for.
   *
   * @example
   * const { code, counter } = await vault.nextHotp('bank');
   */
  async nextHotp(label: string): Promise<{ code: string; counter: number }> {
    const name = normalizeLabel(label);
    return this.#transaction((vault) => {
      const entry = requireEntry(vault, name);
      const otp = requireOtp(vault, name, entry);
      if (otp.type !== 'hotp') {
        throw new TwoFactorError(
          'PW2FA_BAD_OPTION',
          `${JSON.stringify(name)} is a TOTP authenticator, which has no counter. ` +
            'Use generateCode(await vault.get(label)) for time-based codes.',
        );
      }
      const { code } = generateCode(otp);
      vault.write(name, { ...entry, otp: { ...otp, counter: otp.counter + 1 } }, new Date());
      return { code, counter: otp.counter };
    });
  }

  /**
   * Adds recovery (backup) codes to `label`, creating the entry if needed. Codes are trimmed; blanks and
   * codes already stored are skipped. Returns how many unused codes the label now holds.
   *
   * @example
   * await vault.addRecoveryCodes('github', ['a1b2c-3d4e5', 'f6g7h-8i9j0']); // 2
   */
  async addRecoveryCodes(label: string, codes: readonly string[]): Promise<number> {
    const name = normalizeLabel(label);
    const fresh = cleanRecoveryCodes(codes);
    return this.#transaction((vault) => {
      const entry = vault.read(name) ?? { recoveryCodes: [], data: {} };
      const merged = [...new Set([...entry.recoveryCodes, ...fresh])];
      if (merged.length !== entry.recoveryCodes.length) {
        vault.write(name, { ...entry, recoveryCodes: merged }, new Date());
      }
      return merged.length;
    });
  }

  /**
   * Consumes one recovery code: it is removed from the vault before being returned, under the lock, so
   * each code is handed out once across all processes. Throws `PW2FA_NO_RECOVERY_CODE` when none are left.
   *
   * @example
   * const { code, remaining } = await vault.takeRecoveryCode('github');
   */
  async takeRecoveryCode(label: string): Promise<{ code: string; remaining: number }> {
    const name = normalizeLabel(label);
    return this.#transaction((vault) => {
      const entry = requireEntry(vault, name);
      const [code, ...rest] = entry.recoveryCodes;
      if (code === undefined) {
        throw new TwoFactorError(
          'PW2FA_NO_RECOVERY_CODE',
          `No recovery codes left for ${JSON.stringify(name)} in ${this.path}. Generate new ones on the site ` +
            'and store them with vault.addRecoveryCodes(label, codes).',
        );
      }
      vault.write(name, { ...entry, recoveryCodes: rest }, new Date());
      return { code, remaining: rest.length };
    });
  }

  /**
   * Atomic read-modify-write of one entry under the lock. The callback gets a copy of the entry
   * (`undefined` when absent) and returns the entry to store, `undefined` to store the copy as mutated,
   * or `null` to delete it. Nothing is written when the entry comes back unchanged. Resolves to the
   * stored entry, or `undefined` when there is none afterwards.
   *
   * @example
   * await vault.update('github', (entry) => ({ recoveryCodes: [], ...entry, data: { ...entry?.data, passkey } }));
   */
  async update(label: string, updater: VaultUpdater): Promise<VaultEntry | undefined> {
    const name = normalizeLabel(label);
    if (typeof updater !== 'function') {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected `update` to be given a function (entry) => entry.',
      );
    }
    return this.#transaction(async (vault) => {
      const current = vault.read(name);
      const draft = current === undefined ? undefined : structuredClone(current);
      const returned = await updater(draft);
      if (returned === null) {
        vault.delete(name);
        return undefined;
      }
      const next = returned ?? draft;
      if (next === undefined) return undefined;
      const parsed = vaultEntrySchema.safeParse(next);
      if (!parsed.success) {
        const fields = [
          ...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(top level)')),
        ];
        throw new TwoFactorError(
          'PW2FA_BAD_OPTION',
          `The update for ${JSON.stringify(name)} returned an invalid entry (check ${fields.join(', ')}); ` +
            'nothing was written. An entry is { otp?, recoveryCodes: string[], data: { ...JSON } }.',
        );
      }
      const { otp, recoveryCodes, data } = parsed.data;
      const entry: VaultEntry = otp ? { otp, recoveryCodes, data } : { recoveryCodes, data };
      if (current === undefined || JSON.stringify(entry) !== JSON.stringify(current)) {
        vault.write(name, entry, new Date());
      }
      return structuredClone(entry);
    });
  }

  /** Reads the current file without locking: rename-on-write means it is always a whole snapshot. */
  async #load(): Promise<UnlockedVault> {
    return unlockVaultFile(this.path, await readVaultFile(this.path), this.#key, {
      create: false,
      keyHint: this.#keyHint,
    });
  }

  /** Locks, re-reads (another process may have written since our last read), applies, writes if changed. */
  async #transaction<T>(change: (vault: UnlockedVault) => T | Promise<T>): Promise<T> {
    return withVaultLock(
      this.path,
      async (lock) => {
        const vault = await unlockVaultFile(this.path, await readVaultFile(this.path), this.#key, {
          create: true,
          keyHint: this.#keyHint,
        });
        const result = await change(vault);
        if (vault.dirty) await writeVaultFile(this.path, vault.file, { beforeCommit: lock.assertHeld });
        return result;
      },
      { timeout: this.#lockTimeout },
    );
  }
}
