/**
 * A code field that refuses typed input and takes only a paste (`[data-paste-only]`), as some banks do.
 * Deleting is allowed so a wrong paste can be cleared.
 */
function wire(input: HTMLInputElement): void {
  const hint = input.getAttribute('aria-describedby');
  const warn = () => {
    const element = hint ? document.getElementById(hint) : null;
    element?.classList.add('error');
  };
  input.addEventListener('keydown', (event) => {
    if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      warn();
    }
  });
  input.addEventListener('beforeinput', (event) => {
    if (event.inputType.startsWith('delete')) return;
    event.preventDefault();
    warn();
  });
  input.addEventListener('drop', (event) => event.preventDefault());
  input.addEventListener('paste', (event) => {
    event.preventDefault();
    const digits = (event.clipboardData?.getData('text') ?? '').replace(/\D/g, '');
    input.value = digits.slice(0, input.maxLength > 0 ? input.maxLength : digits.length);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

for (const input of document.querySelectorAll<HTMLInputElement>('input[data-paste-only]')) wire(input);
