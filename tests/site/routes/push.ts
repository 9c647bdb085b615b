import { randomInt } from 'node:crypto';
import type { SiteContext } from '../context.js';
import { html, page } from '../html.js';
import { htmlResponse, jsonResponse, type Router, redirect, type SiteRequest } from '../router.js';
import type { Session } from '../sessions.js';
import { safeEqual } from '../verification.js';

type PushState = 'pending' | 'approved' | 'denied';

/** One sign-in waiting for the phone, with the number the person must tap there. */
interface PushRequest {
  readonly session: Session;
  readonly number: string;
  state: PushState;
  /** Long-polling status requests, woken when the state changes. */
  readonly waiters: Set<() => void>;
}

/** A status request waits this long for a change before answering "pending" (the page asks again). */
const LONG_POLL_MS = 15_000;

function pushPage(push: PushRequest): string {
  return page({
    title: 'Approve the sign-in',
    scripts: ['push'],
    body: html`<h1>Approve the sign-in on your phone</h1>
<p class="match-number" data-testid="match-number">${push.number}</p>
<p class="lead">Open the Demo Site app on your phone and tap <strong>${push.number}</strong> to approve this sign-in.</p>
<p class="muted" data-push-status><span class="spinner" aria-hidden="true"></span> Waiting for approval…</p>
<p class="alt-action"><a href="/login/push">Cancel</a></p>`,
  });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * The `push` variant, Microsoft-Authenticator-like: after the password the site "sends a push" and shows a
 * two-digit number; the page long-polls `/api/push/status` and moves on to `/home` once approved. The
 * phone is `POST /api/push/approve { username, number }` — a wrong number denies the request, as
 * Authenticator does — and `POST /api/push/deny { username }`, standing in for a test IdP's admin API.
 */
export function registerPushRoutes(router: Router, ctx: SiteContext): void {
  const requests = new Map<string, PushRequest>(); // by session id

  const settle = (push: PushRequest, state: PushState) => {
    push.state = state;
    if (state === 'approved') push.session.stage = 'signed-in';
    for (const wake of push.waiters) wake();
  };
  /** The newest sign-in of `username` still waiting for the phone. */
  const pendingFor = (username: string) =>
    [...requests.values()].reverse().find((p) => p.state === 'pending' && p.session.username === username);
  const ownRequest = (request: SiteRequest) => {
    const session = ctx.sessions.get(request);
    return session?.variant === 'push' ? requests.get(session.id) : undefined;
  };

  ctx.challenges.set('push', (session) => {
    const number = String(randomInt(10, 100));
    requests.set(session.id, { session, number, state: 'pending', waiters: new Set() });
    return redirect('/2fa/push');
  });

  router
    .get('/2fa/push', (request) => {
      const push = ownRequest(request);
      if (!push) return redirect('/login/push');
      return push.session.stage === 'signed-in' ? redirect('/home') : htmlResponse(pushPage(push));
    })
    .get('/api/push/status', async (request) => {
      const push = ownRequest(request);
      if (!push) return jsonResponse({ state: 'none' }, 404);
      if (push.state === 'pending') {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            push.waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, LONG_POLL_MS);
          timer.unref(); // a closing site does not wait for idle long-polls
          push.waiters.add(wake);
        });
      }
      return jsonResponse({ state: push.state });
    })
    .post('/api/push/approve', async (request) => {
      const body = (await request.json()) as { username?: unknown; number?: unknown } | undefined;
      const push = pendingFor(text(body?.username));
      if (!push) return jsonResponse({ error: 'No sign-in of this user is waiting for approval.' }, 404);
      if (!safeEqual(text(body?.number), push.number)) {
        settle(push, 'denied');
        return jsonResponse({ error: 'Wrong number: the sign-in request was denied.' }, 409);
      }
      settle(push, 'approved');
      return jsonResponse({ approved: true });
    })
    .post('/api/push/deny', async (request) => {
      const body = (await request.json()) as { username?: unknown } | undefined;
      const push = pendingFor(text(body?.username));
      if (!push) return jsonResponse({ error: 'No sign-in of this user is waiting for approval.' }, 404);
      settle(push, 'denied');
      return jsonResponse({ denied: true });
    });
}
