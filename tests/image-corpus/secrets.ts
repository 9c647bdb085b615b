import type { OtpAccount } from '../../src/otp/account.js';
import { bytesToBase32 } from '../../src/otp/base32.js';
import { formatOtpauth } from '../../src/otp/uri.js';

export { seeded } from '../support/seeded.js';

/** A base32 secret of `bytes` random bytes: 10 → 16 chars, 16 → 26, 20 → 32, 32 → 52. */
export function randomSecret(random: () => number, bytes = 20): string {
  const raw = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) raw[i] = Math.floor(random() * 256);
  return bytesToBase32(raw);
}

const ISSUERS = ['GitHub', 'Google', 'Microsoft', 'ACME Corp', 'GitLab', 'Okta', 'Example Bank', 'AWS'];
const USERS = ['octocat', 'alice@example.com', 'bob.smith@corp.example', 'ci-bot', 'e2e+tester@mail.test'];

/** A realistic TOTP account (issuer, account, secret of a common length). */
export function randomAccount(random: () => number, bytes?: number): OtpAccount {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return {
    type: 'totp',
    secret: randomSecret(random, bytes ?? pick([10, 16, 20, 20, 32])),
    issuer: pick(ISSUERS),
    account: pick(USERS),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  };
}

/** The URI a site puts in its QR code: issuer in label and parameter, nothing else (as GitHub does). */
export function siteUri(account: OtpAccount): string {
  const label = `${encodeURIComponent(account.issuer)}:${encodeURIComponent(account.account)}`;
  return `otpauth://totp/${label}?secret=${account.secret}&issuer=${encodeURIComponent(account.issuer)}`;
}

/** The URI with every parameter spelled out (longer → denser QR), as some sites emit it. */
export function verboseUri(account: OtpAccount): string {
  return formatOtpauth(account);
}

/** Groups a secret the way set-up pages print it: `JBSW Y3DP EHPK 3PXP`. */
export function groupKey(secret: string, size = 4, separator = ' '): string {
  return secret.match(new RegExp(`.{1,${size}}`, 'g'))?.join(separator) ?? secret;
}
