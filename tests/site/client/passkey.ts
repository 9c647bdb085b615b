/**
 * The passkey buttons: "Add a passkey" on the security settings (registration) and "Use your passkey" on
 * the sign-in step (authentication), both through @simplewebauthn/browser and JSON calls to the site.
 * Failures show in the page's alert line, ending in "Try again." as sites' passkey errors do.
 */
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';

const mode = document.body.dataset.passkeyPage;
const button = document.querySelector<HTMLButtonElement>('[data-passkey-action]');
const errorLine = document.querySelector<HTMLElement>('[data-passkey-error]');

async function post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(typeof data.error === 'string' ? data.error : `HTTP ${response.status}`);
  return data as T;
}

function fail(prefix: string, error: unknown): void {
  if (!errorLine) return;
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  errorLine.textContent = `${prefix}: ${message}. Try again.`;
  errorLine.hidden = false;
}

async function register(): Promise<void> {
  const optionsJSON = await post<PublicKeyCredentialCreationOptionsJSON>(
    '/settings/security/passkeys/options',
  );
  const credential = await startRegistration({ optionsJSON });
  await post('/settings/security/passkeys', credential);
  const panel = document.querySelector<HTMLElement>('[data-passkey-panel]');
  const done = document.createElement('p');
  done.className = 'success';
  done.setAttribute('role', 'status');
  done.textContent = 'Passkey added. From now on, signing in asks for it.';
  const next = document.createElement('a');
  next.className = 'button';
  next.href = '/home';
  next.textContent = 'Continue';
  panel?.replaceChildren(done, next);
}

async function signIn(): Promise<void> {
  const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>('/2fa/passkey/options');
  const assertion = await startAuthentication({ optionsJSON });
  const result = await post('/2fa/passkey/verify', assertion);
  // `?in-place`: confirm on the spot, as single-page apps do, with the button left where it was.
  if (new URLSearchParams(location.search).has('in-place')) {
    const done = document.createElement('p');
    done.className = 'success';
    done.setAttribute('role', 'status');
    done.textContent = 'Welcome back! You are signed in.';
    button?.before(done);
    return;
  }
  location.assign(typeof result.redirect === 'string' ? result.redirect : '/home');
}

button?.addEventListener('click', () => {
  if (errorLine) errorLine.hidden = true;
  button.disabled = true;
  const run = mode === 'register' ? register() : signIn();
  run
    .catch((error: unknown) =>
      fail(mode === 'register' ? 'Could not add the passkey' : 'Passkey sign-in failed', error),
    )
    .finally(() => {
      button.disabled = false;
    });
});
