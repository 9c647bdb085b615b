/** Shows the 2FA form only after `data-delay-ms` (1.5 s), like sites that check the device first. */
const slot = document.getElementById('delayed-slot');
const template = document.querySelector<HTMLTemplateElement>('template#delayed-prompt');
if (slot && template) {
  setTimeout(
    () => {
      slot.replaceChildren(template.content.cloneNode(true));
      slot.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
    },
    Number(slot.dataset.delayMs ?? 1500),
  );
}
