import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_VARIANTS, isVariantName, type VariantName } from '../accounts.js';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { STRINGS } from '../i18n.js';
import {
  htmlResponse,
  notFound,
  type Router,
  redirect,
  type SiteRequest,
  type SiteResponse,
} from '../router.js';
import type { Session } from '../sessions.js';
import { baseAddress } from '../users.js';
import { PROMPT_VARIANTS } from '../variants.js';
import { safeEqual } from '../verification.js';

/**
 * The username to sign in as (as typed, lower-cased) when the password is right for the variant's
 * account — plus-addressing included — or `null`.
 */
export function authenticate(variant: VariantName, username: string, password: string): string | null {
  const account = DEMO_ACCOUNTS[variant];
  const typed = username.trim().toLowerCase();
  const userOk = baseAddress(typed) === account.username;
  const passwordOk = safeEqual(password, account.password);
  return userOk && passwordOk ? typed : null;
}

function loginPage(variant: VariantName, options: { error?: string; username?: string } = {}): string {
  const locale = PROMPT_VARIANTS[variant]?.locale ?? 'en';
  const t = STRINGS[locale];
  return page({
    title: t.signInTitle,
    lang: locale,
    body: html`<h1>${t.signInTitle}</h1>
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/login/${variant}" class="stack">
  <label for="username">${t.username}</label>
  <input id="username" name="username" type="text" autocomplete="username" value="${options.username ?? ''}" required autofocus>
  <label for="password">${t.password}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit" class="button">${t.signIn}</button>
</form>`,
  });
}

function landingPage(): string {
  const rows = DEMO_VARIANTS.map(
    (variant) => html`<li>
  <div><a href="/login/${variant.name}"><strong>${variant.title}</strong></a> <code>${variant.name}</code></div>
  <div class="muted">${variant.exercises}</div>
  <div class="small">User <code>${DEMO_ACCOUNTS[variant.name].username}</code></div>
</li>`,
  );
  return page({
    title: 'Every kind of two-factor sign-in',
    wide: true,
    body: html`<h1>Demo Site</h1>
<p class="lead">A stand-in for "some website": one sign-in per kind of two-factor prompt. Every account's
password is <code>${DEMO_PASSWORD}</code>; usernames accept plus-addressing (<code>totp+run1@example.test</code>).</p>
<ul class="variants">${rows}</ul>`,
  });
}

function homePage(session: Session): string {
  return page({
    title: 'Home',
    username: session.username,
    body: html`<h1>Welcome back</h1>
<p data-testid="signed-in">Signed in as <strong>${session.username}</strong></p>
<ul class="links">
  <li><a href="/setup/authenticator">Set up authenticator app</a></li>
  <li><a href="/logout">Log out</a></li>
</ul>`,
  });
}

async function signIn(ctx: SiteContext, request: SiteRequest, variant: VariantName): Promise<SiteResponse> {
  const form = await request.form();
  const username = authenticate(variant, form.username ?? '', form.password ?? '');
  if (!username) {
    const t = STRINGS[PROMPT_VARIANTS[variant]?.locale ?? 'en'];
    return htmlResponse(loginPage(variant, { error: t.badPassword, username: form.username ?? '' }));
  }
  const previous = ctx.sessions.get(request);
  if (previous) ctx.sessions.destroy(previous);
  const session = ctx.sessions.create(username, variant);
  const challenge = ctx.challenges.get(variant);
  const response = challenge ? await challenge(session) : redirect(`/2fa/${variant}`);
  response.headers['set-cookie'] = ctx.sessions.cookie(session);
  return response;
}

/** `/`, `/login/<variant>` (password step), `/home` and `/logout`. */
export function registerLoginRoutes(router: Router, ctx: SiteContext): void {
  router
    .get('/', () => htmlResponse(landingPage()))
    .get('/login/:variant', (request) => {
      const variant = request.params.variant ?? '';
      return isVariantName(variant) ? htmlResponse(loginPage(variant)) : notFound();
    })
    .post('/login/:variant', (request) => {
      const variant = request.params.variant ?? '';
      return isVariantName(variant) ? signIn(ctx, request, variant) : notFound();
    })
    .get('/home', (request) => {
      const session = ctx.sessions.get(request);
      return session?.stage === 'signed-in' ? htmlResponse(homePage(session)) : redirect('/');
    })
    .get('/logout', (request) => {
      const session = ctx.sessions.get(request);
      if (session) ctx.sessions.destroy(session);
      return redirect('/', { 'set-cookie': ctx.sessions.clearCookie() });
    });
}
