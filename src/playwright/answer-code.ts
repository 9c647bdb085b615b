import type { ReceivedCode } from '../channels/source.js';
import { VaultSource } from '../channels/vault-source.js';
import { TwoFactorError } from '../errors.js';
import { type AttemptResult, attemptCode } from './attempt.js';
import { followMagicLink } from './magic-link.js';
import { obtainCode } from './obtain-code.js';
import { checkCodeLength } from './prompt-checks.js';
import type { HandleResult, PromptRun } from './prompt-run.js';
import { chooseSource } from './source-choice.js';
import { maskCode } from './steps.js';

/**
 * Answers a prompt that wants something typed (or a link followed): asks the right source, types, submits,
 * checks the page moved on, and retries once with a fresh code when the site rejected a vault code.
 *
 * @example
 * return answerWithCode(run); // → { kind: 'totp', channel: 'vault:github', verified: true, … }
 */
export async function answerWithCode(run: PromptRun): Promise<HandleResult> {
  const { step } = run;
  let prompt = run.prompt;
  const source = chooseSource(prompt.kind, await run.sources(), run.channel);
  let rejected: ReceivedCode | undefined;
  for (let attempt = 1; ; attempt++) {
    const received = await step(`2FA: get the ${prompt.kind} code from ${source.name}`, () =>
      obtainCode(source, prompt, {
        since: run.since,
        identifier: run.identifier,
        timeout: run.timeout,
        outer: run.signal,
        rejected,
        emit: run.emit,
        notify: run.notify,
      }),
    );
    let result: AttemptResult;
    try {
      if (prompt.kind === 'magic-link') {
        const link = received.link;
        if (!link)
          throw new TwoFactorError(
            'PW2FA_NO_SOURCE',
            `${source.name} returned a code where the page sent a link.`,
          );
        const started = performance.now();
        await step('2FA: open the sign-in link in this browser', () => followMagicLink(run.page, link));
        run.emit({ type: 'verified', attempt });
        const filledInMs = Math.round(performance.now() - started);
        return { kind: prompt.kind, channel: source.name, filledInMs, verified: true, attempts: attempt };
      }
      const code = received.code;
      if (!code) {
        throw new TwoFactorError(
          'PW2FA_NO_SOURCE',
          `${source.name} returned a link where the page asks for a code.`,
        );
      }
      checkCodeLength(prompt, code, source.name);
      const current = prompt;
      result = await step(`2FA: fill ${maskCode(code)} and submit`, () =>
        attemptCode(run.page, current, code, { verifyTimeout: run.verifyTimeout, fill: run.fill }),
      );
    } finally {
      // The site has answered (or we gave up): other workers may now use the next window.
      await received.release?.();
    }
    run.emit({ type: 'filled', method: result.typing, submit: result.submit, filledInMs: result.filledInMs });
    if (result.outcome.status === 'moved-on') {
      run.emit({ type: 'verified', attempt });
      return {
        kind: prompt.kind,
        channel: source.name,
        filledInMs: result.filledInMs,
        verified: true,
        attempts: attempt,
      };
    }
    const message =
      result.outcome.status === 'rejected'
        ? result.outcome.message
        : `the page neither moved on nor showed an error within ${run.verifyTimeout} ms`;
    run.emit({ type: 'rejected', message, attempt });
    if (attempt >= 2 || !(source instanceof VaultSource)) {
      throw new TwoFactorError(
        'PW2FA_CODE_REJECTED',
        `The site rejected the ${prompt.kind} code from ${source.name}${attempt > 1 ? ' twice' : ''}: "${message}". ` +
          'Check that the stored secret is the current one (re-enroll after a reset) and that this machine’s clock is right.',
      );
    }
    rejected = received;
    // The page re-rendered the prompt (or kept it): find it again before the retry.
    prompt = await step('2FA: wait for the prompt again', run.waitForPrompt);
  }
}
