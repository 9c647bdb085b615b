/**
 * The `in-place` prompt: posts the code with fetch and writes the answer above the form, like script-driven
 * sign-in widgets. The old banner is removed as soon as the form is sent and a new one is rendered with the
 * answer, so a second wrong code shows the same text again in a new element.
 */
const form = document.querySelector<HTMLFormElement>('form[data-in-place]');
const answer = document.getElementById('answer');
if (form && answer) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    answer.replaceChildren();
    const response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form) as never),
    });
    const { ok, message } = (await response.json()) as { ok: boolean; message: string };
    const banner = document.createElement('p');
    banner.className = ok ? 'notice' : 'error';
    banner.setAttribute('role', ok ? 'status' : 'alert');
    banner.textContent = message;
    // A moment later, as a real round trip would be.
    setTimeout(() => answer.replaceChildren(banner), 150);
  });
}
