import { z } from 'zod';
import { TwoFactorError } from '../errors.js';
import type { VaultEntry } from '../vault/entry.js';
import type { Vault } from '../vault/vault.js';

/**
 * Passkeys in the vault: each account label keeps its passkeys under `data.passkeys`, one per relying
 * party id, encrypted with the rest of the entry. `vault.list()` shows only the key name `passkeys`.
 */

/**
 * A WebAuthn credential with its private key, in Playwright's `browserContext.credentials` shape:
 * ids, keys and user handle base64url, keys DER (PKCS#8 private, SPKI public).
 *
 * @example
 * const credential: PasskeyCredential = (await context.credentials.get({ rpId: 'example.com' }))[0];
 */
export type PasskeyCredential = {
  id: string;
  rpId: string;
  userHandle: string;
  privateKey: string;
  publicKey: string;
  /** The signature counter: the next assertion reports `signCount + 1`. */
  signCount: number;
};

/**
 * A passkey as the vault keeps it. `signCount` is the highest counter any copy may have reported, so a
 * copy seeded later starts above it.
 *
 * @example
 * const stored: StoredPasskey = { ...credential, createdAt: new Date().toISOString() };
 */
export type StoredPasskey = PasskeyCredential & { createdAt: string };

/** The `data` key passkeys live under. */
export const PASSKEYS_KEY = 'passkeys';

/** Largest WebAuthn signature counter (32-bit unsigned). */
const MAX_SIGN_COUNT = 0xffff_ffff;

const storedPasskeySchema = z.strictObject({
  id: z.base64url().min(1),
  rpId: z.string().min(1),
  userHandle: z.base64url(),
  privateKey: z.base64url().min(1),
  publicKey: z.base64url().min(1),
  signCount: z.int().min(0).max(MAX_SIGN_COUNT),
  createdAt: z.iso.datetime(),
});

const passkeysSchema = z.record(z.string(), storedPasskeySchema);

function parsePasskeys(label: string, value: unknown): Record<string, StoredPasskey> {
  if (value === undefined) return {};
  const parsed = passkeysSchema.safeParse(value);
  if (!parsed.success) {
    // Only field paths: the values are key material.
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new TwoFactorError(
      'PW2FA_VAULT_CORRUPT',
      `The passkeys stored for ${JSON.stringify(label)} are malformed (check data.passkeys.${fields}). ` +
        'Register the passkey again with twoFactor.enrollPasskey({ label }).',
    );
  }
  return parsed.data;
}

/**
 * Seconds since 2024-01-01 UTC: a floor for handed-out counters. Copies of the vault on different
 * machines do not see each other's reservations, but their clocks agree well enough that a later login
 * still reports a larger counter than an earlier one. 32 bits of seconds last until 2160.
 *
 * @example
 * clockFloor(Date.UTC(2024, 0, 1, 0, 1)) // 60
 */
export function clockFloor(now: number): number {
  const seconds = Math.floor((now - Date.UTC(2024, 0, 1)) / 1000);
  return Math.min(MAX_SIGN_COUNT - 1, Math.max(0, seconds));
}

/**
 * The passkeys stored under `label` (private keys included), newest rpId last; `[]` when there are none.
 * Reads without writing, so a missing label does not create a vault file.
 *
 * @example
 * const passkeys = await loadPasskeys(vault, 'github');
 */
export async function loadPasskeys(vault: Vault, label: string): Promise<StoredPasskey[]> {
  const entry = await vault.entry(label);
  return Object.values(parsePasskeys(label, entry?.data[PASSKEYS_KEY]));
}

/**
 * Stores a newly registered passkey under `label`, replacing an older one for the same rpId. The
 * entry's authenticator secret, recovery codes and other data stay as they are.
 *
 * @example
 * await storePasskey(vault, 'github', credential);
 */
export async function storePasskey(
  vault: Vault,
  label: string,
  credential: PasskeyCredential,
): Promise<void> {
  await vault.update(label, (entry): VaultEntry => {
    const current = entry ?? { recoveryCodes: [], data: {} };
    const passkeys = parsePasskeys(label, current.data[PASSKEYS_KEY]);
    const { id, rpId, userHandle, privateKey, publicKey, signCount } = credential;
    passkeys[rpId] = {
      id,
      rpId,
      userHandle,
      privateKey,
      publicKey,
      signCount,
      createdAt: new Date().toISOString(),
    };
    return { ...current, data: { ...current.data, [PASSKEYS_KEY]: passkeys } };
  });
}

/**
 * Hands out the next signature counter of each stored passkey of `label` (those `wanted` accepts), in
 * one locked step: the returned credentials carry the counter to seed, which is above every counter
 * handed out before (in any process sharing the vault), above `held` (what an authenticator copy has
 * reached) and above {@link clockFloor}. The vault keeps `seed + 1`, the value the assertion reports.
 *
 * @example
 * const toSeed = await reserveSignCounts(vault, 'github', { held: new Map(), now: Date.now() });
 */
export async function reserveSignCounts(
  vault: Vault,
  label: string,
  opts: { held: ReadonlyMap<string, number>; now: number; wanted?: (passkey: StoredPasskey) => boolean },
): Promise<PasskeyCredential[]> {
  const reserved: PasskeyCredential[] = [];
  await vault.update(label, (entry) => {
    if (!entry) return undefined;
    const passkeys = parsePasskeys(label, entry.data[PASSKEYS_KEY]);
    for (const passkey of Object.values(passkeys)) {
      if (opts.wanted && !opts.wanted(passkey)) continue;
      const seed = Math.min(
        MAX_SIGN_COUNT - 1,
        Math.max(passkey.signCount, opts.held.get(passkey.id) ?? 0, clockFloor(opts.now)),
      );
      passkey.signCount = seed + 1;
      const { createdAt: _, ...credential } = passkey;
      reserved.push({ ...credential, signCount: seed });
    }
    return { ...entry, data: { ...entry.data, [PASSKEYS_KEY]: passkeys } };
  });
  return reserved;
}

/**
 * Keeps the counters an authenticator reached (after a login) where they exceed the stored ones.
 *
 * @example
 * await recordSignCounts(vault, 'github', await authenticator.list());
 */
export async function recordSignCounts(
  vault: Vault,
  label: string,
  seen: readonly PasskeyCredential[],
): Promise<void> {
  const counts = new Map(seen.map((credential) => [credential.id, credential.signCount]));
  await vault.update(label, (entry) => {
    if (!entry) return undefined;
    const passkeys = parsePasskeys(label, entry.data[PASSKEYS_KEY]);
    for (const passkey of Object.values(passkeys)) {
      passkey.signCount = Math.max(passkey.signCount, counts.get(passkey.id) ?? 0);
    }
    return { ...entry, data: { ...entry.data, [PASSKEYS_KEY]: passkeys } };
  });
}
