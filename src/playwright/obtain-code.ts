import { notifyCodeRequired } from '../channels/notify.js';
import type { CodeSource, ReceivedCode } from '../channels/source.js';
import { VaultSource } from '../channels/vault-source.js';
import type { Prompt } from '../detect/index.js';
import { TwoFactorAbortError, TwoFactorTimeoutError } from '../errors.js';
import { codeName, isMessageKind } from './code-names.js';
import { anySignal } from './signals.js';
import type { TwoFactorEvent } from './steps.js';

const PROGRESS_EVERY_MS = 15_000;

/** Everything one wait for a code needs. */
export interface CodeWait {
  /** Epoch ms: codes received earlier do not count. */
  since: number;
  identifier: string | undefined;
  /** Longest wait, in ms. */
  timeout: number;
  /** Aborts the wait from outside (test end, caller). */
  outer: AbortSignal | undefined;
  /** On a retry: the code the site rejected. */
  rejected: ReceivedCode | undefined;
  emit: (event: TwoFactorEvent) => void;
  /** "Code required" webhook, told once when a slow channel starts waiting. */
  notify: { url: string; secret?: string; runId?: string } | undefined;
}

/** Best effort: a failed notification must not fail the login. */
async function notifyWaiting(
  source: CodeSource,
  prompt: Prompt,
  wait: CodeWait,
  deadline: number,
  signal: AbortSignal,
) {
  if (!wait.notify) return;
  await notifyCodeRequired(
    wait.notify.url,
    {
      site: prompt.frame.page().url(),
      identifier: wait.identifier ?? null,
      runId: wait.notify.runId ?? null,
      channel: source.name,
      kind: prompt.kind,
      deadline,
    },
    { signal, ...(wait.notify.secret ? { secret: wait.notify.secret } : {}) },
  ).catch(() => undefined);
}

/**
 * The characters the field takes, when detection says (`Prompt.charset`, newer detectors), so sources can
 * pick the right token out of a message. Read defensively: older prompts have no such field.
 */
function charsetOf(prompt: Prompt): { charset?: 'numeric' | 'alphanumeric' } {
  const charset: unknown = 'charset' in prompt ? prompt.charset : undefined;
  return charset === 'numeric' || charset === 'alphanumeric' ? { charset } : {};
}

/** Names what was waited for — a TOTP turn, a mail, an SMS, whoever feeds the source — and what to do. */
function timeoutMessage(source: CodeSource, prompt: Prompt, identifier: string | undefined, timeout: number) {
  const within = `within ${Math.round(timeout / 1000)} s`;
  if (source instanceof VaultSource) {
    return (
      `No free TOTP window for ${source.name} came ${within}: other logins into the same account held every ` +
      'turn. Log in once and share the signed-in state with the `twoFactorSession` fixture option, or raise `timeout`.'
    );
  }
  const forWhom = identifier ? ` for ${identifier}` : '';
  const what = {
    email: 'No e-mail with a code',
    'magic-link': 'No e-mail with a sign-in link',
    sms: 'No SMS with a code',
  }[prompt.kind as string];
  if (isMessageKind(prompt.kind) && what) {
    return (
      `${what} arrived on ${source.name}${forWhom} ${within}. ` +
      'Check that the site sent it to the address or number this source watches, or raise `timeout`.'
    );
  }
  return (
    `No ${codeName(prompt.kind)} arrived on ${source.name}${forWhom} ${within}. Check that whoever feeds ` +
    `${source.name} (a person, a forwarder, your function) sent one after the prompt appeared, or raise \`timeout\`.`
  );
}

/**
 * Asks a source for the prompt's code within the timeout. Slow channels (everything but the vault) get a
 * progress event now and every 15 s, and the code-required webhook. Throws `TwoFactorTimeoutError` naming
 * the channel and identifier, or `TwoFactorAbortError` when aborted from outside.
 *
 * @example
 * const received = await obtainCode(source, prompt, { since, identifier, timeout: 300_000, … });
 */
export async function obtainCode(source: CodeSource, prompt: Prompt, wait: CodeWait): Promise<ReceivedCode> {
  const { since, identifier, outer, rejected, timeout } = wait;
  const deadline = AbortSignal.timeout(timeout);
  const signal = anySignal([outer, deadline]) ?? deadline;
  const started = Date.now();
  const report = () =>
    wait.emit({
      type: 'waiting',
      channel: source.name,
      identifier,
      remainingMs: timeout - (Date.now() - started),
    });
  // The vault answers at once; other channels may take minutes.
  const ticker = source instanceof VaultSource ? undefined : setInterval(report, PROGRESS_EVERY_MS);
  if (ticker) {
    report();
    await notifyWaiting(source, prompt, wait, started + timeout, signal);
  }
  try {
    const received = await source.waitForCode({
      kind: prompt.kind,
      since,
      signal,
      codeLength: prompt.codeLength,
      ...charsetOf(prompt),
      ...(identifier ? { identifier } : {}),
      ...(rejected ? { rejected } : {}),
    });
    wait.emit({ type: 'code', channel: source.name, receivedInMs: Date.now() - started });
    return received;
  } catch (error) {
    if (deadline.aborted && !outer?.aborted) {
      throw new TwoFactorTimeoutError(timeoutMessage(source, prompt, identifier, timeout), { cause: error });
    }
    if (outer?.aborted && !(error instanceof TwoFactorAbortError)) {
      throw new TwoFactorAbortError('Waiting for a 2FA code was aborted.', { cause: error });
    }
    throw error;
  } finally {
    clearInterval(ticker);
  }
}
