/**
 * In-page halves of outcome judgement: which messages a page shows, and which of them are new since the
 * code was submitted. Each export runs inside the page through `evaluate`/`waitForFunction`, so each is
 * self-contained (helpers are declared inside) and returns plain data; decisions stay in Node.
 */

/** The phrase lists the page functions match, already normalised (lower case, ASCII quotes). */
export interface PageWords {
  rejection: string[];
  success: string[];
  loggedOut: string[];
}

/** A message that appeared after the baseline: a rejection, or a sign-in confirmed in place. */
export interface FreshMessage {
  kind: 'rejection' | 'success';
  text: string;
}

interface Tracker {
  /** Message elements shown at the baseline and not changed, hidden or re-rendered since. */
  seen: Set<Element>;
  observer: MutationObserver;
}

/**
 * Runs in the page before submitting: remembers the visible elements that already read like a rejection
 * or a confirmation, and forgets each one as soon as it (or anything inside it) is re-rendered, so the same
 * banner shown again after a retry counts as new. Returns the count of each rejection phrase in the page's
 * visible text (the older, count-based baseline, kept for pages where elements cannot be told apart).
 */
export function trackMessages(words: PageWords): Record<string, number> {
  const fold = (text: string) =>
    text
      .toLowerCase()
      .replace(/[\u2018\u2019\u201A\u201B\u02BC\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"');
  const holder = window as unknown as { __pw2faMessages?: Tracker };
  holder.__pw2faMessages?.observer.disconnect();
  const phrases = [...words.rejection, ...words.success];
  const seen = new Set<Element>();
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (!(el instanceof HTMLElement) || el.getClientRects().length === 0) continue;
    const text = fold(el.innerText ?? '');
    if (text.length < 300 && phrases.some((phrase) => text.includes(phrase))) seen.add(el);
  }
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      let node: Node | null = record.target;
      while (node) {
        if (node instanceof Element) seen.delete(node);
        node = node.parentNode;
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, characterData: true, subtree: true });
  holder.__pw2faMessages = { seen, observer };
  const body = fold(document.body?.innerText ?? '');
  const counts: Record<string, number> = {};
  for (const word of words.rejection) counts[word] = body.split(word).length - 1;
  return counts;
}

/**
 * Runs in the page while waiting for the site's answer: the shortest visible message that appeared (or was
 * re-rendered) since `trackMessages` and reads like a rejection — or, when none does, like a sign-in
 * confirmed in place. On a document loaded since (no tracker), everything visible is new, and only
 * rejections count: where a navigation landed is judged in Node from the whole page.
 */
export function findFreshMessage(args: {
  words: PageWords;
  baseline: Record<string, number>;
}): FreshMessage | null {
  const fold = (text: string) =>
    text
      .toLowerCase()
      .replace(/[\u2018\u2019\u201A\u201B\u02BC\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"');
  const { words, baseline } = args;
  const tracker = (window as unknown as { __pw2faMessages?: Tracker }).__pw2faMessages;
  const body = fold(document.body?.innerText ?? '');
  const any = (text: string, list: string[]) => list.some((phrase) => text.includes(phrase));
  if (!any(body, words.rejection) && !(tracker && any(body, words.success))) return null;
  if (tracker) {
    for (const el of tracker.seen) {
      if (!el.isConnected || el.getClientRects().length === 0) tracker.seen.delete(el);
    }
  }
  // "Not verified", "nicht bestätigt": a success word under a negation is no success.
  const negated = /\b(not|never|cannot|unable|failed|nicht|pas|no|non|niet)\b|n't/;
  let rejection: string | null = null;
  let success: string | null = null;
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (!(el instanceof HTMLElement) || el.getClientRects().length === 0) continue;
    if (tracker?.seen.has(el)) continue;
    const own = (el.innerText ?? '').trim();
    if (!own || own.length >= 300) continue;
    const text = fold(own);
    // The innermost element holding the phrase: an unchanged banner inside a re-rendered form stays old.
    const innermost = (list: string[]) =>
      list.some(
        (phrase) =>
          text.includes(phrase) &&
          !Array.from(el.children).some(
            (child) => child instanceof HTMLElement && fold(child.innerText ?? '').includes(phrase),
          ),
      );
    if (innermost(words.rejection) && !any(text, words.loggedOut)) {
      if (rejection === null || own.length < rejection.length) rejection = own;
    } else if (tracker && innermost(words.success) && !negated.test(text) && !any(text, words.rejection)) {
      if (success === null || own.length < success.length) success = own;
    }
  }
  if (rejection !== null) return { kind: 'rejection', text: rejection };
  if (success !== null) return { kind: 'success', text: success };
  // Text the element walk cannot attribute (e.g. split across nodes): fall back to counting.
  const fresh = words.rejection.find((word) => body.split(word).length - 1 > (baseline[word] ?? 0));
  return fresh ? { kind: 'rejection', text: fresh } : null;
}
