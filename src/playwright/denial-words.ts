/**
 * Words sites use when a push sign-in was denied on the phone, or ran out before anyone answered, per
 * language. Matched case-insensitively as substrings of text that appeared while waiting, or of a heading
 * or alert once the approval prompt is gone — so a page that merely says "tap Deny if this wasn't you"
 * does not count ("deny" is not "denied").
 */
export const DENIAL_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'denied', // Duo "Login request denied", Microsoft "Request denied"
    'declined',
    'rejected',
    'reject this login', // Okta Verify "You have chosen to reject this login"
    'not approved',
    "wasn't approved",
    'was not approved',
    "didn't hear from you", // Microsoft, when the request timed out on the phone
    'request timed out', // Duo
    'request expired',
  ],
  de: ['abgelehnt', 'nicht genehmigt', 'nicht bestätigt', 'anfrage ist abgelaufen'],
  fr: ['refusé', 'refusée', 'rejeté', 'rejetée', "n'a pas été approuvée", 'n’a pas été approuvée'],
  es: ['rechazad', 'denegad', 'no se aprobó', 'no fue aprobad'],
  pt: ['recusad', 'negad', 'rejeitad', 'não foi aprovad'],
  it: ['rifiutat', 'negat', 'non è stata approvata'],
  nl: ['geweigerd', 'afgewezen', 'niet goedgekeurd'],
  ru: ['отклонен', 'отклонён', 'отказано'],
  ja: ['拒否', '承認されませんでした'],
  zh: ['拒绝', '已拒绝', '未批准'],
  ko: ['거부', '거절'],
};

/** Every language's phrases in one lower-case list: pages mix languages. */
export const DENIAL_PHRASES: string[] = [...new Set(Object.values(DENIAL_WORDS).flat())].map((word) =>
  word.toLowerCase(),
);

/**
 * The first denial phrase in `text`, or `null`.
 *
 * @example
 * denialIn('Login request denied. Try again.') // 'denied'
 * denialIn('If this wasn't you, tap Deny.') // null
 */
export function denialIn(text: string): string | null {
  const lower = text.toLowerCase().replace(/\u2019/g, "'");
  return DENIAL_PHRASES.find((phrase) => lower.includes(phrase.replace(/\u2019/g, "'"))) ?? null;
}
