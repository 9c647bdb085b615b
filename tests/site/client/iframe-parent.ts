/**
 * The parent page of the Duo-style frame: when the frame (another origin) reports an approved transaction,
 * the page posts it to its own server to finish the sign-in.
 */
const frame = document.querySelector<HTMLIFrameElement>('iframe[data-2fa-frame]');
const form = document.querySelector<HTMLFormElement>('form#frame-complete');
if (frame && form) {
  const frameOrigin = new URL(frame.src).origin;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== frameOrigin || typeof event.data !== 'object' || event.data === null) return;
    const { type, tx } = event.data as { type?: unknown; tx?: unknown };
    if (type !== 'demo-guard:approved' || typeof tx !== 'string') return;
    const field = form.querySelector<HTMLInputElement>('input[name="tx"]');
    if (!field) return;
    field.value = tx;
    form.submit();
  });
}
