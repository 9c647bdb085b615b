/**
 * Mail bodies arrive as HTML more often than as text. Code and link extraction work on text, so this
 * module turns HTML into the text a person would read (blocks on their own lines, entities decoded,
 * invisible preheader padding dropped) and lists the page's links with the words on them.
 */

import { type HtmlToken, htmlTokens } from './html-tokens.js';

/** Named entities seen in real transactional mail; anything else stays as written. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  agrave: 'à',
  egrave: 'è',
  ecirc: 'ê',
  ccedil: 'ç',
  ntilde: 'ñ',
  atilde: 'ã',
  otilde: 'õ',
  // Zero-width characters: newsletters pad the preheader with them (`&zwnj;&nbsp;` runs).
  zwnj: '',
  zwj: '',
  shy: '',
};

/**
 * Zero-width and filler characters that split words invisibly: ZWSP, ZWNJ, ZWJ, word joiner, BOM,
 * soft hyphen, and U+034F (combining grapheme joiner), which Mailchimp-style preheaders repeat.
 */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]|\u034f/g;
/** Horizontal whitespace, including no-break and CJK ideographic spaces. */
const SPACES = /[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
/** Elements that start a new line in the text a person reads. */
const BLOCK_TAGS = new Set(
  'p div br hr tr table tbody thead tfoot h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer main nav aside blockquote center pre form fieldset address caption'.split(
    ' ',
  ),
);
const CELL_TAGS = new Set(['td', 'th']);
/**
 * A tag a mail would contain, or any closing tag. No `[^>]*>` part: on a million `<p` with no `>` that
 * would rescan the rest of the input from every `<p`.
 */
const LOOKS_LIKE_HTML =
  /<(?:html|body|head|div|p|br|table|td|tr|span|a|b|strong|em|font|center|img|h[1-6])[\s/>]|<\/[a-z][a-z0-9]*\s*>/i;

/**
 * Decodes HTML character references: `&amp;`, `&#8203;`, `&#x20AC;` and the named entities common in mail.
 *
 * @example
 * decodeEntities('Code&nbsp;&#52;&#56;2913 &amp; more'); // 'Code 482913 & more'
 */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,8});/g,
    (whole, ref: string) => {
      if (ref.startsWith('#')) {
        const point =
          ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        return point > 0 && point <= 0x10ffff && !(point >= 0xd800 && point <= 0xdfff)
          ? String.fromCodePoint(point)
          : whole;
      }
      return NAMED_ENTITIES[ref] ?? whole;
    },
  );
}

/**
 * True when the input is markup rather than plain text (a whole HTML mail or a fragment).
 *
 * @example
 * looksLikeHtml('<p>Your code is <b>482913</b></p>'); // true
 * looksLikeHtml('Your code is 482913'); // false
 */
export function looksLikeHtml(input: string): boolean {
  return LOOKS_LIKE_HTML.test(input);
}

/**
 * Tidies text for scanning: drops invisible characters, collapses runs of spaces, trims every line and
 * keeps at most one blank line in a row. Offsets in the result are what the extractors measure.
 *
 * @example
 * normalizeText('Your  code:\u200b\n\n\n\n 482913 '); // 'Your code:\n\n482913'
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The text a person reads in an HTML mail: scripts, styles and the head dropped, block elements on their
 * own lines, table cells separated by a space, inline tags removed without a gap (so a code split over
 * `<span>`s stays whole), entities decoded, whitespace normalised.
 *
 * @example
 * htmlToText('<p>Your code:</p><p><b>48</b><b>2913</b></p>'); // 'Your code:\n\n482913'
 */
export function htmlToText(html: string): string {
  return normalizeText(decodeEntities(tokensToText(htmlTokens(html))));
}

/** Text of a token stream, block elements on their own lines and cells apart (before entity decoding). */
function tokensToText(tokens: Iterable<HtmlToken>): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'text') parts.push(token.text);
    else if (BLOCK_TAGS.has(token.name)) parts.push('\n');
    else if (CELL_TAGS.has(token.name)) parts.push(' ');
  }
  return parts.join('');
}

/** One `<a href>` of an HTML document. */
export interface HtmlLink {
  /** The `href`, entity-decoded (what a browser would follow). */
  href: string;
  /** Visible text of the link, plus `title`/`aria-label` and the `alt` text of images inside it. */
  text: string;
}

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(
    attributes,
  );
  if (!match) return null;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '').trim();
}

/**
 * Every `<a href>` of an HTML document with the words a reader sees on it, in document order.
 *
 * @example
 * htmlLinks('<a href="https://x.test/l?t=1&amp;u=2">Sign in</a>');
 * // [{ href: 'https://x.test/l?t=1&u=2', text: 'Sign in' }]
 */
export function htmlLinks(html: string): HtmlLink[] {
  return readHtml(html).links;
}

/**
 * The readable text and the links of an HTML document in one pass (what htmlToText and htmlLinks give).
 *
 * @example
 * const { text, links } = readHtml(mail.html);
 */
export function readHtml(html: string): { text: string; links: HtmlLink[] } {
  const links: HtmlLink[] = [];
  const parts: string[] = [];
  let open: { attributes: string; inner: HtmlToken[]; alts: string[] } | null = null;
  const finish = () => {
    if (!open) return;
    const href = attribute(open.attributes, 'href');
    if (href) {
      const words = [
        normalizeText(decodeEntities(tokensToText(open.inner))),
        attribute(open.attributes, 'title'),
        attribute(open.attributes, 'aria-label'),
        ...open.alts,
      ];
      links.push({ href, text: words.filter((word): word is string => !!word).join(' ') });
    }
    open = null;
  };
  for (const token of htmlTokens(html)) {
    if (token.kind === 'text') parts.push(token.text);
    else if (BLOCK_TAGS.has(token.name)) parts.push('\n');
    else if (CELL_TAGS.has(token.name)) parts.push(' ');
    if (token.kind === 'tag' && token.name === 'a') {
      // An `<a>` inside an open one closes it, as in a browser.
      finish();
      if (!token.closing) open = { attributes: token.attributes, inner: [], alts: [] };
      continue;
    }
    if (!open) continue;
    // Bounded per link: a link's words are a few dozen characters, not a whole unterminated document.
    if (open.inner.length < 200) open.inner.push(token);
    if (token.kind === 'tag' && token.name === 'img' && open.alts.length < 4) {
      const alt = attribute(token.attributes, 'alt');
      if (alt) open.alts.push(alt);
    }
  }
  finish();
  return { text: normalizeText(decodeEntities(parts.join(''))), links };
}
