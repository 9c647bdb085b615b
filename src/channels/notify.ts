/**
 * "A code is needed now" webhook: tells a person, a chat channel or an automation that a login waits for
 * a code, so someone can push it (relay) or an SMS forwarder can be woken. Metadata only — never a code.
 */
import { z } from 'zod';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import { displayUrl, signedPost } from './signed-post.js';
import type { CodeKind } from './source.js';

const KINDS = ['totp', 'sms', 'email', 'code', 'magic-link', 'recovery', 'push-approval', 'passkey'] as const;
/** Number-matching prompts show two or three digits; one-time codes have four or more. */
const MATCH_NUMBER = z.string().regex(/^\d{1,3}$/, 'expected the 1–3 digit number shown for matching');

export interface CodeRequiredPayload {
  /** The site asking: its login URL (query and fragment are dropped) or host. */
  site: string;
  /** Who the code is for (e-mail address, phone number, account label), when known. */
  identifier?: string | null;
  /** Run id, so the receiver can tell parallel runs apart. */
  runId?: string | null;
  /** The channel that will wait for the code, e.g. `relay`, `smtp`, `imap`. */
  channel: string;
  kind: CodeKind;
  /** When the wait gives up: a Date, epoch ms or an ISO 8601 string. */
  deadline: Date | number | string;
  /**
   * Push approval with number matching: the 1–3 digit number the person taps on the phone. Not a secret
   * (the page shows it); anything longer is refused so a code cannot ride along.
   */
  matchNumber?: string | null;
}

export interface NotifyOptions {
  /** HMAC key: signs the body in `x-pw2fa-signature` / `x-skyvern-signature`, as the pull source does. */
  secret?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Longest wait for the webhook's response, in ms (default 10 000). */
  timeoutMs?: number;
}

/** Whether the webhook took the notification. Delivery failures are values: the login goes on. */
export type NotifyResult =
  | { delivered: true; status: number }
  | { delivered: false; status: number | null; reason: string };

/** The input: exactly these keys, so a `code` or `secret` passed by mistake is refused, not sent. */
const Payload = z.strictObject({
  site: z.string().trim().min(1).max(2048),
  identifier: z.string().max(320).nullish(),
  runId: z.string().max(256).nullish(),
  channel: z.string().trim().min(1).max(200),
  kind: z.enum(KINDS),
  deadline: z.union([z.date(), z.number().finite(), z.string().min(1)]),
  matchNumber: MATCH_NUMBER.nullish(),
});

/** What goes on the wire, checked again right before sending. */
const CodeRequiredEvent = z.strictObject({
  event: z.literal('code_required'),
  site: z.string().min(1).max(2048),
  identifier: z.string().max(320).nullable(),
  run_id: z.string().max(256).nullable(),
  channel: z.string().min(1).max(200),
  kind: z.enum(KINDS),
  deadline: z.iso.datetime(),
  match_number: MATCH_NUMBER.optional(),
});

export type CodeRequiredEvent = z.infer<typeof CodeRequiredEvent>;

function siteOf(site: string): string {
  try {
    const url = new URL(site);
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.origin}${url.pathname}` : site;
  } catch {
    return site;
  }
}

function badOption(message: string): TwoFactorError {
  return new TwoFactorError('PW2FA_BAD_OPTION', message);
}

/**
 * Builds the wire event (exported for receivers' tests and for the relay).
 *
 * @example
 * codeRequiredEvent({ site: 'https://github.com/sessions/two-factor', channel: 'relay', kind: 'sms', deadline: Date.now() + 300_000 });
 * // { event: 'code_required', site: 'https://github.com/sessions/two-factor', identifier: null, run_id: null, … }
 * codeRequiredEvent({ site: 'https://login.example.com/mfa', channel: 'push', kind: 'push-approval', deadline, matchNumber: '42' });
 * // { …, kind: 'push-approval', match_number: '42' }
 */
export function codeRequiredEvent(payload: CodeRequiredPayload): CodeRequiredEvent {
  const input = Payload.safeParse(payload);
  if (!input.success) {
    const issue = input.error.issues[0];
    const unknown = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : null;
    throw badOption(
      unknown
        ? `A code-required notification carries metadata only; remove ${unknown}.`
        : `Invalid code-required payload at \`${issue?.path.join('.') || '(root)'}\`: ${issue?.message}.`,
    );
  }
  const { site, identifier, runId, channel, kind, deadline, matchNumber } = input.data;
  const at =
    deadline instanceof Date
      ? deadline.getTime()
      : typeof deadline === 'number'
        ? deadline
        : Date.parse(deadline);
  if (!Number.isFinite(at))
    throw badOption('Expected `deadline` to be a Date, epoch ms or an ISO 8601 date.');
  const event = {
    event: 'code_required' as const,
    site: siteOf(site),
    identifier: identifier ?? null,
    run_id: runId ?? null,
    channel,
    kind,
    deadline: new Date(at).toISOString(),
    ...(matchNumber ? { match_number: matchNumber } : {}),
  };
  return CodeRequiredEvent.parse(event);
}

/**
 * POSTs `{ event: 'code_required', site, identifier, run_id, channel, kind, deadline }` to `url` (plus
 * `match_number` for a push approval that shows a number to tap),
 * signed when `secret` is given. Never sends a code or a secret: the payload accepts only these keys.
 * Resolves with `{ delivered: false, reason }` when the webhook is down or answers non-2xx (one attempt,
 * no retries); throws `PW2FA_BAD_OPTION` for a bad payload and `TwoFactorAbortError` on abort.
 *
 * @example
 * await notifyCodeRequired(process.env.SLACK_WEBHOOK!, {
 *   site: page.url(), identifier: 'qa@example.com', runId: process.env.CI_JOB_ID,
 *   channel: 'relay', kind: 'sms', deadline: Date.now() + 5 * 60_000,
 * }, { secret: process.env.NOTIFY_SECRET });
 */
export async function notifyCodeRequired(
  url: string,
  payload: CodeRequiredPayload,
  options: NotifyOptions = {},
): Promise<NotifyResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw badOption('Expected the notification `url` to be an absolute http(s) URL.');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw badOption(`Expected the notification \`url\` to be http or https, got ${target.protocol}.`);
  }
  const body = JSON.stringify(codeRequiredEvent(payload));
  try {
    const response = await signedPost(url, body, {
      ...(options.secret !== undefined ? { secret: options.secret } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      timeoutMs: options.timeoutMs ?? 10_000,
      maxResponseBytes: 16 * 1024,
    });
    if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
    return {
      delivered: false,
      status: response.status,
      reason: `${displayUrl(url)} answered HTTP ${response.status}`,
    };
  } catch (error) {
    if (options.signal?.aborted) {
      throw new TwoFactorAbortError('Sending the code-required notification was aborted.', { cause: error });
    }
    if (error instanceof TwoFactorError) throw error;
    return {
      delivered: false,
      status: null,
      reason: `${displayUrl(url)} unreachable: ${(error as Error).message}`,
    };
  }
}
