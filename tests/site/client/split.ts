/**
 * Split digit boxes (`[data-split-code]`): typing moves to the next box, Backspace on an empty box goes back,
 * a paste into any box spreads over the following ones, and the hidden `code` field gets the joined digits.
 * With `data-autosubmit` the form submits itself once the last box is filled — there is no button.
 */
function wire(group: HTMLElement): void {
  const form = group.closest('form');
  const hidden = form?.querySelector<HTMLInputElement>('input[name="code"]');
  const boxes = [...group.querySelectorAll<HTMLInputElement>('input[data-digit]')];
  if (!form || !hidden || boxes.length === 0) return;
  const autosubmit = group.hasAttribute('data-autosubmit');
  let submitted = false;

  const sync = () => {
    hidden.value = boxes.map((box) => box.value).join('');
    if (autosubmit && !submitted && boxes.every((box) => /^\d$/.test(box.value))) {
      submitted = true;
      form.requestSubmit();
    }
  };
  const spread = (from: number, text: string) => {
    const digits = text.replace(/\D/g, '').split('');
    let index = from;
    for (const digit of digits) {
      const box = boxes[index];
      if (!box) break;
      box.value = digit;
      index++;
    }
    (boxes[Math.min(index, boxes.length - 1)] ?? boxes[0])?.focus();
    sync();
  };

  boxes.forEach((box, index) => {
    box.addEventListener('focus', () => box.select());
    box.addEventListener('input', () => {
      const digits = box.value.replace(/\D/g, '');
      // Autofill or an IME can put several characters into one box.
      if (digits.length > 1) return spread(index, digits);
      box.value = digits;
      if (digits) boxes[index + 1]?.focus();
      sync();
    });
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Backspace' && box.value === '' && index > 0) {
        event.preventDefault();
        const previous = boxes[index - 1];
        if (previous) {
          previous.value = '';
          previous.focus();
        }
        sync();
      } else if (event.key === 'ArrowLeft') {
        boxes[index - 1]?.focus();
      } else if (event.key === 'ArrowRight') {
        boxes[index + 1]?.focus();
      }
    });
    box.addEventListener('paste', (event) => {
      event.preventDefault();
      spread(index, event.clipboardData?.getData('text') ?? '');
    });
  });
  form.addEventListener('submit', () => {
    hidden.value = boxes.map((box) => box.value).join('');
  });
}

for (const group of document.querySelectorAll<HTMLElement>('[data-split-code]')) wire(group);
