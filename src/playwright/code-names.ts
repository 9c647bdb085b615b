import type { CodeKind } from '../channels/index.js';

const NAMES: Record<CodeKind, string> = {
  totp: 'authenticator code',
  code: 'one-time code',
  recovery: 'recovery code',
  sms: 'SMS code',
  email: 'e-mail code',
  'magic-link': 'sign-in link',
  'push-approval': 'push approval',
  passkey: 'passkey',
};

/**
 * What a prompt kind asks for, in words for messages: "the one-time code", never "the code code".
 *
 * @example
 * `No ${codeName('email')} arrived` // 'No e-mail code arrived'
 */
export function codeName(kind: CodeKind): string {
  return NAMES[kind];
}

/** Channels where the code travels through a message someone sends: only these get delivery advice. */
export function isMessageKind(kind: CodeKind): boolean {
  return kind === 'email' || kind === 'sms' || kind === 'magic-link';
}
