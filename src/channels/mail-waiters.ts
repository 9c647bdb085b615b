/**
 * The waiting side of an inbox: pending `waitForCode` requests, matched against stored messages whenever
 * either side changes. No polling: the inbox calls `offer()` when a message arrives, `wait()` offers
 * at once, and an abort signal rejects its own waiter immediately. Each message goes to one waiter only.
 */
import { TwoFactorAbortError } from '../errors.js';
import { explainMail, type MailContent, type MailReading } from './mail-read.js';
import type { CodeRequest, ReceivedCode } from './source.js';

/** One stored message, as the inbox sources keep it. */
export interface InboxMessage {
  /** Stable id within the inbox (SMTP: a counter; IMAP: UIDVALIDITY:UID). */
  id: string;
  /** Epoch ms of arrival (SMTP: end of DATA; IMAP: INTERNALDATE). */
  receivedAt: number;
  /** Lower-cased addresses the message was delivered to. */
  recipients: readonly string[];
  content: MailContent;
  /** Set once the message answered a request; it never answers another. */
  consumed: boolean;
}

export interface MailWaitersOptions {
  /** Prefix of `ReceivedCode.source`: `smtp` → `smtp:<address>`. */
  channel: string;
  /** Label for abort messages, e.g. `the SMTP inbox on 127.0.0.1:2525`. */
  label: string;
  /** Hosts magic links should point at (see `extractLink`). */
  linkHosts?: readonly string[];
  /** Messages up to this much older than `since` still count (clock skew, whole-second dates). Default 0. */
  toleranceMs?: number;
  /** Runs when a message has been given to a waiter, before the waiter gets it (IMAP marks it \Seen). */
  onClaim?: (message: InboxMessage) => Promise<void>;
}

interface Waiter {
  request: CodeRequest;
  identifier: string | null;
  /** Why the last message for this request answered nothing (for the abort error; never a code). */
  lastReason: string | null;
  settle: (outcome: { value: ReceivedCode } | { error: Error }) => void;
}

/**
 * Pending requests of one inbox.
 *
 * @example
 * const waiters = new MailWaiters(() => messages, { channel: 'smtp', label: 'the SMTP inbox' });
 * const received = waiters.wait(request); // resolves when a matching message is offered
 * messages.push(message); waiters.offer();
 */
export class MailWaiters {
  readonly #messages: () => Iterable<InboxMessage>;
  readonly #options: MailWaitersOptions;
  readonly #waiters = new Set<Waiter>();
  readonly #reads = new WeakMap<InboxMessage, Map<string, MailReading>>();
  /** The code each consumed message gave, so a retry after a rejection can get its next plausible one. */
  readonly #given = new WeakMap<InboxMessage, string>();

  constructor(messages: () => Iterable<InboxMessage>, options: MailWaitersOptions) {
    this.#messages = messages;
    this.#options = options;
  }

  /** Number of requests still waiting. */
  get size(): number {
    return this.#waiters.size;
  }

  /** The earliest `since` among pending requests (what the IMAP search must reach back to), or null. */
  earliestSince(): number | null {
    let earliest: number | null = null;
    for (const waiter of this.#waiters) earliest = Math.min(earliest ?? Infinity, waiter.request.since);
    return earliest;
  }

  /** Waits for a message that answers `request`; rejects with `TwoFactorAbortError` when its signal aborts. */
  wait(request: CodeRequest): Promise<ReceivedCode> {
    const { signal } = request;
    if (signal.aborted) return Promise.reject(this.#abortError(signal, null));
    return new Promise<ReceivedCode>((resolve, reject) => {
      let settled = false;
      const onAbort = () => waiter.settle({ error: this.#abortError(signal, waiter.lastReason) });
      const waiter: Waiter = {
        request,
        identifier: request.identifier ? request.identifier.trim().toLowerCase() : null,
        lastReason: null,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          this.#waiters.delete(waiter);
          signal.removeEventListener('abort', onAbort);
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.value);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      this.offer();
    });
  }

  /**
   * Hands unconsumed messages to pending requests. The request that started last (whose window is the
   * narrowest) chooses first and takes the newest message it can use, so earlier requests keep the
   * older messages only they can use.
   */
  offer(): void {
    const waiters = [...this.#waiters].sort((a, b) => b.request.since - a.request.since);
    if (waiters.length === 0) return;
    const messages = [...this.#messages()];
    for (const waiter of waiters) {
      const match = this.#newestFor(waiter, messages);
      if (!match) continue;
      const { message, found } = match;
      message.consumed = true;
      if (found.code) this.#given.set(message, found.code);
      // Out of the pending set now (no second message), but still abortable until it settles.
      this.#waiters.delete(waiter);
      const address = waiter.request.identifier?.trim() ?? message.recipients[0] ?? 'inbox';
      const value: ReceivedCode = {
        ...found,
        source: `${this.#options.channel}:${address}`,
        receivedAt: message.receivedAt,
      };
      const claimed = this.#options.onClaim?.(message).catch(() => undefined) ?? Promise.resolve();
      void claimed.then(() => waiter.settle({ value }));
    }
  }

  /** Rejects every pending request (the inbox closed or lost its connection). */
  rejectAll(error: Error): void {
    for (const waiter of [...this.#waiters]) waiter.settle({ error });
  }

  #newestFor(
    waiter: Waiter,
    messages: readonly InboxMessage[],
  ): { message: InboxMessage; found: NonNullable<MailReading['found']> } | null {
    const { request, identifier } = waiter;
    const earliest = request.since - (this.#options.toleranceMs ?? 0);
    const rejected = request.rejected?.code;
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i];
      if (!message || message.receivedAt < earliest) continue;
      // A consumed message answers again only the retry of the code it gave: its next plausible code.
      const retry = message.consumed && rejected !== undefined && this.#given.get(message) === rejected;
      if (message.consumed && !retry) continue;
      if (identifier !== null && !message.recipients.includes(identifier)) continue;
      const { found, reason } = this.#read(message, request);
      if (!found) {
        waiter.lastReason = reason;
        continue;
      }
      // The site already refused this one; a resent message carries a new code.
      if (request.rejected && (found.code ?? found.link) === (request.rejected.code ?? request.rejected.link))
        continue;
      return { message, found };
    }
    return null;
  }

  #read(message: InboxMessage, request: CodeRequest): MailReading {
    const exclude = request.rejected?.code ? [request.rejected.code] : [];
    const key = [
      request.kind === 'magic-link' ? 'link' : 'code',
      request.codeLength,
      request.charset,
      ...exclude,
    ].join(':');
    let reads = this.#reads.get(message);
    if (!reads) {
      reads = new Map();
      this.#reads.set(message, reads);
    }
    let reading = reads.get(key);
    if (!reading) {
      reading = explainMail(message.content, request.kind, {
        codeLength: request.codeLength,
        charset: request.charset,
        linkHosts: this.#options.linkHosts,
        exclude,
      });
      reads.set(key, reading);
    }
    return reading;
  }

  #abortError(signal: AbortSignal, lastReason: string | null): TwoFactorAbortError {
    const seen = lastReason ? ` The last message for it held no usable code: ${lastReason}.` : '';
    return new TwoFactorAbortError(
      `Stopped waiting for a code on ${this.#options.label}: the wait was aborted.${seen}`,
      {
        cause: signal.reason,
      },
    );
  }
}
