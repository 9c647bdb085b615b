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
 * Kinds where a code is typed into an input. Which of them the page "is" comes from its wording — an address
 * shown next to the field, "authenticator" in a help link — which is evidence, not proof; any source that
 * answers one of them can answer the field. Recovery codes are not among them: they are few and spent once.
 */
const TYPED_KINDS: readonly CodeKind[] = ['code', 'totp', 'email', 'sms'];

/** The source that will answer, and the kind it is asked for. */
export interface SourceChoice {
  source: CodeSource;
  /** The kind the source is asked for: the detected kind, or the one it answers when the page's was a guess. */
  kind: CodeKind;
  /** Set when no source answers the detected kind and a configured one answers the input instead. */
  deferredFrom?: CodeKind;
}

function restrict(sources: readonly CodeSource[], channel: string | undefined): readonly CodeSource[] {
  return channel ? sources.filter((s) => s.name === channel || s.name.startsWith(`${channel}:`)) : sources;
}

function noSource(
  kind: CodeKind,
  sources: readonly CodeSource[],
  channel: string | undefined,
): TwoFactorError {
  const have = sources.length
    ? `Sources configured: ${sources.map((s) => s.name).join(', ')}.`
    : 'No sources are configured.';
  return new TwoFactorError(
    'PW2FA_NO_SOURCE',
    `The page asks for ${WHAT_IS_ASKED[kind]} but no source can answer it${channel ? ` on channel "${channel}"` : ''}. ${have} To fix: ${CHANNEL_HINTS[kind]}.`,
  );
}

/**
 * Picks who answers a prompt: the first source that accepts the detected kind; failing that, for a code typed
 * into an input, the first configured source that answers such codes (the page that "looks like" an e-mailed
 * code but belongs to an account with an authenticator secret). Throws `PW2FA_NO_SOURCE` only when nothing
 * configured could answer.
 *
 * @example
 * chooseAnswer('email', [vaultSource]) // { source: vaultSource, kind: 'code', deferredFrom: 'email' }
 */
export function chooseAnswer(kind: CodeKind, sources: readonly CodeSource[], channel?: string): SourceChoice {
  const candidates = restrict(sources, channel);
  const found = candidates.find((source) => source.accepts(kind));
  if (found) return { source: found, kind };
  if (TYPED_KINDS.includes(kind)) {
    for (const other of TYPED_KINDS) {
      const source = candidates.find((s) => s.accepts(other));
      if (source) return { source, kind: other, deferredFrom: kind };
    }
  }
  throw noSource(kind, sources, channel);
}

/**
 * Picks the first source that can answer this kind of prompt (optionally restricted to one channel), with
 * the same fallback as {@link chooseAnswer}. Throws `PW2FA_NO_SOURCE` naming the prompt and what to configure.
 *
 * @example
 * const source = chooseSource(prompt.kind, sources);
 */
export function chooseSource(kind: CodeKind, sources: readonly CodeSource[], channel?: string): CodeSource {
  return chooseAnswer(kind, sources, channel).source;
}
