import { TwoFactorError } from '../errors.js';
import type { RelayWaitTarget } from '../relay/await-code.js';
import { RelayClient } from '../relay/client.js';
import type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';

export interface RelaySourceOptions {
  /** What to wait on: a {@link RelayClient}, or an embedded relay (`relay.source()` passes this). */
  client?: RelayWaitTarget;
  /** Relay base URL, when no `client` is given. */
  url?: string;
  /** Relay API key, when no `client` is given (default: `PW2FA_RELAY_KEY`). */
  apiKey?: string;
  /** Identifier to wait on; overrides the one `TwoFactor` passes (its `identifier` option). */
  identifier?: string;
  /** This run's id: codes pushed with another run id are not taken; codes without one are. */
  runId?: string;
  /** Prompt kinds to answer (default: `sms`, `email`, `code`, `magic-link`). */
  kinds?: readonly CodeKind[];
}

const DEFAULT_KINDS: readonly CodeKind[] = ['sms', 'email', 'code', 'magic-link'];

/**
 * Codes pushed to a relay by people, phone forwarders, mail rules or Twilio. Waits are push-driven (a
 * long-poll, or a direct store subscription for an embedded relay) and each code is consumed once.
 *
 * @example
 * const source = new RelaySource({ url: 'http://127.0.0.1:8787', apiKey: process.env.PW2FA_RELAY_KEY });
 * const tf = new TwoFactor(page, { identifier: 'me@example.com', sources: [source] });
 */
export class RelaySource implements CodeSource {
  readonly name = 'relay';
  readonly #client: RelayWaitTarget;
  readonly #options: RelaySourceOptions;
  readonly #kinds: ReadonlySet<CodeKind>;

  constructor(options: RelaySourceOptions) {
    this.#options = options;
    this.#kinds = new Set(options.kinds ?? DEFAULT_KINDS);
    if (options.client) {
      this.#client = options.client;
    } else if (options.url) {
      this.#client = new RelayClient({
        url: options.url,
        apiKey: options.apiKey ?? process.env.PW2FA_RELAY_KEY ?? '',
      });
    } else {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'RelaySource needs `url` (and `apiKey`) of a running relay, or `client`; for an embedded relay use `relay.source()`.',
      );
    }
  }

  accepts(kind: CodeKind): boolean {
    return this.#kinds.has(kind);
  }

  async waitForCode(request: CodeRequest): Promise<ReceivedCode> {
    const identifier = this.#options.identifier ?? request.identifier;
    if (!identifier) {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'The relay source needs to know who the code is for: pass `identifier` (the e-mail address or phone number the site sends codes to) to TwoFactor or RelaySource.',
      );
    }
    if (!this.accepts(request.kind)) {
      throw new TwoFactorError(
        'PW2FA_NO_SOURCE',
        `The relay source is not set up to answer ${request.kind} prompts.`,
      );
    }
    const runId = this.#options.runId;
    const received = await this.#client.waitForCode({
      identifier,
      since: request.since,
      signal: request.signal,
      kind: request.kind,
      want: request.kind === 'magic-link' ? 'link' : 'code',
      ...(runId ? { runId } : {}),
    });
    // The relay only hands out a record that has what was asked for (`want`); give back just that.
    const answer = request.kind === 'magic-link' ? { link: received.link } : { code: received.code };
    return {
      ...(answer.code === undefined ? {} : { code: answer.code }),
      ...(answer.link === undefined ? {} : { link: answer.link }),
      source: `relay:${received.source}`,
      receivedAt: received.createdAt,
    };
  }
}
