/**
 * The single-page app: login → 2FA → home, each view swapped in place with `history.pushState` (no page
 * load), talking JSON to /api/spa/*. Markup mirrors the server-rendered pages.
 */
const app = document.getElementById('app');

type Child = Node | string;

function h(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

async function post(
  path: string,
  body: Record<string, string>,
): Promise<{ ok: boolean; data: Record<string, string> }> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, string>;
  return { ok: response.ok, data };
}

function show(...children: Child[]): void {
  app?.replaceChildren(...children);
  app?.querySelector<HTMLInputElement>('input')?.focus();
}

function errorLine(): HTMLElement {
  const line = h('p', { class: 'error', role: 'alert' });
  line.hidden = true;
  return line;
}

function fail(line: HTMLElement, message: string): void {
  line.textContent = message;
  line.hidden = false;
}

function navigate(path: string, view: () => void): void {
  history.pushState({}, '', path);
  view();
}

function loginView(): void {
  const error = errorLine();
  const form = h(
    'form',
    { class: 'stack' },
    h('label', { for: 'username' }, 'Username or email address'),
    h('input', { id: 'username', name: 'username', type: 'text', autocomplete: 'username', required: '' }),
    h('label', { for: 'password' }, 'Password'),
    h('input', {
      id: 'password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: '',
    }),
    h('button', { type: 'submit', class: 'button' }, 'Sign in'),
  ) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const { ok, data } = await post('/api/spa/login', {
      username: String(fields.get('username') ?? ''),
      password: String(fields.get('password') ?? ''),
    });
    if (ok) navigate('/login/spa/verify', verifyView);
    else fail(error, data.error ?? 'Sign-in failed.');
  });
  show(h('h1', {}, 'Sign in to Demo Site'), error, form);
}

function verifyView(): void {
  const error = errorLine();
  const input = h('input', {
    id: 'code',
    class: 'code-input',
    name: 'code',
    type: 'text',
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    pattern: '[0-9]*',
    maxlength: '6',
    placeholder: '000000',
    required: '',
  }) as HTMLInputElement;
  const form = h(
    'form',
    { class: 'stack' },
    h('label', { for: 'code' }, 'Authentication code'),
    input,
    h('button', { type: 'submit', class: 'button' }, 'Verify'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { ok, data } = await post('/api/spa/verify', { code: input.value });
    if (ok) return navigate('/home', () => homeView(data.username ?? ''));
    fail(error, data.error ?? "That code didn't work. Try again.");
    input.value = '';
    input.focus();
  });
  show(
    h('h1', {}, 'Two-factor authentication'),
    h('p', { class: 'lead' }, 'Open your authenticator app and enter the 6-digit code for Demo Site.'),
    error,
    form,
  );
}

function homeView(username: string): void {
  show(
    h('h1', {}, 'Welcome back'),
    h('p', { 'data-testid': 'signed-in' }, 'Signed in as ', h('strong', {}, username)),
    h('ul', { class: 'links' }, h('li', {}, h('a', { href: '/logout' }, 'Log out'))),
  );
}

function route(): void {
  const stage = document.body.dataset.stage;
  if (location.pathname === '/login/spa/verify' && stage === 'second-factor') {
    verifyView();
  } else if (location.pathname === '/home') {
    location.reload();
  } else {
    if (location.pathname !== '/login/spa') history.replaceState({}, '', '/login/spa');
    loginView();
  }
}

window.addEventListener('popstate', () => {
  // Going back from the 2FA view shows the login view again; the server session stays as it is.
  if (location.pathname === '/login/spa/verify') verifyView();
  else route();
});
route();
