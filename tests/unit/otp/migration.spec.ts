import { expect, test } from '@playwright/test';
import type { OtpAccount } from '../../../src/otp/account.js';
import { formatMigration, migrationBatch, parseMigration } from '../../../src/otp/migration.js';

// An export from Google Authenticator with two accounts, used as a test vector by Guard
// (timoi-de/Guard, Guard.Test/Import/GoogleAuthMigration.cs).
const GOOGLE_EXPORT =
  'otpauth-migration://offline?data=Ci0KEBfNhW48%2BTYHuJJjaGSVaDgSDHRlc3RAdGVzdC5kZRoFQXBwbGUgASgBMAIKLwoUULGGAD3E0ueYHAy7s69SLeV1tHISCXVzZXJAdGVzdBoGVG9rZW4yIAEoATACEAEYASAAKJbEnKb%2B%2F%2F%2F%2F%2FwE%3D';

const accounts: OtpAccount[] = [
  {
    type: 'totp',
    secret: 'JBSWY3DPEHPK3PXP',
    issuer: 'GitHub',
    account: 'octocat',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  },
  {
    type: 'hotp',
    secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    issuer: 'Bank',
    account: 'me@bank.test',
    algorithm: 'SHA256',
    digits: 8,
    period: 30,
    counter: 12,
  },
];

test('reads a Google Authenticator export made by the app', () => {
  const read = parseMigration(GOOGLE_EXPORT);
  expect(read.map(({ secret, ...rest }) => ({ ...rest, secretChars: secret.length }))).toEqual([
    {
      type: 'totp',
      issuer: 'Apple',
      account: 'test@test.de',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      secretChars: 26,
    },
    {
      type: 'totp',
      issuer: 'Token2',
      account: 'user@test',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      secretChars: 32,
    },
  ]);
  expect(migrationBatch(GOOGLE_EXPORT)).toEqual({ index: 0, size: 1, id: expect.any(Number) });
});

test('reads entries that leave type, digits and algorithm unset as 6-digit SHA1 TOTP', () => {
  // Hand-made payload: secret "Hello!\xde\xad\xbe\xef", name "Example:alice@google.com", optional fields absent.
  const sparse =
    'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZSAB';
  expect(parseMigration(sparse)).toEqual([
    {
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Example',
      account: 'alice@google.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    },
  ]);
});

test('reads several accounts of mixed type from one payload', () => {
  expect(parseMigration(formatMigration(accounts))).toEqual(accounts);
});

test('reports which batch of a multi-QR export a payload is', () => {
  const second = formatMigration([accounts[0] as OtpAccount], { index: 1, size: 3, id: 991 });
  expect(migrationBatch(second)).toEqual({ index: 1, size: 3, id: 991 });
  expect(parseMigration(second)).toHaveLength(1);
});

test('keeps "+" in base64 data even when it was not %-encoded', () => {
  const raw = decodeURIComponent(GOOGLE_EXPORT);
  expect(raw).toContain('+');
  expect(parseMigration(raw)[0]?.account).toBe('test@test.de');
});

test('rejects damaged, empty and non-export payloads with PW2FA_BAD_URI', () => {
  expect(() => parseMigration('otpauth-migration://offline?data=%FF%FF')).toThrow(
    /data is damaged|holds no accounts/,
  );
  expect(() => parseMigration('otpauth-migration://offline?data=')).toThrow(/no `data` parameter/);
  expect(() => parseMigration('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP')).toThrow(
    /otpauth-migration:\/\/offline/,
  );
  expect(() => parseMigration(formatMigration([]))).toThrow(/holds no accounts/);
});

test('refuses to export 7-digit accounts, which the format cannot carry', () => {
  expect(() => formatMigration([{ ...(accounts[0] as OtpAccount), digits: 7 }])).toThrow(/7-digit/);
});
