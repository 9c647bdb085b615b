/**
 * Describes QR codes for error messages without leaking what they hold: a URL is cut to its origin,
 * an otpauth URI to its scheme, anything else to its length.
 */

/**
 * True for the texts an authenticator app would import.
 *
 * @example
 * isOtpauth('otpauth-migration://offline?data=…') // true
 */
export function isOtpauth(text: string): boolean {
  return /^otpauth(-migration)?:\/\//i.test(text.trim());
}

/**
 * One QR text, safe to show: `a normal URL (https://example.com/…)`, `an otpauth:// URI`, `text (12
 * characters)`.
 *
 * @example
 * describeQrText('https://example.com/login?token=abc') // 'a normal URL (https://example.com/…)'
 */
export function describeQrText(text: string): string {
  const trimmed = text.trim();
  if (/^otpauth-migration:/i.test(trimmed)) return 'a Google Authenticator export';
  if (/^otpauth:/i.test(trimmed)) return 'an otpauth:// URI';
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      const more = url.pathname.length > 1 || url.search || url.hash ? '/…' : '';
      return `a normal URL (${url.origin}${more})`;
    } catch {
      return 'a malformed URL';
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed))
    return `a ${trimmed.slice(0, trimmed.indexOf(':')).toLowerCase()}: link`;
  return `text (${trimmed.length} characters)`;
}

/**
 * All QR texts found, for "found …" in messages: `no QR code`, `1 QR code, a normal URL (…)`,
 * `3 QR codes: …, …, …`.
 *
 * @example
 * describeQrTexts([]) // 'no QR code'
 */
export function describeQrTexts(texts: readonly string[]): string {
  if (texts.length === 0) return 'no QR code';
  const shown = texts.slice(0, 4).map(describeQrText);
  const more = texts.length > 4 ? `, and ${texts.length - 4} more` : '';
  return texts.length === 1
    ? `1 QR code, ${shown[0]}`
    : `${texts.length} QR codes: ${shown.join(', ')}${more}`;
}
