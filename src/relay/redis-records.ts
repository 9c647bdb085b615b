import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TwoFactorError } from '../errors.js';
import type { RelayCode, RelayEvent, WaitingRun } from './store.js';

/**
 * How the Redis relay store lays out its data, and how records come back out. Everything lives under one
 * prefix; identifiers appear in key names only as a hash, so an e-mail address never becomes a key name and
 * no identifier can inject `:` or `*` into the key space.
 *
 * - `<prefix>code:<id>` hash: one pushed code (the extracted code or link, never the pushed content)
 * - `<prefix>all`, `<prefix>idx:<hash>` sorted sets: records by time, for history
 * - `<prefix>open:<hash>` sorted set: unconsumed records of one identifier, for `take`
 * - `<prefix>seq` counter: orders records pushed in the same millisecond
 * - `<prefix>waiting` hash and `<prefix>waiting:until` sorted set: waiting runs and their deadlines
 * - `<prefix>events` pub/sub channel: change notifications between relays (metadata only)
 *
 * Every key carries a TTL that pushes and waits extend, so Redis forgets what nobody uses any more.
 */
export interface RelayKeys {
  prefix: string;
  seq: string;
  all: string;
  channel: string;
  waiting: string;
  waitingUntil: string;
  /** All records of the identifier with this key (see {@link identifierHash}). */
  byIdentifier(hash: string): string;
  /** Its unconsumed records. */
  open(hash: string): string;
}

/**
 * @example
 * relayKeys('pw2fa:relay:').open(identifierHash('me@example.com')) // 'pw2fa:relay:open:5a1c…'
 */
export function relayKeys(prefix: string): RelayKeys {
  return {
    prefix,
    seq: `${prefix}seq`,
    all: `${prefix}all`,
    channel: `${prefix}events`,
    waiting: `${prefix}waiting`,
    waitingUntil: `${prefix}waiting:until`,
    byIdentifier: (hash) => `${prefix}idx:${hash}`,
    open: (hash) => `${prefix}open:${hash}`,
  };
}

/**
 * The key-name form of an identifier key (the output of `identifierKey()`): 128 bits of its SHA-256.
 *
 * @example
 * identifierHash(identifierKey('+1 (555) 010-2030')) === identifierHash('+15550102030') // true
 */
export function identifierHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/**
 * A record as hash fields for `HSET`; optional fields are left out, as `codeMatches` tells "absent" apart.
 *
 * @example
 * await redis.hset(key, ...encodeCode(record, key, hash));
 */
export function encodeCode(record: Omit<RelayCode, 'id'>, key: string, hash: string): string[] {
  const fields: Record<string, string | number | undefined> = {
    identifier: record.identifier,
    key,
    h: hash,
    runId: record.runId,
    workflowId: record.workflowId,
    taskId: record.taskId,
    code: record.code,
    link: record.link,
    otpType: record.otpType,
    source: record.source,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
  return Object.entries(fields).flatMap(([name, value]) =>
    value === undefined ? [] : [name, String(value)],
  );
}

const text = z.string();
const millis = z
  .string()
  .regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i)
  .transform(Number);
const codeFields = z.object({
  id: text,
  identifier: text,
  runId: text.optional(),
  workflowId: text.optional(),
  taskId: text.optional(),
  code: text.optional(),
  link: text.optional(),
  otpType: z.enum(['totp', 'magic_link']),
  source: text,
  createdAt: millis,
  expiresAt: millis,
  consumedAt: millis.optional(),
  heldUntil: millis.optional(),
});

/**
 * Reads an `HGETALL` reply back into a record; a malformed one (another program writing under the prefix)
 * is an error, not a guess.
 *
 * @example
 * const record = decodeCode(await redis.hgetall(key));
 */
export function decodeCode(reply: unknown): RelayCode {
  const list = z.array(z.string()).safeParse(reply);
  const pairs: Record<string, string> = {};
  if (list.success)
    for (let i = 0; i + 1 < list.data.length; i += 2)
      pairs[list.data[i] as string] = list.data[i + 1] as string;
  const parsed = codeFields.safeParse(pairs);
  if (!parsed.success) throw malformed('a code record');
  const { runId, workflowId, taskId, code, link, consumedAt, heldUntil, ...required } = parsed.data;
  return {
    ...required,
    ...(runId === undefined ? {} : { runId }),
    ...(workflowId === undefined ? {} : { workflowId }),
    ...(taskId === undefined ? {} : { taskId }),
    ...(code === undefined ? {} : { code }),
    ...(link === undefined ? {} : { link }),
    ...(consumedAt === undefined ? {} : { consumedAt }),
    ...(heldUntil === undefined ? {} : { heldUntil }),
  };
}

const runFields = z.object({
  id: text,
  identifier: text,
  runId: text.optional(),
  kind: text,
  since: z.number(),
  deadline: z.number().nullable(),
});

/**
 * A waiting run as stored: its own fields only, as JSON.
 *
 * @example
 * await redis.hset(keys.waiting, run.id, encodeWaitingRun(run));
 */
export function encodeWaitingRun(run: WaitingRun): string {
  const { id, identifier, runId, kind, since, deadline } = run;
  return JSON.stringify({ id, identifier, runId, kind, since, deadline });
}

/**
 * Parses a waiting run stored as JSON.
 *
 * @example
 * const runs = (await redis.hvals(keys.waiting)).map(decodeWaitingRun);
 */
export function decodeWaitingRun(json: string): WaitingRun {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw malformed('a waiting run');
  }
  const parsed = runFields.safeParse(value);
  if (!parsed.success) throw malformed('a waiting run');
  const { runId, ...rest } = parsed.data;
  return { ...rest, ...(runId === undefined ? {} : { runId }) };
}

const eventMessage = z.object({
  o: text,
  e: z.discriminatedUnion('type', [
    z.object({ type: z.literal('code'), identifier: text, runId: text.optional() }),
    z.object({ type: z.literal('waiting') }),
  ]),
});

/**
 * An event as published to the other relays; `origin` lets a relay skip its own echo.
 *
 * @example
 * await redis.publish(keys.channel, encodeEvent(origin, { type: 'waiting' }));
 */
export function encodeEvent(origin: string, event: RelayEvent): string {
  return JSON.stringify({ o: origin, e: event });
}

/**
 * The published event and its origin, or `null` for a message that is not one (ignored, not fatal).
 *
 * @example
 * sub.on('message', (_channel, message) => { const got = decodeEvent(message); … });
 */
export function decodeEvent(message: string): { origin: string; event: RelayEvent } | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  const parsed = eventMessage.safeParse(value);
  if (!parsed.success) return null;
  const { e } = parsed.data;
  const event: RelayEvent =
    e.type === 'waiting'
      ? { type: 'waiting' }
      : { type: 'code', identifier: e.identifier, ...(e.runId === undefined ? {} : { runId: e.runId }) };
  return { origin: parsed.data.o, event };
}

function malformed(what: string): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_REDIS_UNAVAILABLE',
    `Redis returned ${what} the relay cannot read: is another program writing under the relay's key prefix? Give the relay its own prefix.`,
  );
}
