// The channels room's door: code sources and their request/answer types, for the engine, the config and MCP.
export { FunctionSource } from './function-source.js';
export { ImapMailbox, type ImapMailboxOptions } from './imap-mailbox.js';
export { PullSource, type PullSourceOptions } from './pull-source.js';
export { RelaySource, type RelaySourceOptions } from './relay-source.js';
export { SmtpInbox, type SmtpInboxOptions } from './smtp-inbox.js';
export type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';
