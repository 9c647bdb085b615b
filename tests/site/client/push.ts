/**
 * The push-approval page: long-polls the sign-in's state and moves on to /home once the phone approved
 * it, or says so when it was denied — like Microsoft's and Okta's "approve on your phone" pages.
 */
const status = document.querySelector<HTMLElement>('[data-push-status]');

function showDenied(target: HTMLElement): void {
  const message = document.createElement('p');
  message.className = 'error';
  message.setAttribute('role', 'alert');
  message.textContent = 'Sign-in request denied on your phone. ';
  const again = document.createElement('a');
  again.href = '/login/push';
  again.textContent = 'Sign in again';
  message.append(again);
  target.replaceWith(message);
}

async function follow(target: HTMLElement): Promise<void> {
  for (;;) {
    const response = await fetch('/api/push/status', { cache: 'no-store' }).catch(() => null);
    if (!response) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    const { state } = (await response.json()) as { state: string };
    if (state === 'approved') return location.assign('/home');
    if (state === 'denied') return showDenied(target);
    if (state !== 'pending') return location.assign('/login/push');
  }
}

if (status) void follow(status);
