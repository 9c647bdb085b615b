/**
 * Words sites use when they reject a one-time code, per language. Matched case-insensitively, after
 * {@link normaliseText}, against text that appeared (or was re-rendered) after submitting, so a page that
 * merely mentions "expired" in its static help text does not count.
 *
 * Sources, besides the wording of big sites (GitHub, Google, Microsoft) that the first entries follow:
 * - django-otp `src/django_otp/locale/<lang>/LC_MESSAGES/django.po`, msgid "Invalid token. Please make sure
 *   you have entered it correctly." (de 2d1f40d, fr 6e6570e, es b9026d7, pt_BR ce9363a);
 * - django-two-factor-auth (jazzband) `two_factor/locale/<lang>/LC_MESSAGES/django.po`, msgid "Entered
 *   token is not valid." (ja 79fbd81, ru 09222ea);
 * - issue 19: "That code didn’t work." (typographic apostrophe) and "This code has already been used".
 * Held-out wording from other projects lives in tests/unit/playwright/rejection-corpus.ts and is never
 * used to tune this list.
 */
export const REJECTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'invalid',
    'incorrect',
    'wrong',
    'expired',
    "didn't work",
    'did not work',
    'not valid', // django-two-factor-auth en: "Entered token is not valid."
    'try again',
    "doesn't match",
    'does not match',
    'already used',
    'already been used', // issue 19: "This code has already been used"
    'authentication failed',
    'verification failed',
  ],
  de: ['ungültig', 'falsch', 'abgelaufen', 'erneut versuchen', 'nicht korrekt', 'fehlgeschlagen'],
  // django-otp fr: "Jeton non valable. Assurez-vous de bien l’avoir saisi correctement."
  fr: ['invalide', 'incorrect', 'expiré', 'erroné', 'réessayer', 'réessayez', 'non valable'],
  // django-otp es: "Token no válido. Por favor asegúrese de que lo ha introducido correctamente."
  es: [
    'inválido',
    'incorrecto',
    'caducado',
    'expirado',
    'inténtalo de nuevo',
    'vuelve a intentarlo',
    'no válido',
  ],
  pt: ['inválido', 'incorreto', 'expirado', 'tente novamente'],
  it: ['non valido', 'errato', 'scaduto', 'riprova'],
  nl: ['ongeldig', 'onjuist', 'verlopen', 'probeer het opnieuw'],
  // django-two-factor-auth ru: "Введен некорректный токен"
  ru: ['неверный', 'неправильный', 'истек', 'истёк', 'попробуйте еще раз', 'недействительный', 'некорректн'],
  // django-two-factor-auth ja: "入力したトークンは無効です。"
  ja: ['無効', '正しくありません', '期限切れ', 'もう一度'],
  zh: ['无效', '错误', '不正确', '已过期', '重试'],
  ko: ['잘못', '유효하지 않', '만료', '다시 시도'],
};

/**
 * Lower-cases and folds typographic quotes to ASCII ones, so "That code didn’t work." reads like the
 * phrase "didn't work". The same folding runs inside the page (see outcome.ts), which cannot import this.
 *
 * @example
 * normaliseText('That code didn’t work.') // "that code didn't work."
 */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u02BC\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"');
}

/** Every language's phrases in one normalised list: pages mix languages. */
export const REJECTION_PHRASES: string[] = [
  ...new Set(Object.values(REJECTION_WORDS).flat().map(normaliseText)),
];

/**
 * True when the text reads like a site rejecting a code ("That code didn't work", "Code ungültig").
 *
 * @example
 * looksLikeRejection('Incorrect code. Try again.') // true
 */
export function looksLikeRejection(text: string): boolean {
  const folded = normaliseText(text);
  return REJECTION_PHRASES.some((word) => folded.includes(word));
}
