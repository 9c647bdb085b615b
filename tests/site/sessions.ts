import { randomBytes } from 'node:crypto';
import type { VariantName } from './accounts.js';
import type { SiteRequest } from './router.js';

export const SESSION_COOKIE = 'demo_session';

export interface Session {
  readonly id: string;
  /** As typed at sign-in, lower-cased: `totp+run1@example.test` keeps its tag. */
  readonly username: string;
  readonly variant: VariantName;
  stage: 'second-factor' | 'signed-in';
  /** `retry` variant: the first correct code of this sign-in was already turned away. */
  rejectedOnce?: boolean;
  /** `email` variant: the code sent for this sign-in. */
  emailCode?: { code: string; expiresAt: number };
  smsCode?: { code: string; expiresAt: number };
  /** Set-up page: the secret shown, until the user confirms a code for it. */
  pendingSecret?: string;
}

/**
 * In-memory sessions keyed by a random cookie value. A sign-in always starts a new session (no fixation).
 *
 * @example
 * const session = sessions.create('totp@example.test', 'totp');
 * return redirect('/2fa/totp', { 'set-cookie': sessions.cookie(session) });
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  create(username: string, variant: VariantName, stage: Session['stage'] = 'second-factor'): Session {
    const session: Session = { id: randomBytes(18).toString('base64url'), username, variant, stage };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(request: SiteRequest): Session | undefined {
    const id = request.cookies[SESSION_COOKIE];
    return id ? this.#sessions.get(id) : undefined;
  }

  byId(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  destroy(session: Session): void {
    this.#sessions.delete(session.id);
  }

  cookie(session: Session): string {
    return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax`;
  }

  clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  }
}
