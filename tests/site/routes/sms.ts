import { randomInt } from 'node:crypto';
import { demoPhoneNumber } from '../accounts.js';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { htmlResponse, type Router, redirect, type SiteRequest, type SiteResponse } from '../router.js';
import type { Session } from '../sessions.js';
import { normaliseCode, safeEqual } from '../verification.js';

const CODE_TTL_MS = 10 * 60_000;

function smsPage(title: string, body: ReturnType<typeof html>, status = 200): SiteResponse {
  return htmlResponse(page({ title, body: html`<h1>${title}</h1>${body}` }), status);
}

function codePage(session: Session, error?: string): SiteResponse {
  const phone = demoPhoneNumber(session.username);
  return smsPage(
    'Verify your phone',
    html`<p class="lead">We texted a 6-digit code to <strong>(•••) •••-${phone.slice(-4)}</strong>. Enter it below.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/2fa/sms" class="stack">
  <label for="sms_code">Text message code</label>
  <input id="sms_code" class="code-input" name="sms_code" type="text" autocomplete="one-time-code" inputmode="numeric"
    maxlength="6" placeholder="000000" required autofocus>
  <button type="submit" class="button">Verify</button>
</form>`,
  );
}

/**
 * The `sms` variant: the site "texts" a code to the user's phone. There is no phone here, so the text goes
 * where a phone's SMS-forwarder app would send it: a push relay (`POST /v1/credentials/totp`, whole message).
 */
export function registerSmsRoutes(router: Router, ctx: SiteContext): void {
  const waiting = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'second-factor' && session.variant === 'sms' ? session : undefined;
  };

  ctx.challenges.set('sms', async (session) => {
    const forwarder = ctx.smsForwarder;
    if (!forwarder) {
      return smsPage(
        'SMS sign-in is not available',
        html`<p class="error" role="alert">This demo site was started without an SMS forwarder, so it cannot text
codes. Start it with <code>startDemoSite({ smsForwarder: { url, apiKey } })</code>.</p>`,
        503,
      );
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    session.smsCode = { code, expiresAt: Date.now() + CODE_TTL_MS };
    const response = await fetch(`${forwarder.url}/v1/credentials/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': forwarder.apiKey },
      body: JSON.stringify({
        totp_identifier: demoPhoneNumber(session.username),
        content: `Demo Site: ${code} is your verification code. Don't share it with anyone.`,
        source: 'sms_forwarder',
      }),
    }).catch(() => null);
    if (!response?.ok) {
      return smsPage(
        'We couldn’t send the text',
        html`<p class="error" role="alert">The SMS forwarder did not accept the message.</p>`,
        502,
      );
    }
    return redirect('/2fa/sms');
  });

  router
    .get('/2fa/sms', (request) => {
      const session = waiting(request);
      return session ? codePage(session) : redirect('/login/sms');
    })
    .post('/2fa/sms', async (request) => {
      const session = waiting(request);
      if (!session) return redirect('/login/sms');
      const code = normaliseCode((await request.form()).sms_code ?? '');
      const sent = session.smsCode;
      if (!sent || sent.expiresAt < Date.now() || !safeEqual(code, sent.code)) {
        return codePage(session, "That code didn't work. Try again.");
      }
      delete session.smsCode;
      session.stage = 'signed-in';
      return redirect('/home');
    });
}
