import type { CodeKind } from '../channels/index.js';
import { codeName } from './code-names.js';
import { APPROVAL_HOOK_CHANNEL, type TwoFactorEvent } from './steps.js';

/** Where progress lines go: anything with `write`, such as `process.stderr`. */
export interface ProgressStream {
  write(line: string): unknown;
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

function article(kind: string): string {
  const name = codeName(kind as CodeKind);
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function turnLine(event: Extract<TwoFactorEvent, { type: 'turn-wait' }>): string {
  const { position, queued } = event;
  const place =
    position === undefined ? '' : ` ${position}${queued === undefined ? ' in line' : ` of ${queued}`}`;
  const login = `2FA: login${place} for ${event.account}`;
  const waited = seconds(event.waitedMs);
  if (event.reason === 'window') {
    return event.state === 'end'
      ? `${login}: the next TOTP window began after ${waited}`
      : `${login}: waiting${event.state === 'start' ? '' : ` ${waited}`} for the next TOTP window`;
  }
  if (event.state === 'end') return `${login}: got a free TOTP window after ${waited}`;
  return (
    `${login}: waiting${event.state === 'start' ? '' : ` ${waited}`} for a free TOTP window (other logins into ` +
    'this account hold it; `twoFactorSession` logs in once for all tests)'
  );
}

/**
 * Formats one event as a progress line for people. Never includes a code (events carry none).
 *
 * @example
 * formatEvent({ type: 'waiting', channel: 'smtp', identifier: 'me@x.test', remainingMs: 270_000 })
 * // '2FA: waiting for a code on smtp for me@x.test — 270 s left'
 */
export function formatEvent(event: TwoFactorEvent): string {
  switch (event.type) {
    case 'prompt':
      return `2FA: ${event.kind} prompt found${event.codeLength ? ` (${event.codeLength} characters)` : ''} in ${event.frameUrl.split('?')[0]}`;
    case 'waiting':
      return `2FA: waiting for a code on ${event.channel}${event.identifier ? ` for ${event.identifier}` : ''} — ${seconds(event.remainingMs)} left`;
    case 'code':
      return `2FA: code received from ${event.channel} after ${seconds(event.receivedInMs)}`;
    case 'filled':
      return `2FA: code typed (${event.method}) and submitted (${event.submit}) in ${Math.round(event.filledInMs)} ms`;
    case 'rejected':
      return `2FA: the site rejected attempt ${event.attempt}: ${event.message}`;
    case 'verified':
      return `2FA: accepted${event.attempt > 1 ? ` on attempt ${event.attempt}` : ''}`;
    case 'approval':
      return `2FA: waiting for the sign-in to be approved ${event.channel === APPROVAL_HOOK_CHANNEL ? 'by the approval hook' : 'on the phone'}${event.matchNumber ? ` — number to match: ${event.matchNumber}` : ''} — ${seconds(event.remainingMs)} left`;
    case 'recovery':
      return `2FA: switching to a recovery code (${event.reason === 'fallback' ? 'the authenticator code was rejected' : 'no authenticator secret is stored'})`;
    case 'recovery-low':
      return `2FA: only ${event.remaining} recovery code${event.remaining === 1 ? '' : 's'} left — generate new ones on the site and store them with vault.addRecoveryCodes()`;
    case 'remembered-device':
      return `2FA: ticked "${event.label}" so later sign-ins from this browser state skip the prompt`;
    case 'failed':
      return `2FA: gave up (${event.code})`;
    case 'source-deferred':
      return `2FA: the page reads like ${article(event.detected)} prompt, but no source for that is configured; answering the field with ${event.channel} as configured (asked for a ${codeName(event.asked as CodeKind)})`;
    case 'turn-wait':
      return turnLine(event);
  }
}

/**
 * An `onEvent` handler that writes one line per event, e.g. to `process.stderr` when it is a terminal.
 *
 * @example
 * new TwoFactor(page, { onEvent: progressReporter(process.stderr) });
 */
export function progressReporter(stream: ProgressStream): (event: TwoFactorEvent) => void {
  return (event) => {
    stream.write(`${formatEvent(event)}\n`);
  };
}
