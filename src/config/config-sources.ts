import type { CodeSource, SmtpInbox } from '../channels/index.js';
import { TwoFactorError } from '../errors.js';
import type { TwoFactorConfig } from './schema.js';

/** The configured channels, started, and one function that stops those that hold a port or a connection. */
export interface ConfiguredSources {
  sources: CodeSource[];
  /** The embedded SMTP sink, when configured: the site under test sends to `inbox.host:inbox.port`. */
  inbox: SmtpInbox | undefined;
  close(): Promise<void>;
}

function secretFromEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value)
    throw new TwoFactorError('PW2FA_BAD_CONFIG', `The ${what} is read from $${name}, which is not set.`);
  return value;
}

/**
 * Starts the channels a config names: the SMTP sink listens, IMAP and relay connect on first wait.
 *
 * @example
 * const { sources, close } = await sourcesFromConfig(await loadConfig());
 * try { await new TwoFactor(page, { sources, identifier: 'me@example.test' }).handle() } finally { await close() }
 */
export async function sourcesFromConfig(config: TwoFactorConfig): Promise<ConfiguredSources> {
  const { smtp, imap, relay, pull } = config.sources;
  const sources: CodeSource[] = [];
  if (!smtp && !imap && !relay && !pull) return { sources, inbox: undefined, close: async () => {} };
  // Loaded only when a channel is configured: an MCP server without channels starts without them.
  const { ImapMailbox, PullSource, RelaySource, SmtpInbox } = await import('../channels/index.js');
  const inbox = smtp ? await SmtpInbox.start({ host: smtp.host, port: smtp.port }) : undefined;
  try {
    if (inbox) sources.push(inbox);
    if (imap) {
      sources.push(
        new ImapMailbox({
          host: imap.host,
          port: imap.port,
          ...(imap.secure !== undefined ? { secure: imap.secure } : {}),
          auth: { user: imap.user, pass: secretFromEnv(imap.passwordEnv, 'IMAP password') },
          ...(imap.mailbox ? { mailbox: imap.mailbox } : {}),
          ...(imap.from ? { from: imap.from } : {}),
        }),
      );
    }
    if (relay) {
      sources.push(
        new RelaySource({
          url: relay.url,
          apiKey: secretFromEnv(relay.apiKeyEnv, 'relay API key'),
          ...(relay.runId ? { runId: relay.runId } : {}),
        }),
      );
    }
    if (pull) {
      sources.push(
        new PullSource({
          url: pull.url,
          secret: secretFromEnv(pull.secretEnv, 'pull URL secret'),
          ...(pull.runId ? { runId: pull.runId } : {}),
        }),
      );
    }
  } catch (error) {
    await inbox?.close();
    throw error;
  }
  return {
    sources,
    inbox,
    close: async () => {
      await inbox?.close();
      for (const source of sources) {
        const closable = source as Partial<{ close(): Promise<void> }>;
        if (source !== inbox && typeof closable.close === 'function') await closable.close();
      }
    },
  };
}
