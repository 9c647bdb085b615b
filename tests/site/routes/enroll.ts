import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { htmlResponse, type Router, redirect, type SiteRequest, type SiteResponse } from '../router.js';
import type { Session } from '../sessions.js';
import { matchTotp, normaliseCode } from '../verification.js';

const RECOVERY_CODE_COUNT = 10;

function otpauthFor(username: string, secret: string): string {
  return new TOTP({
    issuer: 'Demo Site',
    label: username,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).toString();
}

/** `XXXX XXXX …`: how set-up pages print a key for typing (GitHub, Google). */
function groupKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** GitHub-style `xxxxx-xxxxx` (hex). */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const hex = randomBytes(5).toString('hex');
    return `${hex.slice(0, 5)}-${hex.slice(5)}`;
  });
}

async function setupPage(session: Session, secret: string, error?: string): Promise<SiteResponse> {
  const qr = await toDataURL(otpauthFor(session.username, secret), { margin: 2, width: 220 });
  return htmlResponse(
    page({
      title: 'Set up authenticator app',
      username: session.username,
      body: html`<h1>Set up authenticator app</h1>
<p class="lead">Authenticator apps like Google Authenticator, 1Password or Authy generate one-time codes that are
used as a second factor when you sign in.</p>
<h2>1. Scan the QR code</h2>
<p>Use your authenticator app to scan this QR code.</p>
<img class="qr" src="${qr}" width="220" height="220" alt="QR code to set up your authenticator app">
<p>Can't scan? Enter this key: <code class="setup-key" data-testid="setup-key">${groupKey(secret)}</code></p>
<h2>2. Verify the code from the app</h2>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/setup/authenticator" class="stack">
  <label for="code">Enter the 6-digit code from your app</label>
  <input id="code" class="code-input" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"
    pattern="[0-9]*" maxlength="6" placeholder="000000" required>
  <button type="submit" class="button">Verify and enable</button>
</form>`,
    }),
  );
}

function donePage(session: Session, codes: readonly string[]): SiteResponse {
  return htmlResponse(
    page({
      title: 'Two-factor authentication is on',
      username: session.username,
      body: html`<h1>Two-factor authentication is on</h1>
<p class="success" role="status">Your authenticator app is set up. From now on, signing in asks for a code from it.</p>
<h2>Save your recovery codes</h2>
<p>If you lose your phone, each of these codes signs you in once. Keep them somewhere safe.</p>
<ol class="recovery-codes" data-testid="recovery-codes">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ol>
<p><a class="button" href="/home">Continue</a></p>`,
    }),
  );
}

/**
 * `/setup/authenticator`: a fresh random secret per session as a QR code and a printed key; a confirmed code
 * stores it (and ten recovery codes) for the user, and the `enroll` sign-in asks for it from then on.
 */
export function registerEnrollRoutes(router: Router, ctx: SiteContext): void {
  // First sign-in without an app: straight to the (signed-in) set-up page, as sites that require 2FA do.
  ctx.challenges.set('enroll', (session) => {
    if (ctx.users.get(session.username).enrolled) return redirect('/2fa/enroll');
    session.stage = 'signed-in';
    return redirect('/setup/authenticator');
  });
  const signedIn = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'signed-in' ? session : undefined;
  };

  router
    .get('/setup/authenticator', (request) => {
      const session = signedIn(request);
      if (!session) return redirect('/login/enroll');
      session.pendingSecret ??= new Secret({ size: 20 }).base32;
      return setupPage(session, session.pendingSecret);
    })
    .post('/setup/authenticator', async (request) => {
      const session = signedIn(request);
      if (!session) return redirect('/login/enroll');
      const secret = session.pendingSecret;
      if (!secret) return redirect('/setup/authenticator');
      const otpauth = otpauthFor(session.username, secret);
      const code = normaliseCode((await request.form()).code ?? '');
      if (matchTotp(otpauth, code) === null) {
        return setupPage(
          session,
          secret,
          "That code didn't work. Check the time on your phone and try again.",
        );
      }
      const user = ctx.users.get(session.username);
      const recoveryCodes = newRecoveryCodes();
      user.enrolled = { otpauth, recoveryCodes };
      user.usedRecoveryCodes.clear();
      user.lastTotpStep = -1;
      delete session.pendingSecret;
      return donePage(session, recoveryCodes);
    });
}
