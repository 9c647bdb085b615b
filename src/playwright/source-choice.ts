import type { CodeKind, CodeSource } from '../channels/source.js';
import { TwoFactorError } from '../errors.js';

const WHAT_IS_ASKED: Record<CodeKind, string> = {
  totp: 'an authenticator code',
  code: 'a one-time code',
  recovery: 'a recovery code',
  sms: 'a code sent by SMS',
  email: 'a code sent by e-mail',
  'magic-link': 'a sign-in link sent by e-mail',
  'push-approval': 'approval on another device',
  passkey: 'a passkey',
};

const CHANNEL_HINTS: Record<CodeKind, string> = {
  totp: 'store the authenticator secret: `pw2fa add <label> --uri <otpauth://…>` and pass `account: <label>`',
  code: 'pass `account: <label>` for an authenticator, or a source in `sources` for e-mail/SMS codes',
  recovery: 'store recovery codes in the vault (`vault.addRecoveryCodes(label, codes)`) and pass `account`',
  sms: 'pass an SMS source in `sources` (e.g. a relay fed by a phone forwarder or Twilio)',
  email: 'pass an inbox source in `sources` (SmtpInbox for test mail, ImapMailbox for a real account)',
  'magic-link': 'pass an inbox source in `sources` that can return links',
  'push-approval': 'pass an approval hook, or approve the sign-in on the device',
  passkey: 'enroll a passkey first with `twoFactor.enrollPasskey({ label })`',
};

/**
 * Picks the first source that can answer this kind of prompt (optionally restricted to one channel).
 * Throws `PW2FA_NO_SOURCE` naming the prompt and what to configure.
 *
 * @example
 * const source = chooseSource(prompt.kind, sources);
 */
export function chooseSource(kind: CodeKind, sources: readonly CodeSource[], channel?: string): CodeSource {
  const candidates = channel
    ? sources.filter((s) => s.name === channel || s.name.startsWith(`${channel}:`))
    : sources;
  const found = candidates.find((source) => source.accepts(kind));
  if (found) return found;
  const have = sources.length
    ? `Sources configured: ${sources.map((s) => s.name).join(', ')}.`
    : 'No sources are configured.';
  throw new TwoFactorError(
    'PW2FA_NO_SOURCE',
    `The page asks for ${WHAT_IS_ASKED[kind]} but no source can answer it${channel ? ` on channel "${channel}"` : ''}. ${have} To fix: ${CHANNEL_HINTS[kind]}.`,
  );
}
