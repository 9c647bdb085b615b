import type { VariantName } from './accounts.js';
import type { Mailer } from './mailer.js';
import type { SiteResponse } from './router.js';
import type { Session, SessionStore } from './sessions.js';
import type { UserStore } from './users.js';

/** What every route module of one running site shares. */
export interface SiteContext {
  readonly sessions: SessionStore;
  readonly users: UserStore;
  /** `main` serves the site; `alt` is the second origin that serves the cross-origin 2FA frame. */
  readonly origins: { readonly main: string; readonly alt: string };
  /** `null` when the site was started without `smtp`: the email variants then explain what is missing. */
  readonly mailer: Mailer | null;
  /** Where the `sms` variant's "phone" forwards texts (a push relay); `null` when not configured. */
  readonly smsForwarder: { readonly url: string; readonly apiKey: string } | null;
  /**
   * What happens right after a correct password, per variant (send an email, ask for set-up …); variants
   * without an entry go to their prompt at `/2fa/<variant>`. Route modules register their own.
   */
  readonly challenges: Map<VariantName, Challenge>;
}

export type Challenge = (session: Session) => SiteResponse | Promise<SiteResponse>;
