/**
 * One language's words for the detector, all lower case. Phrases are matched as substrings of the
 * page's visible text after lower-casing and folding whitespace, so keep them specific.
 */
export interface LanguageKeywords {
  /** The page asks for a second factor / one-time code at sign-in. */
  challenge: readonly string[];
  /** The code comes from an authenticator app. */
  totp: readonly string[];
  /** The code was sent by text message. */
  sms: readonly string[];
  /** The code was sent by e-mail. */
  email: readonly string[];
  /** A recovery / backup code is asked for. */
  recovery: readonly string[];
  /** A sign-in link was sent; nothing to type. */
  magicLink: readonly string[];
  /** Approve the sign-in on another device. */
  push: readonly string[];
  /** Use a security key / passkey. */
  passkey: readonly string[];
  /** Context that makes a code-like field something else: card, coupon, postal code, captcha, birth date, phone entry. */
  notAPrompt: readonly string[];
  /** Words after a number that give the code length: "6-digit", "6 chiffres". */
  digitWords: readonly string[];
  /** Labels of buttons that submit a code. */
  submit: readonly string[];
  /**
   * Verbs that say a code or link was *sent* ("we sent", "texted", "gesendet"): an address or number only
   * counts as channel evidence in a sentence that says something was sent to it.
   */
  sent: readonly string[];
  /**
   * OAuth device activation and pairing ("enter the code shown on your TV", "device login"): the code
   * comes from the other device, so these pages are never a sign-in challenge.
   */
  deviceActivation: readonly string[];
}
