/** Per-user security state the site keeps between sign-ins, in memory, for one running site. */
export interface UserState {
  /** HOTP: the next counter value the site expects. */
  hotpCounter: number;
  /** TOTP: the last time step accepted (RFC 6238 §5.2: a code is accepted once). -1 before the first. */
  lastTotpStep: number;
  /** Normalised recovery codes already spent. */
  readonly usedRecoveryCodes: Set<string>;
  /** Set by the set-up page: replaces the account's fixed secret for later sign-ins. */
  enrolled?: { otpauth: string; recoveryCodes: readonly string[] };
}

/**
 * Users keyed by the username as typed (lower-cased), so `hotp+a@example.test` and `hotp+b@example.test`
 * keep separate counters while sharing one password.
 *
 * @example
 * const user = users.get(session.username);
 * user.hotpCounter = matched + 1;
 */
export class UserStore {
  readonly #users = new Map<string, UserState>();

  get(username: string): UserState {
    let user = this.#users.get(username);
    if (!user) {
      user = { hotpCounter: 0, lastTotpStep: -1, usedRecoveryCodes: new Set() };
      this.#users.set(username, user);
    }
    return user;
  }
}

/** `Demo+Run1@Example.test` → `demo@example.test`: the account an address belongs to. */
export function baseAddress(username: string): string {
  const lower = username.trim().toLowerCase();
  const at = lower.indexOf('@');
  const local = at === -1 ? lower : lower.slice(0, at);
  const domain = at === -1 ? '' : lower.slice(at);
  const plus = local.indexOf('+');
  return (plus === -1 ? local : local.slice(0, plus)) + domain;
}
