import { z } from 'zod';
import { RelayHttpError, type RelayIssue } from './http-error.js';

// Forms and query strings send '' for an empty field: treat it as absent.
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const required = (what: string, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `Required: ${what}.` : `Expected a string: ${what}.`),
    })
    .trim()
    .min(1, `Required: ${what}.`)
    .max(max, `Too long: at most ${max} characters.`);

const optionalText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, `Too long: at most ${max} characters.`).nullish(),
  );

const identifier = required('the e-mail address or phone number the code was sent to', 320);

/** Skyvern's push body; unknown fields are ignored so existing forwarders keep working. */
export const pushBodySchema = z.object({
  totp_identifier: identifier,
  content: required('the code, or the whole SMS or e-mail it came in', 64 * 1024),
  source: optionalText(100),
  workflow_run_id: optionalText(200),
  workflow_id: optionalText(200),
  task_id: optionalText(200),
});

export const historyQuerySchema = z.object({
  totp_identifier: optionalText(320),
  workflow_run_id: optionalText(200),
  otp_type: z.preprocess(blankToUndefined, z.enum(['totp', 'magic_link']).optional()),
  limit: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'Expected a whole number from 1 to 200.' })
      .int('Expected a whole number from 1 to 200.')
      .min(1, 'Expected a whole number from 1 to 200.')
      .max(200, 'Expected a whole number from 1 to 200.')
      .default(50),
  ),
});

/** Epoch milliseconds or an ISO date-time. */
const instant = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((value, ctx) => {
      const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'Expected epoch milliseconds or an ISO date-time.' });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
);

/** The longest a single long-poll may hold the connection. */
export const MAX_LONG_POLL_MS = 60_000;

export const waitQuerySchema = z.object({
  totp_identifier: identifier,
  workflow_run_id: optionalText(200),
  since: instant,
  /** The client's clock when it sent the request, so `since` can be moved onto the relay's clock. */
  now: instant,
  timeout: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `Expected milliseconds from 0 to ${MAX_LONG_POLL_MS}.` })
      .int(`Expected milliseconds from 0 to ${MAX_LONG_POLL_MS}.`)
      .min(0, `Expected milliseconds from 0 to ${MAX_LONG_POLL_MS}.`)
      .max(MAX_LONG_POLL_MS, `Expected milliseconds from 0 to ${MAX_LONG_POLL_MS}.`)
      .default(25_000),
  ),
  otp_type: z.preprocess(blankToUndefined, z.enum(['totp', 'magic_link']).optional()),
  kind: z.preprocess(blankToUndefined, z.string().max(40).default('code')),
  /** `1`: the waiter acknowledges what it receives (`POST /v1/wait/ack`); unacknowledged codes come back. */
  ack: z.preprocess(blankToUndefined, z.enum(['0', '1']).optional()),
  wait_id: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[\w-]{1,100}$/, 'Expected letters, digits, _ or - (at most 100).')
      .optional(),
  ),
});

/** Clock differences up to this are request latency as much as skew, and are ignored. */
export const CLOCK_SLACK_MS = 1000;

/** How far a client's clock, or a `since` from its clock, may be from the relay's: one day. */
export const MAX_CLOCK_DISTANCE_MS = 24 * 60 * 60_000;

/**
 * The wait's `since` on the relay's own clock, which stamps every pushed code. A client sends `since` and
 * `now` from its own clock; their difference (how long ago the prompt was seen) is what counts, so a
 * client whose clock is minutes off neither misses a fresh code nor receives an old one. Without `now`
 * `since` is taken as relay time. A `since` (or `now`) more than a day away is a 400, not a wait that
 * can never end or a time no date can show. No `since`: any code still usable.
 *
 * @example
 * // A client 10 minutes ahead saw its prompt 5 s ago:
 * sinceOnRelayClock({ since: clientNow - 5000, now: clientNow }, clientNow - 600_000) // clientNow - 606_000
 */
export function sinceOnRelayClock(
  query: { since?: number | undefined; now?: number | undefined },
  relayNow: number,
): number {
  const reference = query.now ?? relayNow;
  const fail = (path: string, message: string): never => {
    throw new RelayHttpError(400, 'invalid_query', `The query string is invalid: ${path}: ${message}`, [
      { path, message },
    ]);
  };
  if (query.now !== undefined && Math.abs(query.now - relayNow) > MAX_CLOCK_DISTANCE_MS) {
    fail('now', "More than a day from the relay's clock; set this machine's clock (NTP).");
  }
  if (query.since === undefined) return 0;
  if (query.since > reference + 60_000 || query.since < reference - MAX_CLOCK_DISTANCE_MS) {
    fail('since', 'Expected a time within the last day (epoch milliseconds or an ISO date-time).');
  }
  const offset = relayNow - reference;
  // The measured offset also holds the request's trip time, which always makes `since` late: within the
  // slack the clocks are taken to agree, beyond it `since` moves by the offset less the slack, so a code
  // pushed while the first long-poll was on its way is not missed.
  if (Math.abs(offset) <= CLOCK_SLACK_MS) return query.since;
  return query.since + offset - CLOCK_SLACK_MS;
}

/** `POST /v1/wait/ack`: the take being acknowledged, as the wait returned it. */
export const ackBodySchema = z.object({
  totp_code_id: required('the `totp_code_id` the wait returned', 100),
  totp_identifier: identifier,
  workflow_run_id: optionalText(200),
  consumed_at: z.iso.datetime({ offset: true, error: 'Expected the `consumed_at` the wait returned.' }),
});

/** The fields of Twilio's incoming-SMS webhook the relay uses (Twilio sends many more). */
export const twilioSmsSchema = z.object({
  To: required('the number the SMS was sent to (`To`)', 40),
  From: z.string().max(40).optional(),
  Body: z
    .string()
    .max(64 * 1024)
    .default(''),
  MessageSid: z.string().max(64).optional(),
});

/**
 * Validates input with a schema, or throws a 400 listing each problem as `field: message`. Messages
 * name fields and expectations only, never the submitted values.
 *
 * @example
 * const body = parseOrThrow(pushBodySchema, JSON.parse(text), 'invalid_body');
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  code: 'invalid_body' | 'invalid_query',
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: RelayIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || (code === 'invalid_body' ? 'body' : 'query'),
    message: issue.message,
  }));
  const where = code === 'invalid_body' ? 'The request body' : 'The query string';
  throw new RelayHttpError(
    400,
    code,
    `${where} is invalid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  );
}
