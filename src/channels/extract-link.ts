/**
 * Magic-link extraction: from a whole e-mail (HTML or text), the one link that signs the user in or
 * confirms the login, judged by its wording, its URL and its host; footer, legal, social and image
 * links are never chosen.
 */
import { looksLikeHtml, normalizeText, readHtml } from './html-text.js';
import { LINK_URL_WORDS, LINK_WORDS, NOT_LINK_HOSTS, NOT_LINK_WORDS } from './link-words.js';
import { wordsPattern } from './word-patterns.js';

export interface ExtractLinkOptions {
  /**
   * Hosts the site signs in on (`app.example.com`, or `example.com` for it and its subdomains); links to
   * them win over links elsewhere (a click-tracking redirect is still taken when nothing else fits).
   */
  hosts?: readonly string[];
}

interface LinkCandidate {
  url: string;
  /** Words on the link itself (anchor text, title, image alt). */
  text: string;
  /** Words around a bare URL: its line and the line before ("Click the link below to sign in:"). */
  context: string;
}

const LINK_WORD = wordsPattern(LINK_WORDS, 'iu');
const LINK_URL_WORD = wordsPattern(LINK_URL_WORDS, 'iu');
const NOT_LINK_WORD = wordsPattern(NOT_LINK_WORDS, 'iu');
/**
 * A bare URL: ASCII only, so the characters glued to it in running text — CJK particles and brackets
 * ("…/login?t=Xyzを開く", "「https://…」"), curly quotes — end it. Mail links are ASCII or percent-encoded.
 */
const BARE_URL = /\bhttps?:\/\/[^\s<>"'[\]\u0080-\uffff]+/gi;
/** Messages are read up to this size; codes and links sit at the top. */
const MAX_INPUT = 2_000_000;
/** Readable text scanned for bare URLs (a long mail's sign-in link is still in its first screens). */
const MAX_TEXT = 200_000;
const NOT_A_PAGE = /\.(?:png|jpe?g|gif|webp|svg|ico|bmp|css|js|woff2?)$/i;
/** An opaque one-time token in the path or query: the thing that makes a link magic. */
const TOKEN = /[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{16,}/;
/** A short one-time value under a name that says so: `?code=QWHKZD`, `&token=…`, `?otp=48291375`. */
const TOKEN_PARAM = /[?&](?:code|token|key|otp|t|k|ticket|nonce|hash|sig|signature)=[A-Za-z0-9_.~%-]{6,}/i;
const MIN_SCORE = 3;

/** Trailing characters that end a sentence or a quotation, never a URL (`…/login?t=x).`, `「…」`). */
const TRAILING = new Set([...'.,;:!?\'")]>»”’」』】）。、，！？']);
/** Longest URL worth scoring; sign-in links with their tokens are far shorter. */
const MAX_URL = 4096;
/** Words around a bare URL that are looked at, each way. */
const CONTEXT = 240;
/** Links looked at per message; a real mail has a few dozen. */
const MAX_CANDIDATES = 500;

/** `url` without trailing punctuation, by a loop: a `[.,]+$` pattern is quadratic on a run of dots. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.has(url[end - 1] as string)) end--;
  return url.slice(0, end);
}

function bareUrls(text: string): LinkCandidate[] {
  const found: LinkCandidate[] = [];
  let previousLine = '';
  let lineStart = 0;
  while (lineStart <= text.length && found.length < MAX_CANDIDATES) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    for (const match of line.matchAll(BARE_URL)) {
      if (found.length >= MAX_CANDIDATES) break;
      const url = trimUrl(match[0].slice(0, MAX_URL));
      const before = line.slice(Math.max(0, match.index - CONTEXT), match.index);
      const after = line.slice(match.index + match[0].length, match.index + match[0].length + CONTEXT);
      // "Reset password: https://…", "Unsubscribe: https://…": a label before a colon names the URL itself.
      const label = /([^\n:：]{1,60})[:：]\s*$/.exec(before)?.[1] ?? '';
      found.push({ url, text: label, context: `${previousLine.slice(-CONTEXT)}\n${before} ${after}` });
    }
    if (line.trim() !== '') previousLine = line;
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return found;
}

function linkCandidates(input: string): LinkCandidate[] {
  if (!looksLikeHtml(input)) return bareUrls(normalizeText(input.slice(0, MAX_TEXT)));
  const { text, links } = readHtml(input);
  const anchors = links
    .slice(0, MAX_CANDIDATES)
    .map((link) => ({ url: link.href.slice(0, MAX_URL), text: link.text.slice(0, CONTEXT), context: '' }));
  return [...anchors, ...bareUrls(text.slice(0, MAX_TEXT))];
}

function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  try {
    return trimmed.includes('://') ? new URL(trimmed).hostname : trimmed.replace(/:\d+$/, '');
  } catch {
    return trimmed;
  }
}

function onHost(hostname: string, hosts: readonly string[]): boolean {
  return hosts.some((host) => hostname === host || hostname.endsWith(`.${host}`));
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function linkScore(candidate: LinkCandidate, hosts: readonly string[]): number | null {
  let url: URL;
  try {
    url = new URL(candidate.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const hostname = url.hostname.toLowerCase();
  if (onHost(hostname, NOT_LINK_HOSTS) || NOT_A_PAGE.test(url.pathname)) return null;
  const pathAndQuery = decoded(`${url.pathname} ${url.search.replace(/[?&=]/g, ' ')}`).replace(/[/_.]/g, ' ');
  if (NOT_LINK_WORD.test(candidate.text) || NOT_LINK_WORD.test(`${hostname.split('.')[0]} ${pathAndQuery}`)) {
    return null;
  }
  let score = 0;
  if (LINK_WORD.test(candidate.text)) score += 6;
  if (LINK_WORD.test(candidate.context)) score += 3;
  if (NOT_LINK_WORD.test(candidate.context)) score -= 4;
  if (LINK_URL_WORD.test(pathAndQuery)) score += 3;
  // A link without a one-time value ("Login" to the plain sign-in page) does not sign anyone in.
  if (!TOKEN.test(url.pathname + url.search) && !TOKEN_PARAM.test(url.search)) return null;
  score += 2;
  if (hosts.length && onHost(hostname, hosts)) score += 8;
  return score;
}

/**
 * The magic link in a message, or `null` when there is none.
 *
 * Looks at every `<a href>` of an HTML mail (and bare URLs in text mail) and picks the one whose words say
 * "sign in", "log in", "verify", "confirm" or "magic link" (in several languages), whose URL looks like a
 * sign-in callback (`/login`, `/auth/…`, `?token=`), and — when `hosts` are given — that points at the
 * site. Unsubscribe, privacy, help, social, app-store and image links are never returned. The link is
 * returned as written, with HTML entities decoded (`&amp;` → `&`, as a browser reads the `href`).
 *
 * @example
 * extractLink('<a href="https://app.test/unsubscribe">Unsubscribe</a> <a href="https://app.test/magic?t=Xy7">Sign in to App</a>');
 * // 'https://app.test/magic?t=Xy7'
 * extractLink(mail.html, { hosts: ['app.example.com'] });
 */
export function extractLink(htmlOrText: string, opts: ExtractLinkOptions = {}): string | null {
  const hosts = (opts.hosts ?? []).map(hostName).filter(Boolean);
  let best: { url: string; score: number } | null = null;
  for (const candidate of linkCandidates(htmlOrText.slice(0, MAX_INPUT))) {
    const score = linkScore(candidate, hosts);
    if (score === null || score < MIN_SCORE) continue;
    if (!best || score > best.score) best = { url: candidate.url, score };
  }
  return best?.url ?? null;
}
