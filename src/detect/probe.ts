/**
 * The in-page half of detection: one `evaluate` per frame that reads what a person would see — visible
 * inputs with their attributes, labels and surrounding text, buttons, headings and the page's prose — and
 * returns it as plain data. It decides nothing; scoring happens in Node (`score.ts`, `classify.ts`).
 * Elements that matter get a `data-pw2fa-id` stamp so Node can build locators for them (CSS pierces
 * open shadow roots, so stamped elements inside them are found too).
 */

export interface ProbedInput {
  id: string;
  type: string;
  name: string;
  idAttr: string;
  className: string;
  autocomplete: string;
  inputMode: string;
  maxLength: number;
  pattern: string;
  placeholder: string;
  ariaLabel: string;
  label: string;
  dataAttrs: string;
  x: number;
  y: number;
  width: number;
  height: number;
  disabled: boolean;
  readOnly: boolean;
  /** Stamp of the nearest ancestor holding 4–8 one-character inputs: the split-box widget. */
  group: string | null;
  /** Visible prose around the input (headings, instructions), links and buttons left out. */
  context: string;
  /** Stamp of the form (or dialog) that holds the input. */
  form: string | null;
}

export interface ProbedButton {
  id: string;
  text: string;
  type: string;
  form: string | null;
  y: number;
}

export interface ProbedImage {
  id: string;
  kind: 'img' | 'canvas' | 'svg';
  hint: string;
  width: number;
  height: number;
}

export interface ProbeResult {
  url: string;
  title: string;
  lang: string;
  /** Visible prose of the frame: headings and instructions, without navigation, links and buttons. */
  prose: string;
  headings: string[];
  /** Visible text of links and buttons: alternatives such as "Use a recovery code". */
  actions: string[];
  inputs: ProbedInput[];
  buttons: ProbedButton[];
  images: ProbedImage[];
  /** Elements whose text looks like a printed base32 key (enrollment pages). */
  keyTexts: string[];
  /** Number of `<article>` elements: long reading pages talk about 2FA without asking for it. */
  articles: number;
  visiblePasswordFields: number;
  totalInputs: number;
}

/** Caps that keep a page with thousands of inputs bounded. */
export const PROBE_LIMITS = { inputs: 300, buttons: 120, proseChars: 4000, contextChars: 700 } as const;

/**
 * Runs inside the page. Self-contained on purpose: Playwright serialises it, so it may use nothing from
 * the enclosing module.
 */
export function probePage(limits: typeof PROBE_LIMITS): ProbeResult {
  const w = window as unknown as { __pw2faSeq?: number };
  const stamp = (el: Element): string => {
    let id = el.getAttribute('data-pw2fa-id');
    if (!id) {
      w.__pw2faSeq = (w.__pw2faSeq ?? 0) + 1;
      id = `p${w.__pw2faSeq}`;
      el.setAttribute('data-pw2fa-id', id);
    }
    return id;
  };
  const parentOf = (node: Node): Element | null => {
    if (node.parentElement) return node.parentElement;
    const root = node.parentNode;
    return root instanceof ShadowRoot ? root.host : null;
  };
  const visibleCache = new Map<Element, boolean>();
  const isVisible = (el: Element): boolean => {
    const cached = visibleCache.get(el);
    if (cached !== undefined) return cached;
    let visible = true;
    if (el.closest('[hidden],[aria-hidden="true"],[inert]')) visible = false;
    else if ('checkVisibility' in el && !el.checkVisibility({ visibilityProperty: true })) visible = false;
    else {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) visible = false;
      else if (r.right < 0 || r.bottom < -window.scrollY) visible = false;
    }
    visibleCache.set(el, visible);
    return visible;
  };
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

  const SKIP = new Set([
    'SCRIPT',
    'STYLE',
    'NOSCRIPT',
    'TEMPLATE',
    'SELECT',
    'OPTION',
    'NAV',
    'FOOTER',
    'SVG',
    'TEXTAREA',
  ]);
  const ACTION = new Set(['A', 'BUTTON', 'SUMMARY']);
  /** Visible prose under a node, crossing open shadow roots, links and buttons left out. */
  const proseOf = (root: Node, limit: number, actions?: string[]): string => {
    const parts: string[] = [];
    let length = 0;
    const walk = (node: Node): void => {
      if (length >= limit) return;
      if (node.nodeType === Node.TEXT_NODE) {
        // A multi-megabyte text node is cut before cleaning: only the first `limit` characters are kept.
        const raw = node.textContent ?? '';
        const text = clean(raw.length > limit ? raw.slice(0, limit + 1) : raw);
        const parent = node.parentElement;
        if (text && parent && isVisible(parent)) {
          parts.push(text);
          length += text.length + 1;
        }
        return;
      }
      if (!(node instanceof Element || node instanceof ShadowRoot || node instanceof Document)) return;
      if (node instanceof Element) {
        if (SKIP.has(node.tagName.toUpperCase())) return;
        const role = node.getAttribute('role');
        if (ACTION.has(node.tagName) || role === 'button' || role === 'link' || role === 'navigation') {
          if (actions && isVisible(node)) actions.push(clean((node as HTMLElement).innerText).slice(0, 120));
          return;
        }
        if (node.tagName === 'HEADER' && node.querySelector('nav')) return;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
      for (const child of Array.from(node.childNodes)) walk(child);
    };
    walk(root);
    return parts.join(' ').slice(0, limit);
  };

  // Every element in the document and its open shadow roots, in document order.
  const all: Element[] = [];
  const collect = (root: Document | ShadowRoot): void => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      all.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);

  const inputs: HTMLInputElement[] = [];
  const buttons: Element[] = [];
  let totalInputs = 0;
  let visiblePasswordFields = 0;
  const images: ProbeResult['images'] = [];
  for (const el of all) {
    if (el instanceof HTMLInputElement) {
      totalInputs++;
      if (inputs.length >= limits.inputs) continue;
      const type = el.type.toLowerCase();
      if (
        (type === 'submit' || type === 'button' || type === 'image') &&
        buttons.length < limits.buttons &&
        isVisible(el)
      ) {
        buttons.push(el);
        continue;
      }
      if (
        [
          'hidden',
          'checkbox',
          'radio',
          'file',
          'submit',
          'button',
          'image',
          'reset',
          'range',
          'color',
        ].includes(type)
      )
        continue;
      if (!isVisible(el)) continue;
      if (type === 'password') visiblePasswordFields++;
      inputs.push(el);
    } else if (
      buttons.length < limits.buttons &&
      (el instanceof HTMLButtonElement ||
        el.getAttribute('role') === 'button' ||
        (el instanceof HTMLAnchorElement && el.href))
    ) {
      if (isVisible(el)) buttons.push(el);
    } else if (el instanceof HTMLImageElement || el instanceof HTMLCanvasElement || el.tagName === 'svg') {
      const r = el.getBoundingClientRect();
      const hint = clean(
        [
          el.getAttribute('alt'),
          el.getAttribute('aria-label'),
          el.getAttribute('title'),
          el.id,
          el.getAttribute('class'),
          el.getAttribute('src')?.slice(0, 80),
        ].join(' '),
      );
      const square = r.width >= 60 && Math.abs(r.width - r.height) <= r.width * 0.15;
      if (square && isVisible(el)) {
        const kind =
          el instanceof HTMLImageElement ? 'img' : el instanceof HTMLCanvasElement ? 'canvas' : 'svg';
        images.push({ id: stamp(el), kind, hint, width: r.width, height: r.height });
      }
    }
  }

  const containerOf = (el: Element): Element | null =>
    el.closest('form,dialog,[role=dialog],[role=alertdialog],[role=form]') ??
    (el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).host : null);
  const labelOf = (el: HTMLInputElement): string => {
    const parts: string[] = [];
    for (const label of Array.from(el.labels ?? [])) parts.push((label as HTMLElement).innerText);
    for (const ref of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) {
      const root = el.getRootNode() as Document | ShadowRoot;
      const target = root.getElementById?.(ref) ?? document.getElementById(ref);
      if (target) parts.push((target as HTMLElement).innerText ?? target.textContent ?? '');
    }
    return clean(parts.join(' ')).slice(0, 200);
  };
  const contextCache = new Map<Element, string>();
  const contextOf = (el: Element): string => {
    let node: Element | null = parentOf(el);
    let best = '';
    for (let depth = 0; node && depth < 8; depth++, node = parentOf(node)) {
      let text = contextCache.get(node);
      if (text === undefined) {
        text = proseOf(node, limits.contextChars);
        contextCache.set(node, text);
      }
      best = text;
      // A form or dialog bounds the prompt, unless it holds almost no text (the heading sits outside it).
      const boundary = node.tagName === 'FORM' || node.getAttribute('role') === 'dialog';
      if (text.length >= 60 || (boundary && text.length >= 30)) break;
    }
    return best;
  };
  /** One box of a split widget: maxlength 1, or a narrow box (react-otp-input sets no maxlength). */
  const isBox = (el: HTMLInputElement): boolean => {
    if (el.maxLength === 1) return true;
    // <input type=number min=0 max=9>: one digit per box (bank and credit-union widgets).
    if (el.getAttribute('min') === '0' && el.getAttribute('max') === '9') return true;
    const r = el.getBoundingClientRect();
    return el.maxLength < 0 && r.width > 0 && r.width <= 64 && r.width <= r.height * 1.6;
  };
  const groupOf = (el: HTMLInputElement): string | null => {
    if (!isBox(el)) return null;
    let node: Element | null = parentOf(el);
    for (let depth = 0; node && depth < 4; depth++, node = parentOf(node)) {
      const boxes = Array.from(node.querySelectorAll('input')).filter((i) => isVisible(i) && isBox(i));
      if (boxes.length >= 4) return boxes.length <= 8 ? stamp(node) : null;
    }
    return null;
  };

  const probedInputs: ProbedInput[] = inputs.map((el) => {
    const r = el.getBoundingClientRect();
    const container = containerOf(el);
    const data = Array.from(el.attributes)
      .filter((a) => a.name.startsWith('data-') && a.name !== 'data-pw2fa-id')
      .map((a) => `${a.name}=${a.value}`)
      .join(' ');
    return {
      id: stamp(el),
      type: el.type.toLowerCase(),
      name: el.name,
      idAttr: el.id,
      className: typeof el.className === 'string' ? el.className : '',
      autocomplete: (el.getAttribute('autocomplete') ?? '').toLowerCase(),
      inputMode: (el.getAttribute('inputmode') ?? '').toLowerCase(),
      maxLength: el.maxLength,
      pattern: el.getAttribute('pattern') ?? '',
      placeholder: el.placeholder ?? '',
      ariaLabel: el.getAttribute('aria-label') ?? '',
      label: labelOf(el),
      dataAttrs: data.slice(0, 300),
      x: r.x,
      y: r.y,
      width: r.width,
      height: r.height,
      disabled: el.disabled,
      readOnly: el.readOnly,
      group: groupOf(el),
      context: contextOf(el),
      form: container ? stamp(container) : null,
    };
  });

  const actions: string[] = [];
  const prose = proseOf(document.body ?? document, limits.proseChars, actions);
  const headings = all
    .filter(
      (el) => /^H[1-4]$/.test(el.tagName) || el.getAttribute('role') === 'heading' || el.tagName === 'LEGEND',
    )
    .filter(isVisible)
    .map((el) => clean((el as HTMLElement).innerText))
    .filter(Boolean)
    .slice(0, 12);
  const KEY_PATTERN = /(?:\b[A-Z2-7]{4}\b[ -]?){4,}|\b[A-Z2-7]{16,}\b/;
  const keyTexts = all
    .filter((el) => {
      if (el.childElementCount > 3 || SKIP.has(el.tagName)) return false;
      // A printed key sits in a small element; long texts (articles, megabyte dumps) are not read whole.
      const text = el.textContent ?? '';
      return text.length <= 2000 && KEY_PATTERN.test(text);
    })
    .filter(isVisible)
    .slice(-4)
    .map((el) => stamp(el));

  return {
    url: location.href,
    title: document.title,
    lang: (document.documentElement.getAttribute('lang') ?? '').toLowerCase(),
    prose,
    headings,
    actions: actions.filter(Boolean).slice(0, 40),
    inputs: probedInputs,
    buttons: buttons.map((el) => {
      const container = containerOf(el);
      return {
        id: stamp(el),
        text: clean(
          (el as HTMLElement).innerText || el.getAttribute('aria-label') || (el as HTMLInputElement).value,
        ).slice(0, 80),
        type: (el.getAttribute('type') ?? (el instanceof HTMLButtonElement ? 'submit' : '')).toLowerCase(),
        form: container ? stamp(container) : null,
        y: el.getBoundingClientRect().y,
      };
    }),
    images,
    keyTexts,
    articles: Array.from(document.querySelectorAll('article')).filter(isVisible).length,
    visiblePasswordFields,
    totalInputs,
  };
}
