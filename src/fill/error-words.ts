/**
 * Words sites use when they reject a one-time code, per language. Matched case-insensitively against
 * text that appeared (or became visible) after submitting, so a page that merely mentions "expired" in
 * its static help text does not count.
 */
export const REJECTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'invalid',
    'incorrect',
    'wrong',
    'expired',
    "didn't work",
    'did not work',
    'not valid',
    'try again',
    "doesn't match",
    'does not match',
    'already used',
    'authentication failed',
    'verification failed',
  ],
  de: ['ungültig', 'falsch', 'abgelaufen', 'erneut versuchen', 'nicht korrekt', 'fehlgeschlagen'],
  fr: ['invalide', 'incorrect', 'expiré', 'erroné', 'réessayer', 'réessayez'],
  es: ['inválido', 'incorrecto', 'caducado', 'expirado', 'inténtalo de nuevo', 'vuelve a intentarlo'],
  pt: ['inválido', 'incorreto', 'expirado', 'tente novamente'],
  it: ['non valido', 'errato', 'scaduto', 'riprova'],
  nl: ['ongeldig', 'onjuist', 'verlopen', 'probeer het opnieuw'],
  ru: ['неверный', 'неправильный', 'истек', 'истёк', 'попробуйте еще раз', 'недействительный'],
  ja: ['無効', '正しくありません', '期限切れ', 'もう一度'],
  zh: ['无效', '错误', '不正确', '已过期', '重试'],
  ko: ['잘못', '유효하지 않', '만료', '다시 시도'],
};

/** Every language's phrases in one lower-case list: pages mix languages. */
export const REJECTION_PHRASES: string[] = [...new Set(Object.values(REJECTION_WORDS).flat())].map((w) =>
  w.toLowerCase(),
);

/**
 * True when the text reads like a site rejecting a code ("That code didn't work", "Code ungültig").
 *
 * @example
 * looksLikeRejection('Incorrect code. Try again.') // true
 */
export function looksLikeRejection(text: string): boolean {
  const lower = text.toLowerCase();
  return REJECTION_PHRASES.some((word) => lower.includes(word));
}
