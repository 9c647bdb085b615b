import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { STRINGS } from '../i18n.js';
import { promptPage } from '../prompts.js';
import { htmlResponse, jsonResponse, type Router, redirect, type SiteRequest } from '../router.js';
import type { Session } from '../sessions.js';
import type { PromptVariant } from '../variants.js';
import { verifyAppCode } from '../verification.js';

/**
 * Second steps whose answer is the hard part to judge: `bounce` lands on a logged-out home page whatever
 * the code, `restart` answers a wrong code by starting the login over (PAM-style consoles), and
 * `in-place` confirms a sign-in without leaving the page and re-renders the same error banner on each
 * wrong code (script-driven forms).
 */

const SINGLE: PromptVariant = { widget: 'single', digits: 6, locale: 'en' };

function pending(ctx: SiteContext, request: SiteRequest, variant: Session['variant']): Session | undefined {
  const session = ctx.sessions.get(request);
  return session?.stage === 'second-factor' && session.variant === variant ? session : undefined;
}

/** A public home page: what a Rails app shows at `/` to a visitor who is not signed in. */
function welcomePage(): string {
  return page({
    title: 'Welcome',
    body: html`<h1>Demo Site</h1>
<p class="lead">Every kind of two-factor sign-in, for testing automations.</p>
<ul class="links">
  <li><a href="/login/bounce">Log in</a></li>
  <li><a href="/">Sign up</a></li>
</ul>`,
  });
}

/** The first step of a console-style login: the user name only, with why the last attempt ended. */
function userStep(error: string): string {
  const t = STRINGS.en;
  return page({
    title: t.signInTitle,
    body: html`<h1>${t.signInTitle}</h1>
<p class="error" role="alert">${error}</p>
<form method="get" action="/login/restart" class="stack">
  <label for="username">${t.username}</label>
  <input id="username" name="username" type="text" autocomplete="username" required autofocus>
  <button type="submit" class="button">Next</button>
</form>`,
  });
}

/** The prompt of `in-place`: the script posts the form and writes the answer into the page. */
function inPlacePrompt(): string {
  const t = STRINGS.en;
  return page({
    title: t.promptTitle,
    scripts: ['in-place'],
    body: html`<h1>${t.promptTitle}</h1>
<p class="lead">${t.promptIntro}</p>
<div id="answer"></div>
<form method="post" action="/2fa/in-place" class="stack" data-in-place>
  <label for="code">${t.codeLabel}</label>
  <input id="code" class="code-input" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"
    maxlength="6" required autofocus>
  <button type="submit" class="button">${t.verify}</button>
</form>`,
  });
}

/** `/2fa/bounce`, `/welcome`, `/2fa/restart` and `/2fa/in-place`; register before `/2fa/:variant`. */
export function registerOutcomeRoutes(router: Router, ctx: SiteContext): void {
  router
    .get('/welcome', () => htmlResponse(welcomePage()))
    .get('/2fa/bounce', (request) =>
      pending(ctx, request, 'bounce')
        ? htmlResponse(promptPage({ variant: SINGLE, action: '/2fa/bounce' }))
        : redirect('/login/bounce'),
    )
    .post('/2fa/bounce', (request) => {
      const session = ctx.sessions.get(request);
      if (session) ctx.sessions.destroy(session);
      return redirect('/welcome', { 'set-cookie': ctx.sessions.clearCookie() });
    })
    .get('/2fa/restart', (request) =>
      pending(ctx, request, 'restart')
        ? htmlResponse(promptPage({ variant: SINGLE, action: '/2fa/restart' }))
        : redirect('/login/restart'),
    )
    .post('/2fa/restart', async (request) => {
      const session = pending(ctx, request, 'restart');
      if (!session) return redirect('/login/restart');
      const form = await request.form();
      if (verifyAppCode(ctx.users, session, form.code ?? '') === 'ok') {
        session.stage = 'signed-in';
        return redirect('/home');
      }
      ctx.sessions.destroy(session);
      return htmlResponse(userStep('Authentication failed. Start again with your user name.'), 200, {
        'set-cookie': ctx.sessions.clearCookie(),
      });
    })
    .get('/2fa/in-place', (request) =>
      pending(ctx, request, 'in-place') ? htmlResponse(inPlacePrompt()) : redirect('/login/in-place'),
    )
    .post('/2fa/in-place', async (request) => {
      const session = pending(ctx, request, 'in-place');
      if (!session) return jsonResponse({ ok: false, message: 'Your sign-in expired.' });
      const form = await request.form();
      if (verifyAppCode(ctx.users, session, form.code ?? '') !== 'ok') {
        // Typographic apostrophe, as many sites print it.
        return jsonResponse({ ok: false, message: 'That code didn’t work. Check your app and try again.' });
      }
      session.stage = 'signed-in';
      return jsonResponse({ ok: true, message: `Welcome back, ${session.username}. You’re signed in.` });
    });
}
