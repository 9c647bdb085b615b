/** Hash functions the Key Uri Format allows (otpauth library names). */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/**
 * One authenticator entry: what an `otpauth://` URI or a Google Authenticator export carries.
 * `secret` is normalised base32 (upper case, no spaces, no padding).
 */
export interface OtpAccount {
  type: 'totp' | 'hotp';
  secret: string;
  issuer: string;
  account: string;
  algorithm: OtpAlgorithm;
  digits: number;
  /** Seconds per TOTP window (30 unless the site says otherwise); kept for HOTP entries too. */
  period: number;
  /** Next HOTP counter to use; 0 for TOTP entries. */
  counter: number;
}

/** Defaults from Google's Key Uri Format, used when a URI leaves a parameter out. */
export const OTP_DEFAULTS = {
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
} as const satisfies Pick<OtpAccount, 'algorithm' | 'digits' | 'period' | 'counter'>;

export const MIN_DIGITS = 6;
export const MAX_DIGITS = 8;
