import type { Frame, Page } from 'playwright-core';
import { TwoFactorAbortError, TwoFactorError, TwoFactorTimeoutError } from '../errors.js';
import { describePage } from './describe-page.js';
import { detectPrompt } from './detect-prompt.js';
import type { Prompt } from './prompt.js';

/** Coalesces bursts of mutations (a framework rendering a view) into one look. */
const DEBOUNCE_MS = 8;
/** Safety net for changes no observer sees (CSS animations, closed shadow roots). */
const BACKSTOP_MS = 3000;

/** Resolves in the page at the first DOM change in the document or any open shadow root. */
const NEXT_MUTATION_SOURCE = `new Promise((resolve) => {
  const roots = [document];
  const walk = (root) => { for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } };
  walk(document);
  const done = () => { observer.disconnect(); document.removeEventListener('transitionend', done, true); resolve(true); };
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.type !== 'attributes' || r.attributeName !== 'data-pw2fa-id')) done();
  });
  for (const root of roots) observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener('transitionend', done, true);
})`;

export const LOOKED_FOR =
  'a code field (autocomplete="one-time-code", otp/mfa/2fa/verification names, 4–8 split boxes) with text asking for a sign-in code, ' +
  'or a page asking to follow an e-mailed link, approve on a phone or use a security key';

/**
 * Waits until the page shows a 2FA prompt and returns it. Event driven: re-checks when the DOM of any
 * frame changes (MutationObserver, shadow roots included) and when frames attach or navigate — no polling
 * loop. Throws `TwoFactorTimeoutError` with a summary of what the page showed, `TwoFactorAbortError` on
 * abort, `PW2FA_PAGE_CLOSED` when the page closes or crashes.
 *
 * @example
 * await page.getByRole('button', { name: 'Sign in' }).click();
 * const prompt = await waitForPrompt(page, { timeout: 30_000 });
 */
export function waitForPrompt(page: Page, opts: { timeout: number; signal?: AbortSignal }): Promise<Prompt> {
  if (!(Number.isFinite(opts.timeout) && opts.timeout >= 0)) {
    return Promise.reject(
      new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `timeout` to be a non-negative number of ms.'),
    );
  }
  if (opts.signal?.aborted)
    return Promise.reject(new TwoFactorAbortError('Waiting for a 2FA prompt was aborted.'));
  return new Promise<Prompt>((resolve, reject) => {
    let finished = false;
    let checking = false;
    let pending = false;
    let debounce: NodeJS.Timeout | undefined;
    const armed = new Set<Frame>();

    const finish = (outcome: { prompt: Prompt } | { error: unknown }) => {
      if (finished) return;
      finished = true;
      clearTimeout(debounce);
      clearTimeout(deadline);
      clearInterval(backstop);
      page.off('frameattached', schedule);
      page.off('framenavigated', schedule);
      page.off('domcontentloaded', schedule);
      page.off('load', schedule);
      page.off('close', onClose);
      page.off('crash', onClose);
      opts.signal?.removeEventListener('abort', onAbort);
      if ('prompt' in outcome) resolve(outcome.prompt);
      else reject(outcome.error);
    };
    const arm = () => {
      for (const frame of page.frames()) {
        if (armed.has(frame) || frame.isDetached()) continue;
        armed.add(frame);
        const rearm = () => {
          armed.delete(frame);
          schedule();
        };
        frame.evaluate(NEXT_MUTATION_SOURCE).then(rearm, rearm);
      }
    };
    const check = async () => {
      if (finished) return;
      if (checking) {
        pending = true;
        return;
      }
      checking = true;
      try {
        arm(); // before looking, so a change during the look is not missed
        const prompt = await detectPrompt(page);
        if (prompt) finish({ prompt });
      } catch (error) {
        finish({ error });
      } finally {
        checking = false;
        if (pending && !finished) {
          pending = false;
          schedule();
        }
      }
    };
    function schedule() {
      if (finished) return;
      clearTimeout(debounce);
      debounce = setTimeout(() => void check(), DEBOUNCE_MS);
    }
    function onClose() {
      finish({
        error: new TwoFactorError(
          'PW2FA_PAGE_CLOSED',
          'The page closed (or crashed) while waiting for a 2FA prompt.',
        ),
      });
    }
    function onAbort() {
      finish({ error: new TwoFactorAbortError('Waiting for a 2FA prompt was aborted.') });
    }
    const deadline = setTimeout(() => {
      void describePage(page)
        .catch(() => 'the page could not be read')
        .then((summary) => {
          const frames = page.isClosed() ? 0 : page.frames().length;
          finish({
            error: new TwoFactorTimeoutError(
              `No 2FA prompt appeared within ${opts.timeout} ms. Looked for ${LOOKED_FOR}, in ${frames} frame(s). ` +
                `The page showed: ${summary}. If a prompt is there, pass it as handle({ prompt }) and report the page.`,
            ),
          });
        });
    }, opts.timeout);
    const backstop = setInterval(schedule, BACKSTOP_MS);
    page.on('frameattached', schedule);
    page.on('framenavigated', schedule);
    page.on('domcontentloaded', schedule);
    page.on('load', schedule);
    page.on('close', onClose);
    page.on('crash', onClose);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    void check();
  });
}
