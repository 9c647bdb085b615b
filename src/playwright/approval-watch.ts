import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame, Page } from 'playwright-core';
import { detectPrompt, type Prompt } from '../detect/index.js';
import { TwoFactorError } from '../errors.js';
import { maskDigitRuns } from '../mask.js';
import { DENIAL_PHRASES } from './denial-words.js';

/** What became of a push sign-in, as far as the page shows. */
export type ApprovalOutcome = { status: 'approved' } | { status: 'denied'; message: string };

/** Coalesces a burst of mutations (a framework re-rendering) into one look. */
const DEBOUNCE_MS = 50;
/** Safety net for changes no observer sees (closed shadow roots, canvas). */
const BACKSTOP_MS = 3000;
/** Longest wait for a navigating document to be readable before looking at it anyway. */
const LOAD_WAIT_MS = 5000;
/** A prompt that vanished is looked at once more after this, so a view being swapped is not a sign-in. */
const CONFIRM_MS = 250;

/** Resolves in the page at the first DOM change of the document or an open shadow root. */
const NEXT_MUTATION_SOURCE = `new Promise((resolve) => {
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.type !== 'attributes' || r.attributeName !== 'data-pw2fa-id')) {
      observer.disconnect();
      resolve(true);
    }
  });
  const watch = (root) => {
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) watch(el.shadowRoot);
  };
  watch(document);
})`;

/** Runs in the page: how often each phrase occurs in the visible text. */
function countPhrases(words: string[]): Record<string, number> {
  const text = (document.body?.innerText ?? '').toLowerCase();
  return Object.fromEntries(words.map((word) => [word, text.split(word).length - 1]));
}

/**
 * Runs in the page: the shortest visible text holding a denial phrase. With a baseline, only phrases
 * that occur more often than before count; without, only headings and alerts (a dashboard listing a
 * "declined" payment is not a denied sign-in).
 */
function findDenial(args: { words: string[]; baseline: Record<string, number> | null }): string | null {
  const text = (document.body?.innerText ?? '').toLowerCase();
  const { baseline } = args;
  const fresh = args.words.filter((w) => text.split(w).length - 1 > (baseline ? (baseline[w] ?? 0) : 0));
  if (fresh.length === 0) return null;
  const selector = baseline
    ? 'body *'
    : 'h1, h2, h3, [role="alert"], [role="status"], [aria-live], [class*="error" i], [class*="alert" i]';
  let best: string | null = null;
  for (const el of Array.from(document.querySelectorAll(selector))) {
    if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
    const own = el.innerText?.trim() ?? '';
    if (own && own.length < 300 && fresh.some((w) => own.toLowerCase().includes(w))) {
      if (best === null || own.length < best.length) best = own;
    }
  }
  return best ?? (baseline ? (fresh[0] ?? null) : null);
}

async function shownDenial(frame: Frame, baseline: Record<string, number> | null): Promise<string | null> {
  if (frame.isDetached()) return null;
  const found = await frame.evaluate(findDenial, { words: DENIAL_PHRASES, baseline }).catch(() => null);
  return found === null ? null : maskDigitRuns(found).slice(0, 200);
}

/**
 * Resolves at the next navigation, load or DOM change in any frame (or the backstop); rejects on abort.
 * `armed` keeps one in-page observer per frame across calls, so a quiet page does not collect them.
 */
async function nextChange(page: Page, signal: AbortSignal, armed: Map<Frame, Promise<void>>): Promise<void> {
  const stop = new AbortController();
  const both = AbortSignal.any([signal, stop.signal]);
  const settle = () =>
    void sleep(DEBOUNCE_MS, undefined, { signal: both }).then(
      () => stop.abort(),
      () => {},
    );
  for (const frame of page.frames()) {
    if (armed.has(frame) || frame.isDetached()) continue;
    const disarm = () => void armed.delete(frame);
    armed.set(frame, frame.evaluate(NEXT_MUTATION_SOURCE).then(disarm, disarm));
  }
  for (const change of armed.values()) void change.then(settle);
  page
    .on('framenavigated', settle)
    .on('frameattached', settle)
    .on('domcontentloaded', settle)
    .on('load', settle);
  try {
    await sleep(BACKSTOP_MS, undefined, { signal: both }).catch(() => undefined);
    signal.throwIfAborted();
  } finally {
    page
      .off('framenavigated', settle)
      .off('frameattached', settle)
      .off('domcontentloaded', settle)
      .off('load', settle);
    stop.abort();
  }
}

/** The push prompt on the page now, or `null` once the page shows none (after the DOM settled). */
async function pushPrompt(page: Page): Promise<Prompt | null> {
  if (page.isClosed()) {
    throw new TwoFactorError('PW2FA_PAGE_CLOSED', 'The page closed while waiting for a push approval.');
  }
  // A document mid-load shows nothing yet: that is not a page that moved on.
  await page.waitForLoadState('domcontentloaded', { timeout: LOAD_WAIT_MS }).catch(() => undefined);
  const prompt = await detectPrompt(page);
  return prompt?.kind === 'push-approval' ? prompt : null;
}

async function look(page: Page, first: Prompt, baseline: DenialBaseline, signal: AbortSignal) {
  const now = await pushPrompt(page);
  if (now) {
    const denied = await shownDenial(now.frame, now.frame === first.frame ? baseline : null);
    return denied === null ? null : ({ status: 'denied', message: denied } as const);
  }
  await sleep(CONFIRM_MS, undefined, { signal });
  if (await pushPrompt(page)) return null;
  for (const frame of new Set([first.frame, page.mainFrame()])) {
    const denied = await shownDenial(frame, null);
    if (denied !== null) return { status: 'denied', message: denied } as const;
  }
  return { status: 'approved' } as const;
}

/** Denial words the prompt's frame shows already, so only new ones count (see {@link waitForApproval}). */
export type DenialBaseline = Record<string, number>;

/**
 * Counts the denial words the prompt's frame shows now. Take it before anything can approve or deny
 * (the user's hook), so a fast denial is seen as new.
 *
 * @example
 * const baseline = await denialBaseline(prompt);
 */
export async function denialBaseline(prompt: Prompt): Promise<DenialBaseline> {
  return prompt.frame.evaluate(countPhrases, DENIAL_PHRASES).catch(() => ({}));
}

/**
 * Waits until the page answers a push-approval prompt: the prompt goes away (navigation, view swap, frame
 * removed) → `approved`; a denial ("Request denied", "abgelehnt") appears, or replaces the prompt in a
 * heading or alert → `denied` with that text (digits masked). Event driven: the page is looked at again
 * on navigations, loads and DOM changes in any frame, with a 3 s backstop. Rejects with `signal.reason`
 * when the signal aborts, `PW2FA_PAGE_CLOSED` when the page closes.
 *
 * @example
 * const outcome = await waitForApproval(page, prompt, { signal: AbortSignal.timeout(300_000) });
 * if (outcome.status === 'denied') console.log(outcome.message);
 */
export async function waitForApproval(
  page: Page,
  prompt: Prompt,
  opts: { signal: AbortSignal; baseline?: DenialBaseline },
): Promise<ApprovalOutcome> {
  const { signal } = opts;
  const baseline = opts.baseline ?? (await denialBaseline(prompt));
  const armed = new Map<Frame, Promise<void>>();
  for (;;) {
    signal.throwIfAborted();
    const outcome = await look(page, prompt, baseline, signal);
    if (outcome) return outcome;
    await nextChange(page, signal, armed);
  }
}
