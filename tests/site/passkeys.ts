import type { WebAuthnCredential } from '@simplewebauthn/server';

/** One passkey a user registered: what a relying party keeps (never a private key). */
export interface DemoPasskey {
  readonly credential: WebAuthnCredential;
  readonly createdAt: Date;
}

/** What a WebAuthn ceremony of one session is waiting to have signed. */
interface PendingChallenge {
  readonly purpose: 'register' | 'sign-in';
  readonly challenge: string;
  readonly expiresAt: number;
}

/** simplewebauthn's default ceremony timeout: a challenge older than this is refused. */
const CHALLENGE_TTL_MS = 60_000;

/**
 * Passkeys per user (keyed by the username as typed, so plus-addressed test users are separate) and the
 * open challenge per session, in memory for one running site.
 *
 * @example
 * const store = new PasskeyStore();
 * store.add('passkey+a@example.test', credential);
 * store.find('passkey+a@example.test', credential.id)?.credential.counter // 0
 */
export class PasskeyStore {
  readonly #byUser = new Map<string, DemoPasskey[]>();
  readonly #challenges = new Map<string, PendingChallenge>();

  list(username: string): readonly DemoPasskey[] {
    return this.#byUser.get(username) ?? [];
  }

  add(username: string, credential: WebAuthnCredential): void {
    this.#byUser.set(username, [...this.list(username), { credential, createdAt: new Date() }]);
  }

  find(username: string, id: string): DemoPasskey | undefined {
    return this.list(username).find((passkey) => passkey.credential.id === id);
  }

  /** Keeps the counter the last accepted assertion reported: the next one must be greater. */
  setCounter(username: string, id: string, counter: number): void {
    const passkeys = this.list(username).map((passkey) =>
      passkey.credential.id === id ? { ...passkey, credential: { ...passkey.credential, counter } } : passkey,
    );
    this.#byUser.set(username, passkeys);
  }

  remove(username: string, id: string): boolean {
    const before = this.list(username);
    const after = before.filter((passkey) => passkey.credential.id !== id);
    this.#byUser.set(username, after);
    return after.length !== before.length;
  }

  openChallenge(sessionId: string, purpose: PendingChallenge['purpose'], challenge: string): void {
    this.#challenges.set(sessionId, { purpose, challenge, expiresAt: Date.now() + CHALLENGE_TTL_MS });
  }

  /** The session's open challenge for `purpose`, consumed: each challenge is answered once. */
  takeChallenge(sessionId: string, purpose: PendingChallenge['purpose']): string | undefined {
    const pending = this.#challenges.get(sessionId);
    this.#challenges.delete(sessionId);
    if (!pending || pending.purpose !== purpose || pending.expiresAt < Date.now()) return undefined;
    return pending.challenge;
  }
}
