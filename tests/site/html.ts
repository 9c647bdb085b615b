/** HTML that is already escaped; anything else interpolated into {@link html} is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolation except {@link SafeHtml} (nested `html` results);
 * arrays are joined, and `null`, `undefined` and `false` render nothing.
 *
 * @example
 * html`<p>Signed in as <strong>${username}</strong></p>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  lang?: string;
  /** Bundled module names under /assets/, e.g. `split` for /assets/split.js. */
  scripts?: readonly string[];
  /** Shown in the header: a signed-in user gets a "Log out" link there. */
  username?: string;
  /** Narrow pages without the site header, such as the content of a cross-origin frame. */
  bare?: boolean;
  /** A wider card, for the landing page's list. */
  wide?: boolean;
  bodyData?: Readonly<Record<string, string>>;
}

/** A complete page: the site's header, one card of content, local CSS and module scripts. No external resources. */
export function page(options: PageOptions): string {
  const scripts = (options.scripts ?? []).map(
    (name) => html`<script type="module" src="/assets/${name}.js"></script>`,
  );
  const data = Object.entries(options.bodyData ?? {}).map(([key, value]) => html` data-${key}="${value}"`);
  const header = options.bare
    ? ''
    : html`<header class="site-header">
        <a class="brand" href="/"><span class="logo" aria-hidden="true">◆</span> Demo Site</a>
        ${options.username ? html`<nav><span class="muted">${options.username}</span> <a href="/logout">Log out</a></nav>` : ''}
      </header>`;
  return html`<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Demo Site</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/styles.css">
${scripts}
</head>
<body${data}${options.bare ? html` class="bare"` : ''}>
${header}
<main class="card${options.wide ? ' wide' : ''}">
${options.body}
</main>
</body>
</html>
`.value;
}
