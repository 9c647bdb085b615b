import { KEYWORDS } from './keywords/index.js';
import type { PromptKind } from './prompt.js';
import { matches, mentions, normalizeText } from './text-match.js';

/** Text the channel is read from, nearest first: the field's label, the prompt's own text, the page. */
export interface ChannelEvidence {
  label: string;
  context: string;
  headings: string;
  page: string;
}

/** "+1 (***) ***-1234", "•••• 56", "ending in 12": a masked phone number is SMS evidence. */
const MASKED_PHONE = /(?:[*•·x]{2,}[\s\-.)]*){1,3}\d{2,4}\b|\+\d{1,3}[\s\d*•·x-]{4,}\d{2}/i;
/** "j***@gmail.com", "a•••@example.com": a masked address is e-mail evidence. */
const MASKED_EMAIL = /[\w.+-]*[*•·]{2,}[\w.+-]*@[\w*•·-]+(?:\.[\w*•·-]+)*/i;
/** A plain address is weaker evidence: it may just be the signed-in user's name. */
const PLAIN_EMAIL = /\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b/i;
/** Sentence ends: punctuation followed by a space (so "a@b.com" stays whole), or the probe's " | " joints. */
const SENTENCE_END = /(?<=[.!?;:。！？；：])\s+|\s+\|\s+|\n+/;
/**
 * Clauses that offer recovery codes as the way out ("or use one of your recovery codes", "if you've lost
 * your device, enter a recovery code"): they name recovery codes without asking for one.
 */
const FALLBACK =
  /\b(?:or|if you|lost|can't|cannot|unable|instead|alternatively|last resort|otherwise|oder|falls|ou|o|oppure|или)\b|または|もしくは|或者|或|또는/i;

const WEIGHTS = { label: 3, context: 2, headings: 2, page: 1 } as const;

export type CodeChannel = Extract<PromptKind, 'totp' | 'sms' | 'email' | 'recovery'>;
const CHANNEL_WORDS: Record<CodeChannel, readonly string[]> = {
  recovery: KEYWORDS.recovery,
  totp: KEYWORDS.totp,
  sms: KEYWORDS.sms,
  email: KEYWORDS.email,
};

/**
 * The evidence for each code channel, weighted by where it was found (label 3, the prompt's text 2,
 * headings 2, the rest of the page 1). Pure.
 *
 * @example
 * channelScores({ label: 'SMS code', context: '', headings: '', page: '' }).sms // 3
 */
export function channelScores(evidence: ChannelEvidence): Record<CodeChannel, number> {
  const scores: Record<CodeChannel, number> = { recovery: 0, totp: 0, sms: 0, email: 0 };
  for (const where of ['label', 'context', 'headings', 'page'] as const) {
    const text = normalizeText(evidence[where]);
    for (const channel of ['totp', 'sms', 'email'] as const) {
      scores[channel] += matches(text, CHANNEL_WORDS[channel]).length * WEIGHTS[where];
    }
    const asking = where === 'label' || where === 'headings' ? text : withoutFallbacks(text);
    scores.recovery += matches(asking, CHANNEL_WORDS.recovery).length * WEIGHTS[where];
    // An address or number is evidence only where the page says something was sent to it; the signed-in
    // user's address shown beside an "MFA code" field says nothing about the channel.
    const sentTo = sentSentences(evidence[where]);
    if (MASKED_PHONE.test(sentTo)) scores.sms += 2 * WEIGHTS[where];
    if (MASKED_EMAIL.test(sentTo)) scores.email += 2 * WEIGHTS[where];
    else if (where !== 'page' && PLAIN_EMAIL.test(sentTo)) scores.email += WEIGHTS[where];
  }
  return scores;
}

/**
 * Decides which channel a code prompt wants from the words around it. Recovery wins when the field
 * itself asks for a recovery code; otherwise the best-supported of authenticator, SMS and e-mail, or
 * `code` when the page does not say. Pure.
 *
 * @example
 * classifyChannel({ label: '', context: 'We texted a code to ***-***-1234', headings: '', page: '' }) // 'sms'
 */
export function classifyChannel(evidence: ChannelEvidence): PromptKind {
  const scores = channelScores(evidence);
  // Pages name recovery codes as the fallback ("or enter one of your recovery codes"): recovery wins only
  // when the field itself asks for one, or recovery words outweigh every other channel.
  const labelAsksRecovery = matches(normalizeText(evidence.label), KEYWORDS.recovery).length > 0;
  if (labelAsksRecovery || scores.recovery > Math.max(scores.totp, scores.sms, scores.email))
    return 'recovery';
  const ranked = (['totp', 'sms', 'email'] as const)
    .map((channel) => ({ channel, score: scores[channel] }))
    .sort((a, b) => b.score - a.score);
  const [first, second] = ranked;
  if (!first || first.score === 0) return 'code';
  if (second && second.score === first.score) return 'code';
  return first.channel;
}

/** The sentences of `text` that say something was sent, joined. */
function sentSentences(text: string): string {
  return text
    .split(SENTENCE_END)
    .filter((sentence) => mentions(normalizeText(sentence), KEYWORDS.sent))
    .join(' ');
}

/** `text` (normalised) without the sentences that offer recovery codes only as a fallback. */
function withoutFallbacks(text: string): string {
  return text
    .split(SENTENCE_END)
    .filter((sentence) => !FALLBACK.test(sentence))
    .join(' ');
}

/** Kinds with nothing to type: a link to follow, a phone to tap, a key to touch. */
export type NoInputKind = Extract<PromptKind, 'magic-link' | 'push-approval' | 'passkey'>;

/**
 * Picks the no-input kind the page's own words ask for, or null. Needs the ask in a heading, or two
 * separate phrases in the prose: pages that merely mention passkeys once do not count.
 *
 * @example
 * classifyNoInput(['Check your email'], 'We sent a sign-in link to you. Click the link to continue.') // 'magic-link'
 */
export function classifyNoInput(headings: readonly string[], prose: string): NoInputKind | null {
  const head = normalizeText(headings.join(' | '));
  const text = normalizeText(prose);
  const candidates: Array<[NoInputKind, readonly string[]]> = [
    ['push-approval', KEYWORDS.push],
    ['passkey', KEYWORDS.passkey],
    ['magic-link', KEYWORDS.magicLink],
  ];
  let best: NoInputKind | null = null;
  let bestScore = 0;
  for (const [kind, words] of candidates) {
    const inHead = matches(head, words).length;
    const inText = matches(text, words).length;
    const score = inHead * 2 + inText;
    if ((inHead > 0 || inText >= 2) && score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return best;
}
