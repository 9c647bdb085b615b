import type { Page } from 'playwright-core';
import { maskDigitRuns } from '../mask.js';
import { REJECTION_PHRASES } from './error-words.js';
import { LOGGED_OUT_WORDS, phrasesOf, SIGN_IN_WORDS, SIGN_OUT_WORDS } from './landing-words.js';

/** What a page shows about the session, read in one `evaluate` (plain data, decided in Node). */
export interface LandingFacts {
  /** A visible password field. */
  password: boolean;
  /** A visible user-name / e-mail field of a sign-in form. */
  username: boolean;
  /** Texts of visible buttons and links (short ones only), normalised. */
  controls: string[];
  /** Any control or link, visible or in a closed menu, that signs out. */
  signOut: boolean;
  /** The page's visible text, normalised and cut to length. */
  text: string;
  /** The page's visible text as shown (spaces collapsed), for messages. */
  shownText: string;
  /** The innermost visible element text reading like a rejection, as shown. */
  rejection: string | null;
}

/** Where a login ended up once the prompt was gone. */
export type Landing =
  | { state: 'signed-in' }
  | { state: 'signed-out'; rejection: string | null; summary: string };

const SIGN_IN = phrasesOf(SIGN_IN_WORDS);
const SIGN_OUT = phrasesOf(SIGN_OUT_WORDS);
const LOGGED_OUT = phrasesOf(LOGGED_OUT_WORDS);

/** Runs in the page: the facts `decideLanding` needs. Self-contained. */
function readLanding(words: { signOut: string[]; rejection: string[]; loggedOut: string[] }): LandingFacts {
  const fold = (text: string) =>
    text
      .toLowerCase()
      .replace(/[\u2018\u2019\u201A\u201B\u02BC\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/\s+/g, ' ')
      .trim();
  const shown = (el: Element) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const inputs = Array.from(document.querySelectorAll('input')).filter(shown);
  const password = inputs.some((input) => input.type === 'password');
  const username = inputs.some(
    (input) =>
      /^(username|email)$/i.test(input.autocomplete) ||
      (['text', 'email'].includes(input.type) &&
        /user|login|email|account/i.test(`${input.name} ${input.id}`)),
  );
  const controlSelector = 'a, button, input[type=submit], input[type=button], [role=button], [role=link]';
  const all = Array.from(document.querySelectorAll(controlSelector));
  const label = (el: Element) =>
    fold(
      el instanceof HTMLInputElement
        ? el.value
        : (el.textContent ?? '') || (el.getAttribute('aria-label') ?? ''),
    );
  const controls = all
    .filter(shown)
    .map(label)
    .filter((text) => text.length > 0 && text.length <= 40);
  const signOut =
    all.some((el) => {
      const text = label(el);
      return text.length <= 40 && words.signOut.some((phrase) => text.includes(phrase));
    }) ||
    document.querySelector(
      'a[href*="logout" i], a[href*="log_out" i], a[href*="sign_out" i], a[href*="signout" i], form[action*="logout" i], form[action*="sign_out" i]',
    ) !== null;
  let rejection: string | null = null;
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (!(el instanceof HTMLElement) || !shown(el)) continue;
    const own = (el.innerText ?? '').trim();
    if (!own || own.length >= 300) continue;
    const text = fold(own);
    if (words.loggedOut.some((phrase) => text.includes(phrase))) continue;
    const holds = (node: Element) =>
      words.rejection.some((phrase) => fold((node as HTMLElement).innerText ?? '').includes(phrase));
    if (holds(el) && !Array.from(el.children).some(holds)) {
      if (rejection === null || own.length < rejection.length) rejection = own;
    }
  }
  return {
    password,
    username,
    controls,
    signOut,
    text: fold(document.body?.innerText ?? '').slice(0, 4000),
    shownText: (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 400),
    rejection,
  };
}

/**
 * Decides from a page's facts whether the user is signed out: a way to sign out means signed in; else a
 * password field, a user-name field under a rejection, "you have been logged out"-style text, or a sign-in button or link means signed out.
 * Anything else counts as signed in (the page moved on and gave no sign of a lost session).
 *
 * @example
 * decideLanding({ password: true, username: true, controls: ['sign in'], signOut: false, text, shownText, rejection: null })
 * // { state: 'signed-out', rejection: null, summary: '…' }
 */
export function decideLanding(facts: LandingFacts): Landing {
  if (facts.signOut) return { state: 'signed-in' };
  const loggedOutText = LOGGED_OUT.some((phrase) => facts.text.includes(phrase));
  const signInControl = facts.controls.some((text) => SIGN_IN.some((phrase) => text.includes(phrase)));
  // PAM-style consoles go back to a lone user-name field, with the rejection shown above it.
  const restartedAtUser = facts.username && facts.rejection !== null;
  if (!(facts.password || loggedOutText || signInControl || restartedAtUser)) return { state: 'signed-in' };
  return {
    state: 'signed-out',
    rejection: facts.rejection && !loggedOutText ? maskDigitRuns(facts.rejection).slice(0, 200) : null,
    summary: maskDigitRuns(facts.shownText).slice(0, 160),
  };
}

/**
 * Reads where a login landed once its prompt was gone: signed in, or back on a logged-out / sign-in page
 * (with the rejection it showed, if any). Reads the main frame: that is where a site puts its session.
 *
 * @example
 * const landing = await judgeLanding(page); // { state: 'signed-out', rejection: 'Invalid code', … }
 */
export async function judgeLanding(page: Page): Promise<Landing> {
  const facts = await page
    .mainFrame()
    .evaluate(readLanding, { signOut: SIGN_OUT, rejection: REJECTION_PHRASES, loggedOut: LOGGED_OUT })
    .catch(() => null);
  return facts ? decideLanding(facts) : { state: 'signed-in' };
}
