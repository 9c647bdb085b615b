/**
 * An SMTP server inside the test process that the site under test (or its mail stub) sends to. Every
 * message is parsed and kept in memory; `waitForCode` hands out the code or magic link of the first
 * message that arrives for the address after the prompt was seen.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import { maskDigitRuns } from '../mask.js';
import { headerRecipients, mailContent } from './mail-read.js';
import { type InboxMessage, MailWaiters } from './mail-waiters.js';
import type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';

export interface SmtpInboxOptions {
  /** Interface to listen on (default `127.0.0.1`). Keep it on loopback: the inbox has no authentication. */
  host?: string;
  /** Port to listen on (default `0`: any free port; read it from `inbox.port`). */
  port?: number;
  /** Largest message accepted, in bytes (default 10 MB); bigger ones are refused with SMTP 552. */
  maxMessageBytes?: number;
  /** Messages kept in memory, oldest dropped first (default 1000). */
  maxMessages?: number;
  /** Domain of the addresses `address()` makes (default `pw2fa.test`, a reserved test TLD). */
  domain?: string;
  /** Hosts magic links should point at (see `extractLink`). */
  linkHosts?: string[];
}

/** What `inbox.messages()` shows about a message: metadata only, never its body or its code. */
export interface InboxMessageInfo {
  id: string;
  from: string;
  /** Envelope recipients (`RCPT TO`), lower-cased. */
  to: string[];
  /** The subject with every run of 4+ digits masked (subjects often carry the code). */
  subject: string;
  receivedAt: number;
  size: number;
  /** True once the message answered a `waitForCode`. */
  consumed: boolean;
}

interface StoredMessage extends InboxMessage {
  info: Omit<InboxMessageInfo, 'consumed'>;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const TAG = /^[a-z0-9][a-z0-9._-]{0,47}$/i;

function checkOptions(options: SmtpInboxOptions): void {
  const { port, maxMessageBytes, maxMessages } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      `Expected \`port\` to be an integer from 0 to 65535, got ${port}.`,
    );
  }
  if (maxMessageBytes !== undefined && (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1024)) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected `maxMessageBytes` to be an integer of at least 1024.',
    );
  }
  if (maxMessages !== undefined && (!Number.isInteger(maxMessages) || maxMessages < 1)) {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'Expected `maxMessages` to be a positive integer.');
  }
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Embedded SMTP sink and {@link CodeSource} for e-mail codes and magic links in tests.
 *
 * Point the site's mailer at `inbox.host:inbox.port` (plain SMTP, no authentication, no TLS). Messages
 * are routed by envelope recipient: `run+42@pw2fa.test` is its own inbox, and a request's `identifier`
 * matches the exact recipient address, case-insensitively (no identifier: any recipient). Only messages
 * received at or after `request.since` count, and each message answers one request only.
 *
 * @example
 * const inbox = await SmtpInbox.start();             // 127.0.0.1, free port
 * const email = inbox.address('login');              // 'run+login@pw2fa.test'
 * // … configure the app with SMTP 127.0.0.1:inbox.port, sign up / sign in as `email` …
 * const { code } = await inbox.waitForCode({ kind: 'email', identifier: email, since, signal });
 * await inbox.close();
 */
export class SmtpInbox implements CodeSource {
  readonly name: string;
  /** The address the server listens on. */
  readonly host: string;
  /** The port the server listens on (the free port picked when started with `port: 0`). */
  readonly port: number;
  readonly #server: SMTPServer;
  readonly #options: SmtpInboxOptions;
  readonly #messages: StoredMessage[] = [];
  readonly #waiters: MailWaiters;
  #sequence = 0;
  #closing: Promise<void> | null = null;

  private constructor(server: SMTPServer, host: string, port: number, options: SmtpInboxOptions) {
    this.#server = server;
    this.#options = options;
    this.host = host;
    this.port = port;
    this.name = `smtp:${host}:${port}`;
    this.#waiters = new MailWaiters(() => this.#messages, {
      channel: 'smtp',
      label: `the SMTP inbox on ${host}:${port}`,
      ...(options.linkHosts ? { linkHosts: options.linkHosts } : {}),
    });
  }

  /**
   * Starts the server and resolves once it accepts connections.
   *
   * @example
   * const inbox = await SmtpInbox.start({ port: 2525, maxMessageBytes: 1_000_000 });
   */
  static async start(options: SmtpInboxOptions = {}): Promise<SmtpInbox> {
    checkOptions(options);
    const host = options.host ?? '127.0.0.1';
    const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_BYTES;
    let inbox: SmtpInbox | null = null;
    // Loaded on first use: the mail libraries cost ~50 MB that users without an inbox never pay.
    const { SMTPServer: Server } = await import('smtp-server');
    const server = new Server({
      banner: 'playwright-2fa test inbox',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      size: maxBytes,
      rejectOversized: true,
      maxClients: 50,
      closeTimeout: 1000,
      logger: false,
      onRcptTo(address, _session, callback) {
        const valid = address.address.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(address.address);
        callback(valid ? null : smtpError('Recipient address not understood', 553));
      },
      onData(stream, session, callback) {
        if (!inbox) return callback(smtpError('Inbox not ready', 451));
        inbox.#receive(stream, session, maxBytes).then(
          () => callback(),
          (error: unknown) =>
            callback(error instanceof Error ? error : smtpError('Message not accepted', 451)),
        );
      },
    });
    // Client-side trouble (resets, bad commands) must never take the test process down.
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(options.port ?? 0, host, () => {
        server.server.off('error', onError);
        resolve();
      });
    }).catch((error: unknown) => {
      throw new TwoFactorError(
        'PW2FA_CHANNEL_FAILED',
        `Could not start the SMTP inbox on ${host}:${options.port ?? 0}: ${(error as Error).message}. Pick another port, or 0 for a free one.`,
        { cause: error },
      );
    });
    const port = (server.server.address() as AddressInfo).port;
    inbox = new SmtpInbox(server, host, port, options);
    return inbox;
  }

  /**
   * An address for this inbox: `run+<tag>@<domain>` (plus-addressing, so each test or run has its own
   * inbox). Without a tag, a fresh random one. The inbox accepts mail for any address; this only makes
   * unique ones. Tags are letters, digits, `.`, `_` and `-`.
   *
   * @example
   * inbox.address('checkout-42'); // 'run+checkout-42@pw2fa.test'
   * inbox.address();              // 'run+5f3a9c1e@pw2fa.test'
   */
  address(tag?: string): string {
    const chosen = tag ?? randomBytes(4).toString('hex');
    if (!TAG.test(chosen)) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        `Expected the address tag to be 1–48 letters, digits, ".", "_" or "-", got "${chosen.slice(0, 60)}".`,
      );
    }
    return `run+${chosen.toLowerCase()}@${this.#options.domain ?? 'pw2fa.test'}`;
  }

  /** Answers e-mail, generic code and magic-link prompts. */
  accepts(kind: CodeKind): boolean {
    return kind === 'email' || kind === 'code' || kind === 'magic-link';
  }

  /**
   * Resolves with the code (or, for `kind: 'magic-link'`, the link) of the newest message for
   * `request.identifier` received at or after `request.since`; waits for one if there is none yet.
   * Rejects with `TwoFactorAbortError` when `request.signal` aborts or the inbox closes.
   *
   * @example
   * const { code, source } = await inbox.waitForCode({ kind: 'email', identifier, since, signal });
   */
  waitForCode(request: CodeRequest): Promise<ReceivedCode> {
    if (this.#closing) {
      return Promise.reject(
        new TwoFactorAbortError(`The SMTP inbox on ${this.host}:${this.port} is closed.`),
      );
    }
    return this.#waiters.wait(request);
  }

  /**
   * Metadata of the stored messages, oldest first, optionally only those for one recipient. For
   * debugging a test that waits in vain: did the mail arrive, to which address, was it used?
   *
   * @example
   * console.table(inbox.messages('run+login@pw2fa.test'));
   */
  messages(identifier?: string): InboxMessageInfo[] {
    const wanted = identifier?.trim().toLowerCase();
    return this.#messages
      .filter((message) => wanted === undefined || message.recipients.includes(wanted))
      .map((message) => ({ ...message.info, to: [...message.info.to], consumed: message.consumed }));
  }

  /**
   * Stops the server (open connections get 1 s to finish) and rejects pending waits. Safe to call twice.
   *
   * @example
   * test.afterAll(() => inbox.close());
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#waiters.rejectAll(
        new TwoFactorAbortError(
          `The SMTP inbox on ${this.host}:${this.port} was closed while waiting for a code.`,
        ),
      );
      await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    })();
    return this.#closing;
  }

  async #receive(stream: SMTPServerDataStream, session: SMTPServerSession, maxBytes: number): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is drained, not kept: a 50 MB body costs no memory.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.once('end', () => resolve());
      stream.once('error', reject);
    });
    if (stream.sizeExceeded || size > maxBytes) {
      throw smtpError(`Message exceeds fixed maximum message size ${maxBytes}`, 552);
    }
    const receivedAt = Date.now();
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(Buffer.concat(chunks), { skipImageLinks: true }).catch(
      (error: unknown) => {
        throw Object.assign(smtpError('Message could not be parsed', 554), { cause: error });
      },
    );
    const envelope = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
    const recipients = envelope.length ? envelope : headerRecipients(parsed);
    const id = String(++this.#sequence);
    const from = parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : '');
    this.#messages.push({
      id,
      receivedAt,
      recipients,
      content: mailContent(parsed),
      consumed: false,
      info: {
        id,
        from,
        to: recipients,
        subject: maskDigitRuns(parsed.subject ?? ''),
        receivedAt,
        size,
      },
    });
    const max = this.#options.maxMessages ?? 1000;
    if (this.#messages.length > max) this.#messages.splice(0, this.#messages.length - max);
    this.#waiters.offer();
  }
}
