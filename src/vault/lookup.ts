import { TwoFactorError } from '../errors.js';
import type { OtpAccount } from '../otp/account.js';
import type { VaultEntry, VaultEntryInfo } from './entry.js';
import type { UnlockedVault } from './unlocked.js';

/**
 * Finding an entry by label, and the errors when it is not there. Labels are not secret, so the
 * message lists the ones that exist: a typo is then obvious from the error alone.
 */

/** How many labels an "unknown label" message lists before summarising the rest. */
const LABELS_SHOWN = 20;
const HOW_TO_ADD = 'Add one with vault.add(label, otpauthUri) or `pw2fa add <label> --uri <otpauth>`.';

/**
 * The `PW2FA_UNKNOWN_ACCOUNT` error for a label that is not in the vault: lists the labels that are,
 * and points out a match that differs only in case.
 *
 * @example
 * throw unknownLabel(unlocked, 'GitHub'); // … Did you mean "github"? …
 */
export function unknownLabel(vault: UnlockedVault, label: string): TwoFactorError {
  const labels = vault.labels();
  if (labels.length === 0) {
    return new TwoFactorError(
      'PW2FA_UNKNOWN_ACCOUNT',
      `No entry ${JSON.stringify(label)}: the vault ${vault.path} is empty. ${HOW_TO_ADD}`,
    );
  }
  const lower = label.toLowerCase();
  const near = labels.find((known) => known.toLowerCase() === lower);
  const shown = labels.slice(0, LABELS_SHOWN).map((known) => JSON.stringify(known));
  const more = labels.length > LABELS_SHOWN ? ` and ${labels.length - LABELS_SHOWN} more` : '';
  return new TwoFactorError(
    'PW2FA_UNKNOWN_ACCOUNT',
    `No entry ${JSON.stringify(label)} in the vault ${vault.path}.` +
      (near ? ` Did you mean ${JSON.stringify(near)}? Labels are case-sensitive.` : '') +
      ` Known labels: ${shown.join(', ')}${more}.`,
  );
}

/**
 * The decrypted entry under `label`, or `PW2FA_UNKNOWN_ACCOUNT`.
 *
 * @example
 * const entry = requireEntry(unlocked, 'github');
 */
export function requireEntry(vault: UnlockedVault, label: string): VaultEntry {
  const entry = vault.read(label);
  if (!entry) throw unknownLabel(vault, label);
  return entry;
}

/**
 * The secret-free summary of the entry under `label`, or `PW2FA_UNKNOWN_ACCOUNT`.
 *
 * @example
 * const infos = unlocked.labels().map((label) => requireInfo(unlocked, label));
 */
export function requireInfo(vault: UnlockedVault, label: string): VaultEntryInfo {
  const info = vault.info(label);
  if (!info) throw unknownLabel(vault, label);
  return info;
}

/**
 * The authenticator of an entry. An entry holding only a passkey or recovery codes is, for code
 * generation, an unknown account: `PW2FA_UNKNOWN_ACCOUNT`, saying what the entry does hold.
 *
 * @example
 * const otp = requireOtp(unlocked, 'github', requireEntry(unlocked, 'github'));
 */
export function requireOtp(vault: UnlockedVault, label: string, entry: VaultEntry): OtpAccount {
  if (entry.otp) return entry.otp;
  const dataKeys = Object.keys(entry.data).sort();
  const holds = [
    entry.recoveryCodes.length > 0 ? `${entry.recoveryCodes.length} recovery code(s)` : '',
    dataKeys.length > 0 ? `data (${dataKeys.join(', ')})` : '',
  ].filter(Boolean);
  throw new TwoFactorError(
    'PW2FA_UNKNOWN_ACCOUNT',
    `${JSON.stringify(label)} in ${vault.path} has no authenticator secret` +
      (holds.length > 0 ? ` (it holds only ${holds.join(' and ')})` : '') +
      `. ${HOW_TO_ADD}`,
  );
}
