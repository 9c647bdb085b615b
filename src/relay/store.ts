/**
 * What the relay keeps: pushed codes and the runs waiting for one. The interface is small and async so a
 * Redis store can implement it with the same guarantees — above all, `take` consumes a code exactly once
 * even when several waiters (workers, machines) race for it.
 */

/** Skyvern's `otp_type`: a numeric (or alphanumeric) code, or a one-time login link. */
export type OtpType = 'totp' | 'magic_link';

/** One pushed message, reduced to what was extracted from it (the raw content is never kept). */
export interface RelayCode {
  /** Opaque id, returned as `totp_code_id`. */
  id: string;
  /** E-mail address or phone number the code was sent to, as pushed. */
  identifier: string;
  /** Only the run with this id may take the code; without one, any waiter of the identifier may. */
  runId?: string;
  /** Skyvern metadata, kept for history and filtering. */
  workflowId?: string;
  taskId?: string;
  code?: string;
  link?: string;
  otpType: OtpType;
  /** Free-text label of who pushed it (`email_forwarder`, `twilio`, `manual` …). */
  source: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  /** Set by `take`; a consumed code is never handed out again (unless a hold lapses or it is released). */
  consumedAt?: number;
  /**
   * Set by a `take` with `holdMs`: until the waiter acknowledges, the take is provisional, and from this
   * time on (epoch ms) the code can be taken again — a waiter that vanished with it loses nothing.
   */
  heldUntil?: number;
}

/** What identifies one take of a code, for {@link RelayStore.release} and {@link RelayStore.acknowledge}. */
export type TakenCode = Pick<RelayCode, 'id' | 'identifier' | 'runId' | 'consumedAt'>;

/** What `add` needs; the store fills in the id, the times and the type. */
export interface NewRelayCode {
  identifier: string;
  runId?: string;
  workflowId?: string;
  taskId?: string;
  code?: string;
  link?: string;
  source: string;
  /** Receive time, epoch ms (default: now). */
  at?: number;
  /** How long the code can be taken (default: the store's TTL, 10 minutes). */
  ttlMs?: number;
}

export interface HistoryQuery {
  identifier?: string;
  runId?: string;
  otpType?: OtpType;
  /** At most this many records, newest first. */
  limit: number;
}

export interface TakeQuery {
  identifier: string;
  /** The waiting run: it may take codes pushed for it and codes pushed without a run id. */
  runId?: string;
  /** Epoch ms: only codes received at or after this count. */
  since: number;
  /** `code` takes only records with a code, `link` only records with a link; default either. */
  want?: 'code' | 'link';
  /** Current time, epoch ms (default: now); codes expired by then are skipped. */
  at?: number;
  /**
   * Take provisionally: the code is held for this waiter this long and becomes takeable again unless
   * {@link RelayStore.acknowledge} is called first (take, deliver, acknowledge). Default: a final take.
   */
  holdMs?: number;
}

/** A run waiting for a code: metadata only, shown on the relay page and by `GET /v1/waiting`. */
export interface WaitingRun {
  /** Stable across the long-polls of one wait, so the run does not flicker between them. */
  id: string;
  identifier: string;
  runId?: string;
  /** Prompt kind the run is waiting for (`sms`, `email`, `magic-link` …). */
  kind: string;
  /** Epoch ms the run started waiting (the prompt's `since`). */
  since: number;
  /** Epoch ms after which the entry is dropped unless refreshed; `null` while held open in-process. */
  deadline: number | null;
}

/** Change notifications, so waits are driven by pushes rather than polling. Metadata only, never a code. */
export type RelayEvent = { type: 'code'; identifier: string; runId?: string } | { type: 'waiting' };

export type RelayListener = (event: RelayEvent) => void;

export interface RelayStore {
  /** Stores a code and notifies subscribers. */
  add(input: NewRelayCode): Promise<RelayCode>;
  /** Records matching the filters, newest first, consumed and expired ones included. */
  history(query: HistoryQuery): Promise<RelayCode[]>;
  /**
   * Atomically consumes the oldest unconsumed, unexpired code that matches, or returns `null`.
   * Two concurrent calls never return the same record.
   */
  take(query: TakeQuery): Promise<RelayCode | null>;
  /**
   * Puts a code `take` returned back, because it never reached its waiter (the connection dropped, the
   * waiter gave up mid-take); waiters are woken to take it. Does nothing — resolves `false` — if the code
   * expired or was already put back. Only the `id` and `consumedAt` of the taken record are used.
   */
  release(code: TakenCode): Promise<boolean>;
  /**
   * Makes a provisional take final (the waiter has the code). `false` when the take is no longer this
   * one's — its hold lapsed and another waiter took the code — so the caller must not use it.
   */
  acknowledge(code: TakenCode): Promise<boolean>;
  /** Adds or refreshes (same `id`) a waiting run. */
  setWaiting(run: WaitingRun): Promise<void>;
  clearWaiting(id: string): Promise<void>;
  /** Waiting runs whose deadline has not passed, oldest first. */
  waiting(at?: number): Promise<WaitingRun[]>;
  /** Resolves once the listener is live; the returned function unsubscribes. */
  subscribe(listener: RelayListener): Promise<() => void>;
  close(): Promise<void>;
}

/** Codes can be taken for 10 minutes after they arrive, like Skyvern's `TOTP_LIFESPAN_MINUTES`. */
export const DEFAULT_CODE_TTL_MS = 10 * 60_000;

/** The memory store keeps at most this many codes, dropping the oldest, so a flood of pushes is bounded. */
export const DEFAULT_MAX_CODES = 10_000;

const PHONE_LIKE = /^\+?[\d\s().-]{6,}$/;

/**
 * The key identifiers are matched by: e-mail addresses case-insensitively, phone numbers by their digits,
 * so `+1 (555) 010-2030` pushed by a forwarder reaches a run waiting on Twilio's `+15550102030`.
 *
 * @example
 * identifierKey(' Me@Example.com ') // 'me@example.com'
 * identifierKey('+1 (555) 010-2030') // '+15550102030'
 */
export function identifierKey(identifier: string): string {
  const trimmed = identifier.trim().toLowerCase();
  if (!PHONE_LIKE.test(trimmed)) return trimmed;
  return `${trimmed.startsWith('+') ? '+' : ''}${trimmed.replace(/\D/g, '')}`;
}

/**
 * Whether a code may go to a waiter: same identifier, a run id that is absent or the waiter's own,
 * received at or after `since`, not consumed, not expired, and carrying what the waiter wants.
 * Shared by stores so they route identically.
 */
export function codeMatches(code: RelayCode, query: TakeQuery, at: number): boolean {
  return (
    (code.consumedAt === undefined || (code.heldUntil !== undefined && code.heldUntil <= at)) &&
    code.expiresAt > at &&
    code.createdAt >= query.since &&
    identifierKey(code.identifier) === identifierKey(query.identifier) &&
    (code.runId === undefined || code.runId === query.runId) &&
    (query.want === 'code' ? code.code !== undefined : query.want === 'link' ? code.link !== undefined : true)
  );
}
