import { randomUUID } from 'node:crypto';
import { TwoFactorError } from '../errors.js';
import {
  codeMatches,
  DEFAULT_CODE_TTL_MS,
  DEFAULT_MAX_CODES,
  type HistoryQuery,
  identifierKey,
  type NewRelayCode,
  type RelayCode,
  type RelayEvent,
  type RelayListener,
  type RelayStore,
  type TakenCode,
  type TakeQuery,
  type WaitingRun,
} from './store.js';

export interface MemoryRelayStoreOptions {
  /** Default lifetime of a pushed code (10 minutes). */
  codeTtlMs?: number;
  /** Oldest records are dropped beyond this many, so a flood of pushes cannot exhaust memory (10 000). */
  maxCodes?: number;
}

/**
 * The relay's default store: everything in this process. JavaScript runs one callback at a time, so
 * `take` (find and mark consumed in one synchronous step) is atomic without locks.
 *
 * @example
 * const store = new MemoryRelayStore({ codeTtlMs: 5 * 60_000 });
 * await store.add({ identifier: 'me@example.com', code: '123456', source: 'manual' });
 * const code = await store.take({ identifier: 'me@example.com', since: 0 });
 */
export class MemoryRelayStore implements RelayStore {
  readonly #ttlMs: number;
  readonly #maxCodes: number;
  #codes: RelayCode[] = [];
  readonly #waiting = new Map<string, { run: WaitingRun; timer?: NodeJS.Timeout }>();
  readonly #listeners = new Set<RelayListener>();

  constructor(options: MemoryRelayStoreOptions = {}) {
    this.#ttlMs = positive(options.codeTtlMs ?? DEFAULT_CODE_TTL_MS, 'codeTtlMs');
    this.#maxCodes = positive(options.maxCodes ?? DEFAULT_MAX_CODES, 'maxCodes');
  }

  async add(input: NewRelayCode): Promise<RelayCode> {
    const createdAt = input.at ?? Date.now();
    const record: RelayCode = {
      id: `tc_${randomUUID().replaceAll('-', '')}`,
      identifier: input.identifier.trim(),
      ...optional('runId', input.runId),
      ...optional('workflowId', input.workflowId),
      ...optional('taskId', input.taskId),
      ...optional('code', input.code),
      ...optional('link', input.link),
      otpType: input.code === undefined && input.link !== undefined ? 'magic_link' : 'totp',
      source: input.source,
      createdAt,
      expiresAt: createdAt + (input.ttlMs ?? this.#ttlMs),
    };
    this.#codes.push(record);
    if (this.#codes.length > this.#maxCodes) this.#codes = this.#codes.slice(-this.#maxCodes);
    this.#emit({ type: 'code', identifier: record.identifier, ...optional('runId', record.runId) });
    return { ...record };
  }

  async history(query: HistoryQuery): Promise<RelayCode[]> {
    const key = query.identifier === undefined ? undefined : identifierKey(query.identifier);
    const found: RelayCode[] = [];
    // Newest first: walk backwards; equal timestamps keep push order reversed.
    const byTime = this.#codes
      .map((code, index) => ({ code, index }))
      .sort((a, b) => b.code.createdAt - a.code.createdAt || b.index - a.index);
    for (const { code } of byTime) {
      if (found.length >= query.limit) break;
      if (key !== undefined && identifierKey(code.identifier) !== key) continue;
      if (query.runId !== undefined && code.runId !== query.runId) continue;
      if (query.otpType !== undefined && code.otpType !== query.otpType) continue;
      found.push({ ...code });
    }
    return found;
  }

  async take(query: TakeQuery): Promise<RelayCode | null> {
    const at = query.at ?? Date.now();
    let oldest: RelayCode | undefined;
    for (const code of this.#codes) {
      if (codeMatches(code, query, at) && (oldest === undefined || code.createdAt < oldest.createdAt)) {
        oldest = code;
      }
    }
    if (!oldest) return null;
    oldest.consumedAt = at;
    if (query.holdMs === undefined) delete oldest.heldUntil;
    else {
      const held = oldest;
      held.heldUntil = at + query.holdMs;
      // Wake waiters when the hold lapses, so an unacknowledged code is taken again without a new push.
      setTimeout(() => {
        if (held.consumedAt === at && held.heldUntil !== undefined) this.#emitCode(held);
      }, query.holdMs).unref();
    }
    return { ...oldest };
  }

  async acknowledge(code: TakenCode): Promise<boolean> {
    const record = this.#codes.find((candidate) => candidate.id === code.id);
    if (!record || record.consumedAt === undefined || record.consumedAt !== code.consumedAt) return false;
    delete record.heldUntil;
    return true;
  }

  async release(code: TakenCode, at = Date.now()): Promise<boolean> {
    const record = this.#codes.find((candidate) => candidate.id === code.id);
    // Only the take that consumed it may put it back, and only while it can still be used.
    if (!record || record.consumedAt === undefined || record.consumedAt !== code.consumedAt) return false;
    if (record.expiresAt <= at) return false;
    delete record.consumedAt;
    delete record.heldUntil;
    this.#emitCode(record);
    return true;
  }

  #emitCode(record: TakenCode): void {
    this.#emit({ type: 'code', identifier: record.identifier, ...optional('runId', record.runId) });
  }

  async setWaiting(run: WaitingRun): Promise<void> {
    const previous = this.#waiting.get(run.id);
    if (previous?.timer) clearTimeout(previous.timer);
    const entry: { run: WaitingRun; timer?: NodeJS.Timeout } = { run: { ...run } };
    if (run.deadline !== null) {
      // Drop the entry when it lapses, and tell the page, unless a later long-poll refreshes it first.
      entry.timer = setTimeout(() => void this.clearWaiting(run.id), Math.max(0, run.deadline - Date.now()));
      entry.timer.unref();
    }
    this.#waiting.set(run.id, entry);
    this.#emit({ type: 'waiting' });
  }

  async clearWaiting(id: string): Promise<void> {
    const entry = this.#waiting.get(id);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    this.#waiting.delete(id);
    this.#emit({ type: 'waiting' });
  }

  async waiting(at = Date.now()): Promise<WaitingRun[]> {
    return [...this.#waiting.values()]
      .map((entry) => entry.run)
      .filter((run) => run.deadline === null || run.deadline > at)
      .sort((a, b) => a.since - b.since)
      .map((run) => ({ ...run }));
  }

  async subscribe(listener: RelayListener): Promise<() => void> {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    for (const entry of this.#waiting.values()) if (entry.timer) clearTimeout(entry.timer);
    this.#waiting.clear();
    this.#listeners.clear();
  }

  #emit(event: RelayEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // One faulty listener must not stop a push from reaching the others.
      }
    }
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', `Expected \`${name}\` to be a positive number of ms.`);
  }
  return value;
}
