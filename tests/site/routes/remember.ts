import { randomBytes } from 'node:crypto';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { STRINGS } from '../i18n.js';
import { singleField } from '../prompts.js';
import { htmlResponse, type Router, redirect, type SiteRequest, type SiteResponse } from '../router.js';
import { verifyAppCode } from '../verification.js';

/** The long-lived cookie a ticked "Trust this device" box earns, GitHub/Google style. */
export const TRUSTED_DEVICE_COOKIE = 'trusted_device';
const TRUST_DAYS = 30;

function promptPage(error?: string): SiteResponse {
  const t = STRINGS.en;
  return htmlResponse(
    page({
      title: t.promptTitle,
      body: html`<h1>${t.promptTitle}</h1>
<p class="lead">Enter the 6-digit code from your authenticator app.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/2fa/remember" class="stack">
${singleField(t, 6)}
<label class="check"><input type="checkbox" name="trust_device"> Trust this device for ${TRUST_DAYS} days</label>
<label class="check"><input type="checkbox" name="product_news"> Send me product news and offers</label>
<button type="submit" class="button">${t.verify}</button>
</form>`,
    }),
  );
}

/**
 * The `remember` variant: an authenticator prompt with "Trust this device for 30 days". Ticking it sets
 * a `trusted_device` cookie (30 days); a later sign-in of the same user that carries it skips the prompt.
 * An unrelated "Send me product news and offers" box sits beside it, for tools that must leave it alone.
 */
export function registerRememberRoutes(router: Router, ctx: SiteContext): void {
  const trusted = new Map<string, string>(); // cookie value → username it was issued to
  const waiting = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'second-factor' && session.variant === 'remember' ? session : undefined;
  };

  router
    .get('/2fa/remember', (request) => {
      const session = waiting(request);
      if (!session) return redirect('/login/remember');
      const token = request.cookies[TRUSTED_DEVICE_COOKIE];
      if (token && trusted.get(token) === session.username) {
        session.stage = 'signed-in';
        return redirect('/home');
      }
      return promptPage();
    })
    .post('/2fa/remember', async (request) => {
      const session = waiting(request);
      if (!session) return redirect('/login/remember');
      const form = await request.form();
      const verdict = verifyAppCode(ctx.users, session, form.code ?? '');
      if (verdict !== 'ok') return promptPage(STRINGS.en.invalidCode);
      session.stage = 'signed-in';
      if (form.trust_device !== 'on') return redirect('/home');
      const token = randomBytes(18).toString('base64url');
      trusted.set(token, session.username);
      const maxAge = TRUST_DAYS * 24 * 60 * 60;
      return redirect('/home', {
        'set-cookie': `${TRUSTED_DEVICE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`,
      });
    });
}
