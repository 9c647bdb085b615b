import type { Coordinator } from '../coordination/coordinator.js';
import { takeTotpTurn } from '../coordination/totp-turn.js';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
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
  /**
   * Told when a login has to wait for this account's TOTP turn (other logins hold the window): `start`
   * once the wait is noticeable, `waiting` every 15 s, `end` when the turn came. Fixtures extend the test's
   * timeout by this time; progress output prints it.
   */
  onTurnWait?: (wait: TurnWait) => void;
}

/** One report about a wait for the account's TOTP turn. */
export interface TurnWait {
  state: 'start' | 'waiting' | 'end';
  /** `turn`: other logins into the account hold the windows; `window`: only the clock (a fresh or a later window). */
  reason: 'turn' | 'window';
  waitedMs: number;
  /** Place in the coordinator's queue (1 = next), when it tells. */
  position?: number;
}

/** A turn granted this fast is not worth reporting (the usual, uncontended case). */
const NOTICEABLE_WAIT_MS = 250;
const TURN_REPORT_EVERY_MS = 15_000;

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
      const coordinator = await this.#options.coordinator();
      // After a rejection the wait is for a later window of our own; otherwise for other logins to finish.
      const reason = request.rejected ? 'window' : 'turn';
      const turn = await this.#reportingWait(
        reason,
        () => (queue) => takeTotpTurn({ ...queue, coordinator, account, ...timing }),
      );
      return {
        code: turn.code,
        source: this.name,
        receivedAt: Date.now(),
        window: turn.window,
        release: turn.release,
      };
    }
    const fresh = await this.#reportingWait('window', () => () => freshCode(account, timing));
    return { code: fresh.code, source: this.name, receivedAt: Date.now(), window: fresh.window };
  }

  /**
   * Runs a wait for a window, telling `onTurnWait` how long it takes, and rewords an aborted wait: the usual
   * cause is a test timeout while many tests took turns at one account, and the fix is to log in once.
   */
  async #reportingWait<T>(
    reason: TurnWait['reason'],
    make: () => (queue: QueueOptions) => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    const report = this.#options.onTurnWait;
    let position: number | undefined;
    let reported = false;
    const tell = (state: TurnWait['state']) => {
      reported = true;
      report?.({
        state,
        reason,
        waitedMs: Date.now() - started,
        ...(position !== undefined ? { position } : {}),
      });
    };
    const first = setTimeout(() => tell('start'), NOTICEABLE_WAIT_MS);
    const ticker = setInterval(() => tell('waiting'), TURN_REPORT_EVERY_MS);
    // THE place where the coordinator's queue position comes in: `takeTotpTurn` calls `onWait` with it
    // (fair-queue coordinators); older coordinators ignore the option and lines print without a position.
    const queue: QueueOptions = {
      onWait: (wait) => {
        position = wait.position;
      },
    };
    try {
      return await make()(queue);
    } catch (error) {
      if (error instanceof TwoFactorAbortError) {
        throw new TwoFactorAbortError(
          `Waiting for a free TOTP window for ${this.#options.label} was aborted after ${Math.round((Date.now() - started) / 1000)} s. ` +
            'Logins into one account take turns, one per window; when many tests each log in, log in once ' +
            'and share the signed-in state with the `twoFactorSession` fixture option.',
          { cause: error },
        );
      }
      throw error;
    } finally {
      clearTimeout(first);
      clearInterval(ticker);
      if (reported) tell('end');
    }
  }
}

/** What `takeTotpTurn` may be told about its queue; see `#reportingWait`. */
interface QueueOptions {
  onWait?: (wait: { position: number; waitedMs: number }) => void;
}
