import type { RedactionRegistry } from './redaction-registry.js';
import { ScrubError } from './scrub-error.js';
import { scrubFileSync } from './scrub-file.js';

/** The part of Playwright Test's `TestInfo` the guard needs (src/ does not import @playwright/test). */
export interface GuardedTestInfo {
  attachments: Array<{ name: string; path?: string; contentType: string }>;
}

/**
 * Scrubs each file attached to a test (trace, screenshots, error context, the user's attachments) the
 * moment it is attached, before Playwright tells the reporters about it. Playwright writes the trace after
 * every fixture has been torn down and attaches it through `testInfo.attachments.push`, so this is the
 * only point inside the worker where the finished trace can be cleaned before the HTML or blob reporter
 * copies it. Scrubbing is synchronous there because Playwright does not wait for anything it calls.
 * A failure never changes the test's result: it goes to `onFailure`.
 *
 * @example
 * guardAttachments(testInfo, registry, (error) => process.stderr.write(`${error.message}\n`));
 */
export function guardAttachments(
  info: GuardedTestInfo,
  registry: RedactionRegistry,
  onFailure: (error: ScrubError) => void,
  /** Filled with the paths scrubbed here, so a later sweep of the folder can skip them. */
  scrubbed?: Set<string>,
): void {
  const list = info.attachments;
  const push = list.push;
  const guarded = (...attachments: GuardedTestInfo['attachments']): number => {
    for (const attachment of attachments) {
      if (!attachment.path) continue;
      try {
        scrubFileSync(attachment.path, registry);
        scrubbed?.add(attachment.path);
      } catch (error) {
        onFailure(
          error instanceof ScrubError
            ? error
            : new ScrubError(attachment.path, 'scrubbing failed unexpectedly', { cause: error }),
        );
      }
    }
    return push.apply(list, attachments);
  };
  Object.defineProperty(list, 'push', { value: guarded, writable: true, configurable: true });
}
