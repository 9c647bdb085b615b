/**
 * Attribute vocabulary (name, id, class, data-*): language-independent identifiers developers use.
 * Attribute values are split into words at punctuation and camelCase boundaries before matching, so
 * `app_totp`, `totpPin`, `mfaCode` and `idTxtBx_SAOTCC_OTC` all yield their parts.
 */

/** One word that alone marks a one-time-code field. */
export const STRONG_WORDS = new Set([
  'otp',
  'totp',
  'hotp',
  'mfa',
  '2fa',
  'twofa',
  'tfa',
  'twofactor',
  '2sv', // Google's "2-Step Verification" ids
  'passcode',
  'onetime',
  'otc', // Microsoft: idTxtBx_SAOTCC_OTC
  'idvpin', // Google SMS challenge
  'totppin', // Google authenticator challenge
  'smscode',
  'emailcode',
  'authcode',
  'verifycode',
  'verificationcode',
  'mfacode',
  'logincode',
  'twofactorcode',
  'mobiletan',
  'smstan',
  'recoverycode',
  'backupcode',
  'approvals', // Facebook: approvals_code
  'inputotp',
  'webauthn',
]);

/** Two consecutive words that together mark one (`two factor`, `verification code`). */
export const STRONG_PAIRS = new Set([
  'two factor',
  'two step',
  'one time',
  'verification code',
  'verify code',
  'auth code',
  'authentication code',
  'sms code',
  'email code',
  'login code',
  'signin code',
  'confirmation code',
  'recovery code',
  'backup code',
  'security token',
  'mfa code',
  'access code',
  'pass code',
  'otp code',
  'guard code', // Steam Guard
  'twofactor code',
  'challenge code',
]);

/** Words that hint at a code field but are common elsewhere too. */
export const WEAK_WORDS = new Set([
  'code',
  'pin',
  'token',
  'verify',
  'verification',
  'challenge',
  'security',
  'auth',
  'tan',
  'digit',
]);

/** Words that make a field something else, unless a strong marker says otherwise. */
export const NEGATIVE_WORDS = new Set([
  'cvv',
  'cvc',
  'csc',
  'cvn',
  'cc',
  'card',
  'cardnumber',
  'ccnum',
  'exp',
  'expiry',
  'expiration',
  'zip',
  'zipcode',
  'postal',
  'postcode',
  'plz',
  'promo',
  'promotion',
  'promocode',
  'coupon',
  'voucher',
  'gift',
  'giftcard',
  'referral',
  'referrer',
  'invite',
  'invitation',
  'discount',
  'redeem',
  'captcha',
  'recaptcha',
  'search',
  'query',
  'birth',
  'birthday',
  'dob',
  'bday',
  'day',
  'month',
  'year',
  'amount',
  'qty',
  'quantity',
  'user',
  'username',
  'email',
  'mail',
  'phone',
  'mobile',
  'msisdn',
  'tel',
  'telephone',
  'password',
  'passwd',
  'pwd',
  'tracking',
  'order',
  'invoice',
  'reference',
  'iban',
  'account',
  'routing',
  'sort',
  'ssn',
  'tax',
  'vat',
  'name',
  'address',
  'city',
  'street',
  'country',
  'company',
  'employee',
  'member',
  'subject',
  'message',
  'comment',
  'price',
  'size',
  'age',
  'salary',
  'newpin',
  'wifi',
]);

/** `autocomplete` tokens of the HTML spec that name some other field: the site said what it is. */
export const FOREIGN_AUTOCOMPLETE =
  /\b(cc-|postal-code|tel\b|tel-|bday|username|current-password|new-password|email|name|given-name|family-name|additional-name|honorific|nickname|organization|street-address|address-|country|transaction-|language|sex|url|photo|impp)/;

/**
 * Splits an attribute value into lower-case words: `app_totp` → [app, totp], `mfaCode` → [mfa, code],
 * `SAOTCC_OTC` → [saotcc, otc].
 *
 * @example
 * attributeWords('idTxtBx_SAOTCC_OTC') // ['id', 'txt', 'bx', 'saotcc', 'otc']
 */
export function attributeWords(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
