/**
 * `<demo-otp-prompt>`: the 2FA form inside an open shadow root, as design-system web components ship it.
 * The form posts like any other; only the DOM boundary differs.
 */
const STYLE = `
  :host { display: block; }
  form { display: grid; gap: 10px; }
  label { font-weight: 600; }
  input { font: 600 22px/1.2 ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: 6px; padding: 10px 12px;
    border: 1px solid #c5cad3; border-radius: 8px; width: 100%; box-sizing: border-box; }
  input:focus { outline: 2px solid #2f5bea; border-color: #2f5bea; }
  button { font: 600 15px/1 system-ui, sans-serif; padding: 12px; border: 0; border-radius: 8px; background: #2f5bea;
    color: #fff; cursor: pointer; }
  .error { color: #b42318; background: #fef3f2; border: 1px solid #fecdca; border-radius: 8px; padding: 8px 12px; margin: 0; }
`;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

class DemoOtpPrompt extends HTMLElement {
  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const {
      action = '',
      label = 'Authentication code',
      verify = 'Verify',
      digits = '6',
      error = '',
    } = this.dataset;
    const form = element('form', { method: 'post', action });
    form.append(
      element('label', { for: 'code' }, label),
      element('input', {
        id: 'code',
        name: 'code',
        type: 'text',
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        pattern: '[0-9]*',
        maxlength: digits,
        required: '',
      }),
    );
    if (error) form.append(element('p', { class: 'error', role: 'alert' }, error));
    form.append(element('button', { type: 'submit' }, verify));
    root.append(element('style', {}, STYLE), form);
    root.querySelector('input')?.focus();
  }
}

customElements.define('demo-otp-prompt', DemoOtpPrompt);
