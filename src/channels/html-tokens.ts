/**
 * A single forward pass over HTML that yields text runs and tags: no regular expression ever looks for the
 * end of a tag, a comment or a script, so a message of a million `<`, quotes or `<!--` costs one pass
 * (issue #21: any message text is attacker-controlled). What a browser would not show is dropped on the
 * way (comments, `<script>`, `<style>`, `<head>` …), and an unterminated tag, comment or script ends the
 * document, as it does in a browser.
 */

export interface HtmlTextToken {
  kind: 'text';
  text: string;
}

export interface HtmlTagToken {
  kind: 'tag';
  /** Lower-cased element name (`a`, `td`, `br`). */
  name: string;
  closing: boolean;
  /** Everything between the name and `>`, as written (only for `a` and `img`; empty for others). */
  attributes: string;
}

export type HtmlToken = HtmlTextToken | HtmlTagToken;

/** Elements whose content a reader never sees. */
const DROPPED = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg']);
/** Dropped elements that may be left open in sloppy mail; without their end tag only the tag goes. */
const FORGIVING = new Set(['head', 'svg', 'template']);

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

/** Index of the `>` that ends the tag opened at `open`, or -1. Quotes count only as attribute values. */
function tagEnd(html: string, open: number): number {
  let quote = '';
  let afterEquals = false;
  for (let k = open + 1; k < html.length; k++) {
    const ch = html[k] as string;
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '>') return k;
    if ((ch === '"' || ch === "'") && afterEquals) {
      quote = ch;
      afterEquals = false;
    } else if (ch === '=') afterEquals = true;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') afterEquals = false;
  }
  return -1;
}

function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 45 ||
    code === 58
  );
}

/** Tags whose attributes anyone reads (links and their images); others skip the copy. */
const WITH_ATTRIBUTES = new Set(['a', 'img']);

/**
 * The tokens of `html`, in document order. Linear in the input length.
 *
 * @example
 * [...htmlTokens('<p>Code <b>42</b></p>')].map((t) => (t.kind === 'tag' ? t.name : t.text));
 * // ['p', 'Code ', 'b', '42', 'b', 'p']
 */
export function* htmlTokens(html: string): Generator<HtmlToken> {
  let lower: string | null = null;
  // Where each dropped element's end tag was last found (-1: nowhere after that point), so a run of
  // unclosed `<head>`s searches the rest of the document once, not once per tag.
  const closes = new Map<string, number>();
  let i = 0;
  // Start of text not yet yielded: a `<` that opens no tag stays part of it (one token, not a million).
  let textStart = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) break;
    const next = html[open + 1];
    const comment = next === '!' && html.startsWith('<!--', open);
    const markup =
      isLetter(next) || next === '!' || next === '?' || (next === '/' && isLetter(html[open + 2]));
    if (!markup) {
      i = open + 1;
      continue;
    }
    if (open > textStart) yield { kind: 'text', text: html.slice(textStart, open) };
    if (comment) {
      const close = html.indexOf('-->', open + 4);
      if (close === -1) return;
      i = textStart = close + 3;
      continue;
    }
    const end = tagEnd(html, open);
    if (end === -1) return;
    i = textStart = end + 1;
    if (next === '!' || next === '?') continue; // doctype, CDATA, processing instruction
    const closing = next === '/';
    const nameStart = open + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < end && nameEnd - nameStart < 64 && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    if (!closing && DROPPED.has(name) && html[end - 1] !== '/') {
      lower ??= html.toLowerCase();
      const known = closes.get(name);
      const close =
        known !== undefined && (known === -1 || known >= i) ? known : lower.indexOf(`</${name}`, i);
      closes.set(name, close);
      const closeEnd = close === -1 ? -1 : html.indexOf('>', close);
      if (closeEnd === -1) {
        if (FORGIVING.has(name)) continue;
        return;
      }
      i = textStart = closeEnd + 1;
      yield { kind: 'text', text: ' ' };
      continue;
    }
    const attributes = WITH_ATTRIBUTES.has(name) ? html.slice(nameEnd, end) : '';
    yield { kind: 'tag', name, closing, attributes };
  }
  if (textStart < html.length) yield { kind: 'text', text: html.slice(textStart) };
}
