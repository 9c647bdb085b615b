import { notifyCodeRequired } from '../channels/notify.js';
import { describePage } from '../detect/index.js';
import { TwoFactorAbortError, TwoFactorError, TwoFactorTimeoutError } from '../errors.js';
import { type ApprovalOutcome, denialBaseline, waitForApproval } from './approval-watch.js';
import type { ApprovalRequest, HandleResult, PromptRun } from './prompt-run.js';
import { rememberDevice } from './remember-device.js';
import { APPROVAL_HOOK_CHANNEL } from './steps.js';

const PROGRESS_EVERY_MS = 15_000;
/** A person approving on the phone: the channel name in events, the notification and the result. */
const PERSON_CHANNEL = 'push';

/** `https://login.example.com/mfa?state=…` → `https://login.example.com/mfa`: queries may carry tokens. */
function siteOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? url : `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The number is no secret, but errors end up in CI logs next to others' runs: keep it out of them. */
function withoutNumber(text: string, matchNumber: string | undefined): string {
  return matchNumber ? text.replace(new RegExp(`(?<!\\d)${matchNumber}(?!\\d)`, 'g'), '••') : text;
}

/** Settles only when the user's hook throws: then with a clear error. A hook that returns just ends. */
function hookFailure(run: PromptRun, request: ApprovalRequest, state: { returned: boolean }): Promise<never> {
  const hook = run.approve;
  if (!hook) return new Promise<never>(() => {});
  const failed = Promise.resolve()
    .then(() => hook(request))
    .then(
      () => {
        state.returned = true;
        return new Promise<never>(() => {});
      },
      (error: unknown) => {
        if (request.signal.aborted) return new Promise<never>(() => {}); // the wait ended first and says why
        const reason = error instanceof Error ? error.message : String(error);
        throw new TwoFactorError(
          'PW2FA_CHANNEL_FAILED',
          `The approval hook failed, so the push sign-in at ${request.site} was not approved: ` +
            `${withoutNumber(reason, request.matchNumber).slice(0, 200)}. Check the hook (credentials and ` +
            'URL of the IdP admin API, the user it approves), or approve on the device and drop the hook.',
          { cause: error },
        );
      },
    );
  failed.catch(() => undefined); // raced below; this only keeps an early failure from counting as unhandled
  return failed;
}

async function timeoutError(run: PromptRun, site: string, hookReturned: boolean, cause: unknown) {
  const summary = await describePage(run.page).catch(() => 'the page could not be read');
  const waited = `${Math.round(run.timeout / 1000)} s`;
  const advice = !run.approve
    ? 'Nobody approved it on the device. Pass an `approve` hook that approves it out of band (for a test ' +
      'IdP, its admin API), approve it on the phone in time, or raise `timeout`.'
    : hookReturned
      ? 'The `approve` hook returned, but the page did not move on: check that the hook approves this ' +
        'sign-in (the right user, the number to match) rather than another one.'
      : 'The `approve` hook had not finished: check that it does not hang, or raise `timeout`.';
  return new TwoFactorTimeoutError(
    `The push sign-in at ${site} was not approved within ${waited}: the page still asks to approve it on ` +
      `another device. ${advice} The page showed: ${withoutNumber(summary, run.prompt.matchNumber)}.`,
    { cause },
  );
}

/**
 * Waits for a push sign-in ("Approve the sign-in on your phone", number matching) to be approved: by the
 * user's `approve` hook — called at once with the site, account and number to match, e.g. to approve
 * through a test IdP's admin API — or by a person, told through progress events every 15 s and the
 * code-required webhook (both carry the number to tap). Resolves once the page moves on. Throws
 * `PW2FA_NOT_APPROVED` when the page shows a denial, `PW2FA_CHANNEL_FAILED` when the hook throws,
 * `PW2FA_TIMEOUT` after `timeout` (default 5 min), `PW2FA_ABORTED` on abort.
 *
 * @example
 * const tf = new TwoFactor(page, {
 *   approve: async ({ identifier, matchNumber, signal }) => {
 *     await fetch(`${idp}/admin/push/approve`, { method: 'POST', body: JSON.stringify({ identifier, matchNumber }), signal });
 *   },
 * });
 * await tf.handle({ identifier: 'qa@example.com' }); // → { kind: 'push-approval', channel: 'approval-hook', … }
 */
export async function awaitPushApproval(run: PromptRun): Promise<HandleResult> {
  const { prompt } = run;
  const { matchNumber } = prompt;
  const channel = run.approve ? APPROVAL_HOOK_CHANNEL : PERSON_CHANNEL;
  const site = siteOf(run.page.url());
  const started = Date.now();
  const deadline = AbortSignal.timeout(run.timeout);
  const ended = new AbortController(); // tells the hook to stop once the wait is over, however it ended
  const signal = AbortSignal.any([deadline, ended.signal, ...(run.signal ? [run.signal] : [])]);
  const report = () =>
    run.emit({
      type: 'approval',
      channel,
      ...(matchNumber ? { matchNumber } : {}),
      remainingMs: run.timeout - (Date.now() - started),
    });
  const state = { returned: false };
  let ticker: NodeJS.Timeout | undefined;
  try {
    await rememberDevice(run, prompt);
    const baseline = await denialBaseline(prompt); // before the hook can deny it
    report();
    ticker = setInterval(report, PROGRESS_EVERY_MS);
    const request: ApprovalRequest = {
      site,
      signal,
      ...(run.account ? { account: run.account } : {}),
      ...(run.identifier ? { identifier: run.identifier } : {}),
      ...(matchNumber ? { matchNumber } : {}),
    };
    const hook = hookFailure(run, request, state);
    if (run.notify) {
      const { url, secret, runId } = run.notify;
      await notifyCodeRequired(
        url,
        {
          site,
          identifier: run.identifier ?? run.account ?? null,
          runId: runId ?? null,
          channel,
          kind: 'push-approval',
          deadline: started + run.timeout,
          matchNumber: matchNumber ?? null,
        },
        { signal, ...(secret ? { secret } : {}) },
      ).catch(() => undefined); // best effort: a failed notification must not fail the login
    }
    const how = run.approve ? 'through the approval hook' : 'on the phone';
    const outcome: ApprovalOutcome = await run.step(`2FA: wait for the sign-in to be approved ${how}`, () =>
      Promise.race([waitForApproval(run.page, prompt, { signal, baseline }), hook]),
    );
    if (outcome.status === 'denied') {
      throw new TwoFactorError(
        'PW2FA_NOT_APPROVED',
        `The push sign-in at ${site} was not approved: the page says "${withoutNumber(outcome.message, matchNumber)}". ` +
          (run.approve
            ? 'The approval hook ran: check that it approves (not denies) and picks this sign-in’s request.'
            : 'It was denied on the device, or expired there.') +
          ' Sign in again to send a new request.',
      );
    }
    run.emit({ type: 'verified', attempt: 1 });
    return { kind: prompt.kind, channel, filledInMs: Date.now() - started, verified: true, attempts: 1 };
  } catch (error) {
    if (run.signal?.aborted) {
      if (error instanceof TwoFactorAbortError) throw error;
      throw new TwoFactorAbortError('Waiting for the push sign-in to be approved was aborted.', {
        cause: error,
      });
    }
    if (deadline.aborted && !(error instanceof TwoFactorError)) {
      throw await timeoutError(run, site, state.returned, error);
    }
    throw error;
  } finally {
    clearInterval(ticker);
    ended.abort();
  }
}
