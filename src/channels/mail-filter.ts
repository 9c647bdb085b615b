/**
 * Which messages an IMAP mailbox source looks at: sender and subject filters, and the recipients an
 * envelope names.
 */
import type { MessageAddressObject, MessageEnvelopeObject } from 'imapflow';

export type EnvelopeAddress = MessageAddressObject;

/**
 * A text test: a string is a case-insensitive part, a pattern is tested as is (without `g`/`y`, which
 * would make repeated tests stateful).
 *
 * @example
 * textMatcher('verification')('Your verification code'); // true
 */
export function textMatcher(filter: string | RegExp | undefined): (value: string) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'string') return (value) => value.toLowerCase().includes(filter.toLowerCase());
  const pattern = new RegExp(filter.source, filter.flags.replace(/[gy]/g, ''));
  return (value) => pattern.test(value);
}

/**
 * `from` as a sender test: an address matches exactly, a domain matches it and its subdomains (so
 * `github.com` never lets `github.com.evil.test` through), other text is a part of `Name <address>`.
 *
 * @example
 * senderMatcher('github.com')([{ name: 'GitHub', address: 'noreply@github.com' }]); // true
 */
export function senderMatcher(
  filter: string | RegExp | undefined,
): (senders: readonly EnvelopeAddress[]) => boolean {
  if (filter === undefined) return () => true;
  const wanted = typeof filter === 'string' ? filter.trim().toLowerCase() : null;
  if (wanted?.includes('@') && !/\s/.test(wanted)) {
    return (senders) => senders.some((a) => a.address?.toLowerCase() === wanted);
  }
  if (wanted && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(wanted)) {
    return (senders) =>
      senders.some((a) => {
        const domain = a.address?.toLowerCase().split('@')[1] ?? '';
        return domain === wanted || domain.endsWith(`.${wanted}`);
      });
  }
  const test = textMatcher(filter);
  return (senders) => senders.some((a) => test(`${a.name ?? ''} <${a.address ?? ''}>`));
}

/**
 * Lower-cased `To`, `Cc` and `Bcc` addresses of an IMAP envelope.
 *
 * @example
 * envelopeAddresses(message.envelope); // ['qa+42@example.com']
 */
export function envelopeAddresses(envelope: MessageEnvelopeObject | undefined): string[] {
  const all = [...(envelope?.to ?? []), ...(envelope?.cc ?? []), ...(envelope?.bcc ?? [])];
  return all.flatMap((entry) => (entry.address ? [entry.address.toLowerCase()] : []));
}
