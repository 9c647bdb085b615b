import { randomBytes, randomInt } from 'node:crypto';
import type { SiteContext } from '../context.js';
import { html, page, type SafeHtml } from '../html.js';
import { htmlResponse, type Router, redirect, type SiteRequest, type SiteResponse } from '../router.js';
import type { Session } from '../sessions.js';
import { normaliseCode, safeEqual } from '../verification.js';

const CODE_TTL_MS = 10 * 60_000;
const LINK_TTL_MS = 15 * 60_000;

interface MagicLink {
  readonly username: string;
  readonly expiresAt: number;
}

/** `email+run1@example.test` → `e***@example.test`, as sites show where they sent a code. */
function mask(address: string): string {
  const at = address.indexOf('@');
  return at <= 0 ? address : `${address[0]}***${address.slice(at)}`;
}

function emailPage(title: string, body: SafeHtml, status = 200): SiteResponse {
  return htmlResponse(page({ title, body: html`<h1>${title}</h1>${body}` }), status);
}

function notConfigured(): SiteResponse {
  return emailPage(
    'Email sign-in is not available',
    html`<p class="error" role="alert">This demo site was started without an SMTP server, so it cannot send sign-in
emails. Start it with <code>startDemoSite({ smtp: { host, port } })</code> or
<code>--smtp-host 127.0.0.1 --smtp-port 2525</code>.</p>`,
    503,
  );
}

function sendFailed(): SiteResponse {
  return emailPage(
    "We couldn't send the email",
    html`<p class="error" role="alert">The SMTP server did not accept the message. Check that it is running and
try again.</p><p><a href="/">Back to the demo site</a></p>`,
    502,
  );
}

function codePage(session: Session, options: { error?: string; notice?: string } = {}): SiteResponse {
  return emailPage(
    'Check your email',
    html`<p class="lead">We sent a 6-digit sign-in code to <strong>${mask(session.username)}</strong>. Enter it below.
The code expires in 10 minutes.</p>
${options.notice ? html`<p class="success" role="status">${options.notice}</p>` : ''}
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/2fa/email" class="stack">
  <label for="code">Email code</label>
  <input id="code" class="code-input" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"
    pattern="[0-9]*" maxlength="6" placeholder="000000" required autofocus>
  <button type="submit" class="button">Verify</button>
</form>
<form method="post" action="/2fa/email/resend" class="alt-action"><button type="submit" class="link">Send a new code</button></form>`,
  );
}

function linkPage(session: Session, notice?: string): SiteResponse {
  return emailPage(
    'Check your email',
    html`<p class="lead">We sent a sign-in link to <strong>${mask(session.username)}</strong>. Open the link in the email
to finish signing in. It works once and expires in 15 minutes.</p>
${notice ? html`<p class="success" role="status">${notice}</p>` : ''}
<form method="post" action="/2fa/magic-link/resend" class="alt-action"><button type="submit" class="link">Send a new link</button></form>`,
  );
}

/**
 * The email variants: `email` sends a 6-digit code (subject "Your sign-in code"), `magic-link` a one-time
 * sign-in link (subject "Your sign-in link"), both to the username as typed.
 */
export function registerEmailRoutes(router: Router, ctx: SiteContext): void {
  const links = new Map<string, MagicLink>();
  const waiting = (request: SiteRequest, variant: 'email' | 'magic-link') => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'second-factor' && session.variant === variant ? session : undefined;
  };

  const sendCode = async (session: Session): Promise<boolean> => {
    if (!ctx.mailer) return false;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    session.emailCode = { code, expiresAt: Date.now() + CODE_TTL_MS };
    await ctx.mailer.send({
      to: session.username,
      subject: 'Your sign-in code',
      text: `Hi,\n\nYour Demo Site sign-in code is: ${code}\n\nIt expires in 10 minutes. If you didn't try to sign in, you can ignore this email.\n\n— Demo Site\n`,
      html: html`<p>Hi,</p><p>Your Demo Site sign-in code is:</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:6px">${code}</p>
<p>It expires in 10 minutes. If you didn't try to sign in, you can ignore this email.</p><p>— Demo Site</p>`
        .value,
    });
    return true;
  };

  const sendLink = async (session: Session): Promise<boolean> => {
    if (!ctx.mailer) return false;
    const token = randomBytes(24).toString('base64url');
    links.set(token, { username: session.username, expiresAt: Date.now() + LINK_TTL_MS });
    const url = `${ctx.origins.main}/magic/${token}`;
    await ctx.mailer.send({
      to: session.username,
      subject: 'Your sign-in link',
      text: `Hi,\n\nClick the link below to sign in to Demo Site:\n\n${url}\n\nThe link works once and expires in 15 minutes.\n\n— Demo Site\n`,
      html: html`<p>Hi,</p><p>Click the button below to sign in to Demo Site.</p>
<p><a href="${url}" style="background:#2f5bea;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Sign in to Demo Site</a></p>
<p>The link works once and expires in 15 minutes.</p><p>— Demo Site</p>`.value,
    });
    return true;
  };

  /** `null` once the message is handed to the SMTP server; otherwise the page that explains why not. */
  const deliver = async (send: (session: Session) => Promise<boolean>, session: Session) => {
    try {
      return (await send(session)) ? null : notConfigured();
    } catch {
      return sendFailed();
    }
  };
  ctx.challenges.set(
    'email',
    async (session) => (await deliver(sendCode, session)) ?? redirect('/2fa/email'),
  );
  ctx.challenges.set(
    'magic-link',
    async (session) => (await deliver(sendLink, session)) ?? redirect('/2fa/magic-link'),
  );

  const resend = (variant: 'email' | 'magic-link', send: (session: Session) => Promise<boolean>) => {
    return async (request: SiteRequest) => {
      const session = waiting(request, variant);
      if (!session) return redirect(`/login/${variant}`);
      const failed = await deliver(send, session);
      if (failed) return failed;
      return variant === 'email'
        ? codePage(session, { notice: 'We sent a new code.' })
        : linkPage(session, 'We sent a new link.');
    };
  };

  router
    .get('/2fa/email', (request) => {
      const session = waiting(request, 'email');
      return session ? codePage(session) : redirect('/login/email');
    })
    .post('/2fa/email', async (request) => {
      const session = waiting(request, 'email');
      if (!session) return redirect('/login/email');
      const code = normaliseCode((await request.form()).code ?? '');
      const sent = session.emailCode;
      if (!sent || sent.expiresAt < Date.now() || !safeEqual(code, sent.code)) {
        return codePage(session, { error: "That code didn't work. Try again." });
      }
      delete session.emailCode;
      session.stage = 'signed-in';
      return redirect('/home');
    })
    .post('/2fa/email/resend', resend('email', sendCode))
    .get('/2fa/magic-link', (request) => {
      const session = waiting(request, 'magic-link');
      return session ? linkPage(session) : redirect('/login/magic-link');
    })
    .post('/2fa/magic-link/resend', resend('magic-link', sendLink))
    .get('/magic/:token', (request) => {
      const token = request.params.token ?? '';
      const link = links.get(token);
      links.delete(token);
      if (!link || link.expiresAt < Date.now()) {
        return emailPage(
          'Sign-in link',
          html`<p class="error" role="alert">This link has expired or was already used.</p>
<p><a href="/login/magic-link">Sign in again</a></p>`,
        );
      }
      const previous = ctx.sessions.get(request);
      if (previous) ctx.sessions.destroy(previous);
      const session = ctx.sessions.create(link.username, 'magic-link', 'signed-in');
      return redirect('/home', { 'set-cookie': ctx.sessions.cookie(session) });
    });
}
