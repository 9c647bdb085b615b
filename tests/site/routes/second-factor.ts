import { isVariantName, type VariantName } from '../accounts.js';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { STRINGS } from '../i18n.js';
import { promptPage } from '../prompts.js';
import {
  htmlResponse,
  notFound,
  type Router,
  redirect,
  type SiteRequest,
  type SiteResponse,
} from '../router.js';
import type { Session } from '../sessions.js';
import { PROMPT_VARIANTS, type PromptVariant } from '../variants.js';
import { hasRecoveryCodes, type Verdict, verifyAppCode, verifyRecoveryCode } from '../verification.js';

interface Step {
  name: VariantName;
  spec: PromptVariant;
  session: Session;
}

/** The prompt variant and the session waiting at its second step, or the response that sends the user back. */
function step(ctx: SiteContext, request: SiteRequest): Step | SiteResponse {
  const name = request.params.variant ?? '';
  const spec = isVariantName(name) ? PROMPT_VARIANTS[name] : undefined;
  if (!isVariantName(name) || !spec) return notFound();
  const session = ctx.sessions.get(request);
  if (session?.stage !== 'second-factor' || session.variant !== name) return redirect(`/login/${name}`);
  return { name, spec, session };
}

function renderPrompt(ctx: SiteContext, { name, spec, session }: Step, error?: string): SiteResponse {
  const recoveryHref =
    spec.recovery && hasRecoveryCodes(ctx.users, session) ? `/2fa/${name}/recovery` : undefined;
  return htmlResponse(promptPage({ variant: spec, action: `/2fa/${name}`, error, recoveryHref }));
}

function message(spec: PromptVariant, verdict: Exclude<Verdict, 'ok'>): string {
  const t = STRINGS[spec.locale];
  return { invalid: t.invalidCode, expired: t.expiredCode, reused: t.reusedCode }[verdict];
}

function recoveryPage(name: VariantName, error?: string): SiteResponse {
  return htmlResponse(
    page({
      title: 'Use a recovery code',
      body: html`<h1>Use a recovery code</h1>
<p class="lead">If you can't use your authenticator app, enter one of the recovery codes you saved when you set up
two-factor authentication. Each code works once.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/2fa/${name}/recovery" class="stack">
  <label for="recovery_code">Recovery code</label>
  <input id="recovery_code" class="code-input" name="recovery_code" type="text" autocomplete="off" spellcheck="false"
    placeholder="xxxxx-xxxxx" required autofocus>
  <button type="submit" class="button">Verify</button>
</form>
<p class="alt-action"><a href="/2fa/${name}">Use your authenticator app instead</a></p>`,
    }),
  );
}

/**
 * `/2fa/<variant>` for the authenticator-code variants (see PROMPT_VARIANTS) and
 * `/2fa/<variant>/recovery` where the user has recovery codes.
 */
export function registerSecondFactorRoutes(router: Router, ctx: SiteContext): void {
  router
    .get('/2fa/:variant', (request) => {
      const found = step(ctx, request);
      return 'status' in found ? found : renderPrompt(ctx, found);
    })
    .post('/2fa/:variant', async (request) => {
      const found = step(ctx, request);
      if ('status' in found) return found;
      const form = await request.form();
      const verdict = verifyAppCode(ctx.users, found.session, form.code ?? '');
      if (verdict !== 'ok') return renderPrompt(ctx, found, message(found.spec, verdict));
      found.session.stage = 'signed-in';
      return redirect('/home');
    })
    .get('/2fa/:variant/recovery', (request) => {
      const found = step(ctx, request);
      if ('status' in found) return found;
      return hasRecoveryCodes(ctx.users, found.session) ? recoveryPage(found.name) : notFound();
    })
    .post('/2fa/:variant/recovery', async (request) => {
      const found = step(ctx, request);
      if ('status' in found) return found;
      const form = await request.form();
      if (!verifyRecoveryCode(ctx.users, found.session, form.recovery_code ?? '')) {
        return recoveryPage(found.name, 'That recovery code is invalid or was already used.');
      }
      found.session.stage = 'signed-in';
      return redirect('/home');
    });
}
