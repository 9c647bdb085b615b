import type { CodeSource, ReceivedCode } from '../channels/index.js';

/**
 * Wraps sources so every code or link they hand out is first told to `redact` (the fixture's artifact
 * scrubber). A Proxy rather than a wrapper class, because the engine branches on `instanceof VaultSource`
 * and the sources' own methods use private fields: other members are forwarded bound to the source.
 *
 * @example
 * const sources = redactingSources([vaultSource, inbox], (value) => registry.add(value));
 */
export function redactingSources(
  sources: CodeSource[],
  redact: ((value: string) => void) | undefined,
): CodeSource[] {
  if (!redact) return sources;
  return sources.map(
    (source) =>
      new Proxy(source, {
        get(target, property) {
          const value: unknown = Reflect.get(target, property, target);
          if (property === 'waitForCode') {
            return async (...args: Parameters<CodeSource['waitForCode']>): Promise<ReceivedCode> => {
              const received = await target.waitForCode(...args);
              if (received.code) redact(received.code);
              if (received.link) redact(received.link);
              return received;
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
  );
}
