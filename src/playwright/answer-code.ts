import type { CodeSource, ReceivedCode } from '../channels/source.js';
import { recoveryCodesLeft, VaultSource } from '../channels/vault-source.js';
import type { Prompt } from '../detect/index.js';
import { TwoFactorError } from '../errors.js';
import { type AttemptResult, attemptCode } from './attempt.js';
import { codeName } from './code-names.js';
import { followMagicLink } from './magic-link.js';
import { obtainCode } from './obtain-code.js';
import { loggedOut, restartedLogin } from './outcome-errors.js';
import { checkCodeLength } from './prompt-checks.js';
import type { HandleResult, PromptRun } from './prompt-run.js';
import { fallBackToRecovery, recoveryInstead } from './recovery-switch.js';
import { rememberDevice } from './remember-device.js';
import { chooseAnswer, chooseSource } from './source-choice.js';
import { maskCode } from './steps.js';

/** Warn when fewer recovery codes than this are left (`recovery.warnBelow`). */
const DEFAULT_WARN_BELOW = 3;

function rejectedError(prompt: Prompt, source: CodeSource, message: string, attempt: number, left?: number) {
  if (prompt.kind === 'recovery') {
    return new TwoFactorError(
      'PW2FA_CODE_REJECTED',
      `The site rejected the recovery code from ${source.name}: "${message}". A recovery code works once, so ` +
        `it is not retried${left === undefined ? '' : ` (${left} left in the vault)`}. Check that the stored ` +
        'codes are this account’s current ones (generating new codes on the site voids the old ones).',
    );
  }
  return new TwoFactorError(
    'PW2FA_CODE_REJECTED',
    `The site rejected the ${codeName(prompt.kind)} from ${source.name}${attempt > 1 ? ' twice' : ''}: "${message}". ` +
      'Check that the stored secret is the current one (re-enroll after a reset) and that this machine’s clock is right.',
  );
}

/** Types the codes `source` gives into `first` (retrying a rejected vault code once) until the page moves on. */
async function answerPrompt(
  run: PromptRun,
  first: Prompt,
  source: CodeSource,
  earlierAttempts: number,
): Promise<HandleResult> {
  const { step } = run;
  let prompt = first;
  let rejected: ReceivedCode | undefined;
  for (let attempt = 1; ; attempt++) {
    const attempts = earlierAttempts + attempt;
    // Before the code is fetched: a TOTP window is not held while the box is ticked.
    await rememberDevice(run, prompt);
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
    const left = recoveryCodesLeft(received);
    if (left !== undefined && left < (run.recovery.warnBelow ?? DEFAULT_WARN_BELOW)) {
      run.emit({ type: 'recovery-low', remaining: left });
    }
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
        return { kind: prompt.kind, channel: source.name, filledInMs, verified: true, attempts };
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
    const what = `the ${codeName(prompt.kind)} from ${source.name}`;
    if (result.outcome.status === 'logged-out') {
      const error = loggedOut(result.outcome.message, what);
      run.emit({ type: 'rejected', message: error.message, attempt });
      throw error;
    }
    if (result.outcome.status === 'restarted') {
      // The login went back to its start: there is no prompt left to retry in.
      run.emit({ type: 'rejected', message: result.outcome.message, attempt });
      throw restartedLogin(result.outcome.message, what);
    }
    if (result.outcome.status === 'moved-on' || result.outcome.status === 'confirmed') {
      run.emit({ type: 'verified', attempt });
      return {
        kind: prompt.kind,
        channel: source.name,
        filledInMs: result.filledInMs,
        verified: true,
        attempts,
      };
    }
    const message =
      result.outcome.status === 'rejected'
        ? result.outcome.message
        : `the page neither moved on nor showed an error within ${run.verifyTimeout} ms`;
    run.emit({ type: 'rejected', message, attempt });
    // A recovery code is spent once submitted, accepted or not: never a second one for the same failure.
    if (attempt >= 2 || !(source instanceof VaultSource) || prompt.kind === 'recovery') {
      throw rejectedError(prompt, source, message, attempt, left);
    }
    rejected = received;
    // The page re-rendered the prompt (or kept it): find it again before the retry.
    prompt = await step('2FA: wait for the prompt again', run.waitForPrompt);
  }
}

/**
 * Answers a prompt that wants something typed (or a link followed): asks the right source, types, submits,
 * checks the page moved on, and retries once with a fresh code when the site rejected a vault code.
 * Switches to a recovery code when the account has only those, or when the authenticator code was
 * rejected and `recovery.fallback` is on; ticks "trust this device" when `rememberDevice` is on.
 *
 * @example
 * return answerWithCode(run); // → { kind: 'totp', channel: 'vault:github', verified: true, … }
 */
export async function answerWithCode(run: PromptRun): Promise<HandleResult> {
  const sources = await run.sources();
  const choice = chooseAnswer(run.prompt.kind, sources, run.channel);
  const source = choice.source;
  if (choice.deferredFrom) {
    // The page's wording was a guess; what the user configured answers the field.
    run.emit({
      type: 'source-deferred',
      detected: choice.deferredFrom,
      asked: choice.kind,
      channel: source.name,
    });
  }
  const asked = choice.deferredFrom ? { ...run.prompt, kind: choice.kind } : run.prompt;
  const prompt = await recoveryInstead(run, asked, source);
  const answering = prompt === asked ? source : chooseSource(prompt.kind, sources, run.channel);
  try {
    return await answerPrompt(run, prompt, answering, 0);
  } catch (error) {
    if (prompt.kind === 'recovery') throw error;
    const recovery = await fallBackToRecovery(run, error, source);
    return answerPrompt(run, recovery, chooseSource('recovery', sources, run.channel), 2);
  }
}
