import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { PasskeyStore } from '../passkeys.js';
import { htmlResponse, jsonResponse, type Router, redirect, type SiteRequest } from '../router.js';
import type { Session } from '../sessions.js';

/**
 * The `passkey` variant: real WebAuthn, verified with @simplewebauthn/server. A first sign-in goes to the
 * security settings to add a passkey (sites that require one); later sign-ins ask for it after the
 * password. The relying party is whatever host the page was opened on (`127.0.0.1` or `localhost`), so
 * the same site serves Playwright's virtual authenticator and Chromium's own WebAuthn stack, which refuses
 * IP addresses as relying party ids.
 */

/** The relying party as the browser sees it: the page's host name and origin. */
function relyingParty(request: SiteRequest): { rpID: string; origin: string } {
  return { rpID: request.url.hostname, origin: request.url.origin };
}

function settingsPage(session: Session, store: PasskeyStore) {
  const passkeys = store.list(session.username);
  const rows = passkeys.map(
    (passkey, index) => html`<li data-testid="passkey-row">
  <span>Passkey ${index + 1} <code>${passkey.credential.id.slice(0, 8)}…</code>, added ${passkey.createdAt.toISOString().slice(0, 10)}</span>
  <form method="post" action="/settings/security/passkeys/${passkey.credential.id}/delete" style="display:inline">
    <button type="submit" class="link">Remove</button>
  </form>
</li>`,
  );
  return htmlResponse(
    page({
      title: 'Security settings',
      username: session.username,
      scripts: ['passkey'],
      bodyData: { 'passkey-page': 'register' },
      // "Manage" also tells 2FA detectors that this is a settings page, not a sign-in prompt.
      body: html`<h1>Security settings</h1>
<p class="lead">Manage how you sign in to Demo Site.</p>
<h2>Passkeys</h2>
${passkeys.length ? html`<ul class="links">${rows}</ul>` : html`<p class="muted">No passkeys yet.</p>`}
<div data-passkey-panel class="stack">
  <p>Passkeys let you sign in with your fingerprint, face or security key. This account needs one.</p>
  <p class="error" role="alert" data-passkey-error hidden></p>
  <button type="button" class="button" data-passkey-action>Add a passkey</button>
</div>
<p class="alt-action"><a href="/home">Back to home</a></p>`,
    }),
  );
}

function promptPage() {
  return htmlResponse(
    page({
      title: 'Sign in with a passkey',
      scripts: ['passkey'],
      bodyData: { 'passkey-page': 'sign-in' },
      body: html`<h1>Sign in with a passkey</h1>
<p class="lead">Use the passkey you set up for this account. Your browser asks you to confirm with your
fingerprint, face or security key.</p>
<p class="error" role="alert" data-passkey-error hidden></p>
<button type="button" class="button" data-passkey-action>Use your passkey</button>`,
    }),
  );
}

function failure(message: string, status = 400) {
  return jsonResponse({ error: message }, status);
}

/** `/settings/security` (add and remove passkeys) and `/2fa/passkey` (sign in with one). */
export function registerPasskeyRoutes(router: Router, ctx: SiteContext): void {
  const store = new PasskeyStore();
  ctx.challenges.set('passkey', (session) => {
    if (store.list(session.username).length > 0) return redirect('/2fa/passkey');
    session.stage = 'signed-in';
    return redirect('/settings/security');
  });
  const signedIn = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'signed-in' ? session : undefined;
  };
  const waiting = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    return session?.stage === 'second-factor' && session.variant === 'passkey' ? session : undefined;
  };

  router
    .get('/settings/security', (request) => {
      const session = signedIn(request);
      return session ? settingsPage(session, store) : redirect('/login/passkey');
    })
    .post('/settings/security/passkeys/options', async (request) => {
      const session = signedIn(request);
      if (!session) return failure('Sign in first.', 401);
      const options = await generateRegistrationOptions({
        rpName: 'Demo Site',
        rpID: relyingParty(request).rpID,
        userName: session.username,
        userID: new TextEncoder().encode(session.username),
        attestationType: 'none',
        excludeCredentials: store.list(session.username).map(({ credential }) => ({ id: credential.id })),
      });
      store.openChallenge(session.id, 'register', options.challenge);
      return jsonResponse(options);
    })
    .post('/settings/security/passkeys', async (request) => {
      const session = signedIn(request);
      if (!session) return failure('Sign in first.', 401);
      const expectedChallenge = store.takeChallenge(session.id, 'register');
      if (!expectedChallenge) return failure('The request expired. Try again.');
      const { rpID, origin } = relyingParty(request);
      try {
        const result = await verifyRegistrationResponse({
          response: (await request.json()) as RegistrationResponseJSON,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
        });
        if (!result.verified) return failure('Passkey verification failed. Try again.');
        store.add(session.username, result.registrationInfo.credential);
        return jsonResponse({ ok: true });
      } catch (error) {
        return failure(`Passkey verification failed: ${(error as Error).message}`);
      }
    })
    .post('/settings/security/passkeys/:id/delete', (request) => {
      const session = signedIn(request);
      if (!session) return redirect('/login/passkey');
      store.remove(session.username, request.params.id ?? '');
      return redirect('/settings/security');
    })
    .get('/2fa/passkey', (request) => (waiting(request) ? promptPage() : redirect('/login/passkey')))
    .post('/2fa/passkey/options', async (request) => {
      const session = waiting(request);
      if (!session) return failure('Sign in with your password first.', 401);
      // No allowCredentials: the authenticator offers its passkey for this site (discoverable credential),
      // and the server checks that it belongs to the user who typed the password.
      const options = await generateAuthenticationOptions({ rpID: relyingParty(request).rpID });
      store.openChallenge(session.id, 'sign-in', options.challenge);
      return jsonResponse(options);
    })
    .post('/2fa/passkey/verify', async (request) => {
      const session = waiting(request);
      if (!session) return failure('Sign in with your password first.', 401);
      const expectedChallenge = store.takeChallenge(session.id, 'sign-in');
      if (!expectedChallenge) return failure('The request expired. Try again.');
      const response = (await request.json()) as AuthenticationResponseJSON | undefined;
      const passkey = response && store.find(session.username, response.id);
      if (!response || !passkey) return failure('This passkey is not registered for your account.');
      const { rpID, origin } = relyingParty(request);
      try {
        const result = await verifyAuthenticationResponse({
          response,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: passkey.credential,
        });
        if (!result.verified) return failure('Passkey verification failed.');
        store.setCounter(session.username, passkey.credential.id, result.authenticationInfo.newCounter);
      } catch (error) {
        // The counter check lands here: "Response counter value 3 was lower than expected 5".
        return failure(`Passkey verification failed: ${(error as Error).message}`);
      }
      session.stage = 'signed-in';
      return jsonResponse({ ok: true, redirect: '/home' });
    });
}
