import { createHash } from 'node:crypto';
import { TwoFactorError } from '../errors.js';
import { normalizeLabel } from '../vault/entry.js';
import { withVaultLock } from '../vault/file-store.js';
import type { Vault } from '../vault/vault.js';

/**
 * One passkey login per account at a time, across the processes sharing a vault. Counters are reserved
 * in increasing order, but a site checks them in the order assertions arrive: a worker that reserved 7
 * and asserts after a worker that reserved 8 is refused. Holding this turn from reservation until the
 * site answered keeps both orders the same. It is a lock file beside the vault (`<vault>.passkey-<hash>`),
 * so it covers every worker on this machine, and machines that share the vault file; a coordinator
 * lease (Redis) could take its place for machines with separate copies.
 */

/**
 * Runs `body` while holding the passkey turn of `label`, waiting up to `timeout` ms for other logins to
 * finish. Throws `PW2FA_VAULT_LOCKED` when the wait runs out.
 *
 * @example
 * await withPasskeyTurn(vault, 'github', async () => { ... assert ... }, { timeout: 60_000 });
 */
export async function withPasskeyTurn<T>(
  vault: Vault,
  label: string,
  body: () => Promise<T>,
  opts: { timeout: number },
): Promise<T> {
  // A hash, not the label: labels are user text and must not shape a path.
  const hash = createHash('sha256').update(normalizeLabel(label)).digest('hex').slice(0, 16);
  const path = `${vault.path}.passkey-${hash}`;
  let started = false;
  try {
    return await withVaultLock(
      path,
      () => {
        started = true;
        return body();
      },
      { timeout: opts.timeout },
    );
  } catch (error) {
    if (started || !(error instanceof TwoFactorError) || error.code !== 'PW2FA_VAULT_LOCKED') throw error;
    throw new TwoFactorError(
      'PW2FA_VAULT_LOCKED',
      `Another login kept using the passkey for ${JSON.stringify(label)} for ${Math.round(opts.timeout / 1000)} s ` +
        `(lock ${path}.lock). If no login is running, delete that directory; a crashed process's lock is ` +
        'taken over after 10 s.',
      { cause: error },
    );
  }
}
