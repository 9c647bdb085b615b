import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame, Locator } from 'playwright-core';
import { maskDigitRuns } from '../mask.js';
import { REJECTION_PHRASES } from './error-words.js';
import { LOGGED_OUT_WORDS, phrasesOf, SUCCESS_WORDS } from './landing-words.js';
import { findFreshMessage, type PageWords, trackMessages } from './page-messages.js';

/** What the page did after a code was submitted. */
export type SubmitOutcome =
  | { status: 'moved-on' }
  /** Stayed in place and said so: "Welcome back", "Verified" appeared after the submit. */
  | { status: 'confirmed'; message: string }
  | { status: 'rejected'; message: string }
  /** Showed a rejection and went back to the start of the login (user name or password step). */
  | { status: 'restarted'; message: string }
  /** Landed on a logged-out or sign-in page without saying the code was wrong. */
  | { status: 'logged-out'; message: string }
  | { status: 'no-change' };

/** Counts of each rejection word in the frame's visible text: the baseline to compare against. */
export type RejectionBaseline = Record<string, number>;

const WORDS: PageWords = {
  rejection: REJECTION_PHRASES,
  success: phrasesOf(SUCCESS_WORDS),
  loggedOut: phrasesOf(LOGGED_OUT_WORDS),
};

/**
 * Records which rejection words the frame shows before submitting, and starts noting which messages are
 * shown or re-rendered from now on, so only those count afterwards (a banner rendered again after a retry
 * counts; the same banner left standing does not).
 *
 * @example
 * const baseline = await rejectionBaseline(prompt.frame);
 */
export async function rejectionBaseline(frame: Frame): Promise<RejectionBaseline> {
  return frame.evaluate(trackMessages, WORDS).catch(() => ({}));
}

/** Text from the page for an outcome: digits masked (a code may be quoted), cut to length. */
function quoted(text: string): string {
  return maskDigitRuns(text).slice(0, 200);
}

/**
 * Waits for the page's answer to a submitted code: the prompt's input goes away (navigation, view swap,
 * closed dialog), a rejection message appears in the prompt's frame, or — staying in place — a message
 * confirming the sign-in appears. Event-driven through Playwright's waiters; returns `no-change` when
 * none happens within `timeout`. Judging where a navigation landed is `judgeLanding`'s job.
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
  const shown = frame
    .waitForFunction(findFreshMessage, { words: WORDS, baseline }, { polling: 50, timeout: opts.timeout })
    .then(async (handle): Promise<SubmitOutcome> => {
      const found = await handle.jsonValue();
      if (!found) throw new Error('nothing shown');
      const message = quoted(found.text);
      return found.kind === 'success' ? { status: 'confirmed', message } : { status: 'rejected', message };
    });
  try {
    return await Promise.any([moved, shown]);
  } catch {
    return { status: 'no-change' };
  }
}
