import type { Coordinator } from '../coordination/coordinator.js';
import { takeTotpTurn } from '../coordination/totp-turn.js';
import { TwoFactorError } from '../errors.js';
import { freshCode } from '../otp/freshness.js';
import type { Vault } from '../vault/vault.js';
import type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';

export interface VaultSourceOptions {
  vault: Vault;
  /** Vault label of the account to log into. */
  label: string;
  /** Wait for a new window when less than this is left of the current one (default 3 s). */
  minRemainingMs?: number;
  /**
   * Hands each TOTP window of this account to one login across workers and machines (sites that refuse
   * a reused code). Without it, codes are generated with no regard for other workers.
   */
  coordinator?: () => Promise<Coordinator>;
}

/** A recovery code from the vault, with how many were left right after it was taken (under the lock). */
export interface RecoveryCodeReceived extends ReceivedCode {
  recoveryCodesLeft: number;
}

/**
 * How many recovery codes the vault held right after handing out this one, or `undefined` when the code
 * did not come from the vault's recovery codes. For the "few codes left" warning.
 *
 * @example
 * const left = recoveryCodesLeft(await source.waitForCode({ kind: 'recovery', since, signal }));
 */
export function recoveryCodesLeft(received: ReceivedCode): number | undefined {
  const left = (received as Partial<RecoveryCodeReceived>).recoveryCodesLeft;
  return typeof left === 'number' ? left : undefined;
}

/**
 * Answers authenticator prompts from the encrypted vault: TOTP codes fresh enough to survive typing,
 * HOTP codes with the counter advanced atomically, and recovery codes consumed exactly once.
 *
 * @example
 * const source = new VaultSource({ vault, label: 'github' });
 * const { code } = await source.waitForCode({ kind: 'totp', since: Date.now(), signal });
 */
export class VaultSource implements CodeSource {
  readonly name: string;
  readonly #options: VaultSourceOptions;

  constructor(options: VaultSourceOptions) {
    this.#options = options;
    this.name = `vault:${options.label}`;
  }

  accepts(kind: CodeKind): boolean {
    return kind === 'totp' || kind === 'code' || kind === 'recovery';
  }

  async waitForCode(request: CodeRequest): Promise<ReceivedCode> {
    const { vault, label } = this.#options;
    if (!this.accepts(request.kind)) {
      throw new TwoFactorError(
        'PW2FA_NO_SOURCE',
        `The vault cannot answer a ${request.kind} prompt for ${label}.`,
      );
    }
    if (request.kind === 'recovery') {
      const { code, remaining } = await vault.takeRecoveryCode(label);
      const received: RecoveryCodeReceived = {
        code,
        source: `${this.name} (recovery code)`,
        receivedAt: Date.now(),
        recoveryCodesLeft: remaining,
      };
      return received;
    }
    const account = await vault.get(label);
    if (account.type === 'hotp') {
      const { code } = await vault.nextHotp(label);
      return { code, source: this.name, receivedAt: Date.now() };
    }
    const timing = {
      signal: request.signal,
      ...(this.#options.minRemainingMs !== undefined ? { minRemainingMs: this.#options.minRemainingMs } : {}),
      // After a rejection the site may refuse any code of that window again: move on to the next.
      ...(request.rejected?.window !== undefined ? { afterWindow: request.rejected.window } : {}),
    };
    if (this.#options.coordinator) {
      const turn = await takeTotpTurn({ coordinator: await this.#options.coordinator(), account, ...timing });
      return {
        code: turn.code,
        source: this.name,
        receivedAt: Date.now(),
        window: turn.window,
        release: turn.release,
      };
    }
    const fresh = await freshCode(account, timing);
    return { code: fresh.code, source: this.name, receivedAt: Date.now(), window: fresh.window };
  }
}
