import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { STRINGS } from '../i18n.js';
import { htmlResponse, jsonResponse, type Router, redirect, type SiteRequest } from '../router.js';
import { verifyAppCode } from '../verification.js';
import { authenticate } from './login.js';

const t = STRINGS.en;

function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/**
 * The single-page app: `/login/spa` and `/login/spa/verify` serve one shell; /assets/spa.js renders the
 * login and 2FA views and swaps them with `history.pushState`, talking JSON to `/api/spa/*`.
 */
export function registerSpaRoutes(router: Router, ctx: SiteContext): void {
  const shell = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    const stage = session?.variant === 'spa' ? session.stage : 'none';
    return htmlResponse(
      page({
        title: 'Sign in',
        scripts: ['spa'],
        bodyData: { stage },
        body: html`<div id="app" aria-live="polite"><p class="muted">Loading…</p></div>`,
      }),
    );
  };
  // A browser without JavaScript that POSTs the login form lands on the shell's 2FA view.
  ctx.challenges.set('spa', () => redirect('/login/spa/verify'));

  router
    .get('/login/spa', shell)
    .get('/login/spa/verify', shell)
    .post('/api/spa/login', async (request) => {
      const body = await request.json();
      const username = authenticate('spa', field(body, 'username'), field(body, 'password'));
      if (!username) return jsonResponse({ error: t.badPassword }, 401);
      const previous = ctx.sessions.get(request);
      if (previous) ctx.sessions.destroy(previous);
      const session = ctx.sessions.create(username, 'spa');
      return jsonResponse({ next: 'verify' }, 200, { 'set-cookie': ctx.sessions.cookie(session) });
    })
    .post('/api/spa/verify', async (request) => {
      const session = ctx.sessions.get(request);
      if (session?.variant !== 'spa' || session.stage !== 'second-factor') {
        return jsonResponse({ error: 'Your sign-in expired. Start again.' }, 401);
      }
      const code = field(await request.json(), 'code');
      if (verifyAppCode(ctx.users, session, code) !== 'ok')
        return jsonResponse({ error: t.invalidCode }, 400);
      session.stage = 'signed-in';
      return jsonResponse({ username: session.username });
    });
}
