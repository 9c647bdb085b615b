import { randomBytes } from 'node:crypto';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { STRINGS } from '../i18n.js';
import { singleField } from '../prompts.js';
import { htmlResponse, type Router, redirect, type SiteRequest, type SiteResponse } from '../router.js';
import type { Session } from '../sessions.js';
import { verifyAppCode } from '../verification.js';

/** One framed verification, Duo-style: the frame approves it, the parent page then completes the sign-in. */
interface Transaction {
  readonly sessionId: string;
  approved: boolean;
}

const t = STRINGS.en;

function parentPage(ctx: SiteContext, tx: string, error?: string): SiteResponse {
  return htmlResponse(
    page({
      title: "Verify it's you",
      scripts: ['iframe-parent'],
      body: html`<h1>Verify it's you</h1>
<p class="lead">Your organisation protects this account with Demo Guard. Complete the check below to continue.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<iframe class="guard-frame" data-2fa-frame title="Demo Guard two-factor authentication"
  src="${ctx.origins.alt}/frame/prompt?tx=${tx}"></iframe>
<form id="frame-complete" method="post" action="/2fa/iframe" hidden><input type="hidden" name="tx"></form>`,
    }),
  );
}

function framePage(body: ReturnType<typeof html>, data: Record<string, string> = {}): SiteResponse {
  return htmlResponse(
    page({ title: 'Demo Guard', bare: true, scripts: ['iframe-frame'], bodyData: data, body }),
  );
}

function framePrompt(tx: string, error?: string): SiteResponse {
  return framePage(html`<p class="guard-brand">Demo Guard</p>
<h2>Enter your verification code</h2>
<p>Enter the 6-digit code from your authenticator app.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/frame/prompt" class="stack">
  <input type="hidden" name="tx" value="${tx}">
  ${singleField(t, 6)}
  <button type="submit" class="button">${t.verify}</button>
</form>`);
}

/**
 * `/2fa/iframe` on the main origin and `/frame/prompt` on the second origin. The frame never sees the site's
 * session cookie (it is another site); the transaction id in its URL ties it to the sign-in.
 */
export function registerIframeRoutes(main: Router, alt: Router, ctx: SiteContext): void {
  const transactions = new Map<string, Transaction>();
  const waiting = (request: SiteRequest): Session | undefined => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'second-factor' && session.variant === 'iframe' ? session : undefined;
  };
  const open = (session: Session): string => {
    const tx = randomBytes(18).toString('base64url');
    transactions.set(tx, { sessionId: session.id, approved: false });
    return tx;
  };

  main
    .get('/2fa/iframe', (request) => {
      const session = waiting(request);
      return session ? parentPage(ctx, open(session)) : redirect('/login/iframe');
    })
    .post('/2fa/iframe', async (request) => {
      const session = waiting(request);
      if (!session) return redirect('/login/iframe');
      const tx = (await request.form()).tx ?? '';
      const transaction = transactions.get(tx);
      if (!transaction?.approved || transaction.sessionId !== session.id) {
        return parentPage(ctx, open(session), "Verification didn't complete. Try again.");
      }
      transactions.delete(tx);
      session.stage = 'signed-in';
      return redirect('/home');
    });

  alt
    .get('/frame/prompt', (request) => {
      const tx = request.url.searchParams.get('tx') ?? '';
      const transaction = transactions.get(tx);
      if (!transaction || transaction.approved) {
        return framePage(
          html`<p class="error">This verification request expired. Reload the page to try again.</p>`,
        );
      }
      return framePrompt(tx);
    })
    .post('/frame/prompt', async (request) => {
      const form = await request.form();
      const tx = form.tx ?? '';
      const transaction = transactions.get(tx);
      const session = transaction && ctx.sessions.byId(transaction.sessionId);
      if (!transaction || !session) {
        return framePage(
          html`<p class="error">This verification request expired. Reload the page to try again.</p>`,
        );
      }
      if (verifyAppCode(ctx.users, session, form.code ?? '') !== 'ok') return framePrompt(tx, t.invalidCode);
      transaction.approved = true;
      return framePage(
        html`<p class="guard-brand">Demo Guard</p>
<p class="success" role="status">Verified. Returning to the site…</p>`,
        { 'parent-origin': ctx.origins.main, tx },
      );
    });
}
