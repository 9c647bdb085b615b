/**
 * A real mailbox as a code source: one IMAP connection (imapflow) that IDLEs on the mailbox, so a new
 * message wakes the wait at once instead of a polling loop finding it later.
 */
import type { ConnectionOptions } from 'node:tls';
import type { FetchMessageObject, ImapFlow, MessageEnvelopeObject } from 'imapflow';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import { type EnvelopeAddress, envelopeAddresses, senderMatcher, textMatcher } from './mail-filter.js';
import { headerRecipients, mailContent } from './mail-read.js';
import { type InboxMessage, MailWaiters } from './mail-waiters.js';
import type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';

export interface ImapMailboxOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 993). Default: `true` on port 993, else STARTTLS when offered. */
  secure?: boolean;
  auth: { user: string; pass: string };
  /** Mailbox to watch (default `INBOX`). */
  mailbox?: string;
  /**
   * Only messages from this sender: an address (exact), a domain (it and its subdomains), other text (a
   * case-insensitive part of `Name <address>`), or a pattern tested on `Name <address>`.
   */
  from?: string | RegExp;
  /** Only messages with this subject: a case-insensitive part of it, or a pattern. */
  subject?: string | RegExp;
  /** Mark used messages `\Seen`, and only consider unseen ones (default true). */
  markSeen?: boolean;
  /** TLS options (`servername`, `ca`, `rejectUnauthorized` …) passed to Node's `tls`. */
  tls?: ConnectionOptions;
  /**
   * Messages this much older than `since` still count (default 3000 ms): INTERNALDATE has whole seconds,
   * and the server's clock is not the test machine's.
   */
  clockSkewMs?: number;
  /** Hosts magic links should point at (see `extractLink`). */
  linkHosts?: string[];
  /** Bytes of each message fetched and parsed (default 2 MB); the rest of a huge message is ignored. */
  maxMessageBytes?: number;
  /** Longest wait for the connection and greeting, in ms (default 15 s). */
  connectTimeoutMs?: number;
}

interface Seen {
  date: number;
  envelope: MessageEnvelopeObject | undefined;
  message: InboxMessage | null;
  /** Fetched but not parseable: not fetched again. */
  unreadable?: true;
}

/**
 * IMAP mailbox {@link CodeSource}: waits (with IDLE) for a message that arrived after the prompt, from
 * the expected sender, to the expected address, and returns its code or magic link.
 *
 * Only messages whose INTERNALDATE is at or after `request.since − clockSkewMs` count; with `from` /
 * `subject` set, only matching ones; with `request.identifier` set, only those addressed to it
 * (`To`/`Cc`/`Delivered-To`/`X-Original-To`, case-insensitive). A used message is marked `\Seen`
 * (other workers then skip it) and is never returned again by this process. A dropped connection
 * rejects pending waits with `PW2FA_CHANNEL_FAILED`; the next wait reconnects.
 *
 * @example
 * const mailbox = new ImapMailbox({
 *   host: 'imap.example.com', port: 993, auth: { user: 'qa@example.com', pass: process.env.IMAP_PASS! },
 *   from: /@github\.com>?$/, subject: 'verification code',
 * });
 * const { code } = await mailbox.waitForCode({ kind: 'email', identifier: 'qa@example.com', since, signal });
 * await mailbox.close();
 */
export class ImapMailbox implements CodeSource {
  readonly name: string;
  readonly #options: ImapMailboxOptions;
  readonly #mailbox: string;
  readonly #waiters: MailWaiters;
  readonly #fromMatches: (senders: readonly EnvelopeAddress[]) => boolean;
  readonly #subjectMatches: (value: string) => boolean;
  /** Messages examined in this mailbox (this UIDVALIDITY), by UID; kept across reconnects. */
  #seen = new Map<number, Seen>();
  /** Messages of the latest search that pass the filters, oldest first: what waiters choose from. */
  #candidates: InboxMessage[] = [];
  #uidValidity: bigint | null = null;
  #client: ImapFlow | null = null;
  #connecting: Promise<ImapFlow> | null = null;
  #scanning = false;
  #rescan = false;
  #closed = false;

  constructor(options: ImapMailboxOptions) {
    if (!options.host || !Number.isInteger(options.port) || !options.auth?.user) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected `host`, an integer `port` and `auth.user` for ImapMailbox.',
      );
    }
    this.#options = options;
    this.#mailbox = options.mailbox ?? 'INBOX';
    this.name = `imap:${options.host}/${this.#mailbox}`;
    this.#fromMatches = senderMatcher(options.from);
    this.#subjectMatches = textMatcher(options.subject);
    this.#waiters = new MailWaiters(() => this.#candidates, {
      channel: 'imap',
      label: `IMAP ${this.#where()}`,
      toleranceMs: options.clockSkewMs ?? 3000,
      ...(options.linkHosts ? { linkHosts: options.linkHosts } : {}),
      onClaim: (message) => this.#markSeen(message),
    });
  }

  /** True while the connection IDLEs on the mailbox, so new mail wakes pending waits (for diagnostics). */
  get idling(): boolean {
    return this.#client?.idling ?? false;
  }

  /** Answers e-mail, generic code and magic-link prompts. */
  accepts(kind: CodeKind): boolean {
    return kind === 'email' || kind === 'code' || kind === 'magic-link';
  }

  /**
   * Connects (once) and waits for a matching message. Rejects with `TwoFactorAbortError` on abort or
   * close, and with `PW2FA_CHANNEL_FAILED` when the server cannot be reached, refuses the login, or the
   * connection drops.
   *
   * @example
   * const { code, receivedAt } = await mailbox.waitForCode({ kind: 'email', since, signal });
   */
  waitForCode(request: CodeRequest): Promise<ReceivedCode> {
    if (this.#closed)
      return Promise.reject(new TwoFactorAbortError(`The IMAP mailbox ${this.#where()} is closed.`));
    const waiting = this.#waiters.wait(request);
    this.#requestScan();
    return waiting;
  }

  /**
   * Connects now instead of on the first wait, to fail fast on bad settings.
   *
   * @example
   * await mailbox.connect();
   */
  async connect(): Promise<void> {
    await this.#connection();
  }

  /** Logs out and rejects pending waits. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiters.rejectAll(
      new TwoFactorAbortError(`The IMAP mailbox ${this.#where()} was closed while waiting for a code.`),
    );
    const client = this.#client ?? (await this.#connecting?.catch(() => null)) ?? null;
    this.#client = null;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2000);
    });
    await Promise.race([client.logout().catch(() => undefined), patience]);
    clearTimeout(timer);
    client.close();
  }

  #where(): string {
    return `${this.#options.host}:${this.#options.port} (${this.#mailbox})`;
  }

  #connection(): Promise<ImapFlow> {
    if (this.#client?.usable) return Promise.resolve(this.#client);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #open(): Promise<ImapFlow> {
    const { host, port, auth, tls, secure } = this.#options;
    const timeout = this.#options.connectTimeoutMs ?? 15_000;
    // Loaded on first use: the mail libraries cost ~50 MB that users without an IMAP source never pay.
    const { ImapFlow: Client } = await import('imapflow');
    const client = new Client({
      host,
      port,
      secure: secure ?? port === 993,
      auth: { user: auth.user, pass: auth.pass },
      logger: false,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      ...(tls ? { tls } : {}),
    });
    let failure: Error | undefined;
    client.on('error', (error: Error) => {
      failure = error;
    });
    client.on('close', () => this.#lost(client, failure));
    client.on('exists', () => this.#requestScan());
    client.on('mailboxOpen', (mailbox) => {
      // UIDs (and so what this process used) stay valid across reconnects unless UIDVALIDITY changes.
      if (mailbox.uidValidity === this.#uidValidity) return;
      this.#uidValidity = mailbox.uidValidity;
      this.#seen = new Map();
      this.#candidates = [];
    });
    try {
      await client.connect();
      await client.mailboxOpen(this.#mailbox);
    } catch (error) {
      client.close();
      const refused = (error as { authenticationFailed?: boolean }).authenticationFailed;
      const reason = refused ? 'the server refused the user name or password' : (error as Error).message;
      throw new TwoFactorError(
        'PW2FA_CHANNEL_FAILED',
        `Could not open IMAP ${this.#where()} as ${auth.user}: ${reason}. Check host, port, TLS and credentials.`,
        { cause: error },
      );
    }
    if (this.#closed) {
      client.close();
      throw new TwoFactorAbortError(`The IMAP mailbox ${this.#where()} was closed.`);
    }
    this.#client = client;
    return client;
  }

  #lost(client: ImapFlow, failure: Error | undefined): void {
    if (this.#client !== client) return;
    this.#client = null;
    if (this.#closed) return;
    const why = failure ? `: ${failure.message}` : '';
    this.#waiters.rejectAll(
      new TwoFactorError(
        'PW2FA_CHANNEL_FAILED',
        `Lost the connection to IMAP ${this.#where()} while waiting for a code${why}. Check that the server is up; the next wait reconnects.`,
        { cause: failure },
      ),
    );
  }

  /** Runs a scan now, or right after the running one (an `exists` during a scan must not be missed). */
  #requestScan(): void {
    if (this.#scanning) {
      this.#rescan = true;
      return;
    }
    this.#scanning = true;
    void (async () => {
      try {
        do {
          this.#rescan = false;
          await this.#scan();
        } while (this.#rescan && this.#waiters.size > 0);
        // Wake on the next EXISTS: IDLE right away rather than after imapflow's 15 s auto-IDLE delay.
        if (this.#waiters.size > 0 && this.#client?.usable)
          this.#client.idle({ whenFree: true }).catch(() => undefined);
      } catch (error) {
        this.#waiters.rejectAll(
          error instanceof TwoFactorError
            ? error
            : new TwoFactorError(
                'PW2FA_CHANNEL_FAILED',
                `Reading IMAP ${this.#where()} failed: ${(error as Error).message}`,
                {
                  cause: error,
                },
              ),
        );
      } finally {
        this.#scanning = false;
      }
    })();
  }

  async #scan(): Promise<void> {
    const earliestSince = this.#waiters.earliestSince();
    if (earliestSince === null || this.#closed) return;
    const client = await this.#connection();
    const earliest = earliestSince - (this.#options.clockSkewMs ?? 3000);
    const markSeen = this.#options.markSeen ?? true;
    // SEARCH SINCE compares dates in the server's time zone: reach back a day, then compare INTERNALDATE.
    const found = await client.search(
      { since: new Date(earliest - 86_400_000), ...(markSeen ? { seen: false } : {}) },
      { uid: true },
    );
    const uids = Array.isArray(found) ? found : [];
    const unknown = uids.filter((uid) => !this.#seen.has(uid));
    if (unknown.length) {
      const heads = await client.fetchAll(
        unknown,
        { uid: true, internalDate: true, envelope: true },
        { uid: true },
      );
      for (const head of heads) {
        this.#seen.set(head.uid, {
          date: new Date(head.internalDate ?? 0).getTime(),
          envelope: head.envelope,
          message: null,
        });
      }
    }
    const wanted = uids.filter((uid) => {
      const seen = this.#seen.get(uid);
      if (seen === undefined || seen.message !== null || seen.unreadable) return false;
      return seen.date >= earliest && this.#passes(seen.envelope);
    });
    if (wanted.length) {
      const maxLength = this.#options.maxMessageBytes ?? 2 * 1024 * 1024;
      const bodies = await client.fetchAll(wanted, { uid: true, source: { maxLength } }, { uid: true });
      for (const body of bodies) await this.#store(body);
    }
    // Forget what left the search (seen elsewhere, expunged, too old) except what this process used.
    const current = new Set(uids);
    for (const [uid, seen] of this.#seen)
      if (!current.has(uid) && !seen.message?.consumed) this.#seen.delete(uid);
    this.#candidates = uids
      .map((uid) => this.#seen.get(uid)?.message)
      .filter((message): message is InboxMessage => !!message)
      .sort((a, b) => a.receivedAt - b.receivedAt);
    this.#waiters.offer();
  }

  #passes(envelope: MessageEnvelopeObject | undefined): boolean {
    return this.#fromMatches(envelope?.from ?? []) && this.#subjectMatches(envelope?.subject ?? '');
  }

  async #store(body: FetchMessageObject): Promise<void> {
    const seen = this.#seen.get(body.uid);
    if (!seen || !body.source) return;
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(body.source, { skipImageLinks: true }).catch(() => null);
    if (!parsed) {
      seen.unreadable = true;
      return;
    }
    const recipients = [...new Set([...envelopeAddresses(seen.envelope), ...headerRecipients(parsed)])];
    seen.message = {
      id: String(body.uid),
      receivedAt: seen.date,
      recipients,
      content: mailContent(parsed),
      consumed: false,
    };
  }

  async #markSeen(message: InboxMessage): Promise<void> {
    if (!(this.#options.markSeen ?? true) || !this.#client?.usable) return;
    await this.#client.messageFlagsAdd(message.id, ['\\Seen'], { uid: true });
  }
}
