import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame, Locator } from 'playwright-core';
import { maskDigitRuns } from '../mask.js';
import { REJECTION_PHRASES } from './error-words.js';

/** What the page did after a code was submitted. */
export type SubmitOutcome =
  | { status: 'moved-on' }
  | { status: 'rejected'; message: string }
  | { status: 'no-change' };

/** Counts of each rejection word in the frame's visible text: the baseline to compare against. */
export type RejectionBaseline = Record<string, number>;

/** Runs in the page: how often each word occurs in the visible text of the document. */
function countWords(words: string[]): Record<string, number> {
  const text = (document.body?.innerText ?? '').toLowerCase();
  const counts: Record<string, number> = {};
  for (const word of words) counts[word] = text.split(word).length - 1;
  return counts;
}

/** Runs in the page: the shortest visible element text that holds a newly appeared rejection word. */
function findRejectionText(args: { words: string[]; baseline: Record<string, number> }): string | null {
  const text = (document.body?.innerText ?? '').toLowerCase();
  const fresh = args.words.filter((w) => text.split(w).length - 1 > (args.baseline[w] ?? 0));
  if (fresh.length === 0) return null;
  let best: string | null = null;
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
    const own = el.innerText?.trim() ?? '';
    if (own && own.length < 300 && fresh.some((w) => own.toLowerCase().includes(w))) {
      if (best === null || own.length < best.length) best = own;
    }
  }
  return best ?? fresh[0] ?? null;
}

/**
 * Records which rejection words the frame shows before submitting, so only new ones count afterwards.
 *
 * @example
 * const baseline = await rejectionBaseline(prompt.frame);
 */
export async function rejectionBaseline(frame: Frame): Promise<RejectionBaseline> {
  return frame.evaluate(countWords, REJECTION_PHRASES).catch(() => ({}));
}

/**
 * Waits for the page's answer to a submitted code: the prompt's input goes away (navigation, view swap,
 * closed dialog), or a rejection message appears in the prompt's frame. Event-driven through Playwright's
 * waiters; returns `no-change` when neither happens within `timeout`.
 *
 * @example
 * const outcome = await waitForOutcome(prompt.frame, prompt.inputs[0], baseline, { timeout: 10_000 });
 */
export async function waitForOutcome(
  frame: Frame,
  input: Locator | undefined,
  baseline: RejectionBaseline,
  opts: { timeout: number },
): Promise<SubmitOutcome> {
  // Without an input to watch, only a detached frame counts as moved on; the wait still ends at `timeout`
  // (a promise that never settled here kept Promise.any below from ever settling).
  const hidden = input
    ? input.waitFor({ state: 'hidden', timeout: opts.timeout })
    : sleep(opts.timeout).then(() => {
        throw new Error('no input to watch');
      });
  // A prompt iframe that the page removed (or navigated away from) has moved on too.
  const moved = hidden
    .catch((error: unknown) => {
      if (!frame.isDetached()) throw error;
    })
    .then((): SubmitOutcome => ({ status: 'moved-on' }));
  const rejected = frame
    .waitForFunction(
      findRejectionText,
      { words: REJECTION_PHRASES, baseline },
      { polling: 50, timeout: opts.timeout },
    )
    .then(async (handle): Promise<SubmitOutcome> => {
      const message = (await handle.jsonValue()) ?? '';
      return { status: 'rejected', message: maskDigitRuns(message).slice(0, 200) };
    });
  try {
    return await Promise.any([moved, rejected]);
  } catch {
    return { status: 'no-change' };
  }
}
