import type { CodeKind, CodeSource } from '../channels/index.js';
import { TwoFactorAbortError, TwoFactorError, TwoFactorTimeoutError } from '../errors.js';

export interface WaitOnSourcesOptions {
  identifier: string;
  kind: CodeKind;
  timeoutMs: number;
  signal: AbortSignal;
  progress: (line: string) => void;
}

/** People want to know a wait is alive; 15 s is the engine's own heartbeat. */
const HEARTBEAT_MS = 15_000;

/**
 * Waits on every configured source that answers `kind` at once and returns the first code or link; the
 * others are stopped. Only messages that arrive after the call count.
 */
export async function waitOnSources(
  sources: readonly CodeSource[],
  opts: WaitOnSourcesOptions,
): Promise<Record<string, unknown>> {
  const usable = sources.filter((source) => source.accepts(opts.kind));
  if (usable.length === 0) {
    throw new TwoFactorError(
      'PW2FA_NO_SOURCE',
      `No configured channel answers a ${opts.kind} prompt. Add an smtp, imap, relay or pull source to pw2fa.config.json.`,
    );
  }
  const since = Date.now();
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new TwoFactorTimeoutError('timeout')), opts.timeoutMs);
  const onAbort = () => stop.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const names = usable.map((source) => source.name).join(', ');
  const heartbeat = setInterval(() => {
    const left = Math.max(0, Math.round((since + opts.timeoutMs - Date.now()) / 1000));
    opts.progress(`waiting for a code for ${opts.identifier} on ${names} — ${left} s left`);
  }, HEARTBEAT_MS);
  opts.progress(`waiting for a code for ${opts.identifier} on ${names}`);
  try {
    const received = await Promise.any(
      usable.map((source) =>
        source.waitForCode({ identifier: opts.identifier, since, signal: stop.signal, kind: opts.kind }),
      ),
    ).catch((error: unknown) => {
      if (stop.signal.aborted && stop.signal.reason instanceof TwoFactorTimeoutError) {
        throw new TwoFactorTimeoutError(
          `No code for ${opts.identifier} arrived on ${names} within ${Math.round(opts.timeoutMs / 1000)} s. Check that the site sends to a configured channel.`,
        );
      }
      if (opts.signal.aborted) throw new TwoFactorAbortError('The wait for a code was cancelled.');
      throw error instanceof AggregateError ? error.errors[0] : error;
    });
    return {
      ...(received.code ? { code: received.code } : {}),
      ...(received.link ? { link: received.link } : {}),
      channel: received.source,
      receivedInMs: received.receivedAt - since,
    };
  } finally {
    clearTimeout(timer);
    clearInterval(heartbeat);
    opts.signal.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
