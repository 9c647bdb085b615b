import { expect, test } from '@playwright/test';
import { TwoFactorError } from '../../../src/errors.js';
import { normalizeBase32 } from '../../../src/otp/base32.js';
import { accountFromSecret, formatOtpauth, parseOtpauth } from '../../../src/otp/uri.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

function errorOf(fn: () => unknown): TwoFactorError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TwoFactorError) return error;
    throw error;
  }
  throw new Error('expected a TwoFactorError');
}

test.describe('parseOtpauth', () => {
  test('reads issuer and account from the label and fills defaults', () => {
    expect(parseOtpauth(`otpauth://totp/GitHub:octocat?secret=${SECRET}`)).toEqual({
      type: 'totp',
      secret: SECRET,
      issuer: 'GitHub',
      account: 'octocat',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    });
  });

  test('prefers the issuer parameter and decodes %-encoded labels', () => {
    const account = parseOtpauth(
      `otpauth://totp/ACME%20Co%3Ajohn.doe%40email.com?secret=${SECRET}&issuer=ACME%20Corp&algorithm=sha256&digits=8&period=60`,
    );
    expect(account).toMatchObject({
      issuer: 'ACME Corp',
      account: 'john.doe@email.com',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    });
  });

  test('accepts a label with no issuer and an upper-case scheme', () => {
    expect(parseOtpauth(`OTPAUTH://TOTP/alice@example.com?secret=${SECRET}`)).toMatchObject({
      issuer: '',
      account: 'alice@example.com',
    });
  });

  test('normalises lower-case, spaced and padded secrets', () => {
    expect(parseOtpauth('otpauth://totp/x?secret=jbsw%20y3dp%20ehpk%203pxp').secret).toBe(SECRET);
    expect(parseOtpauth('otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ====').secret).toBe('GEZDGNBVGY3TQOJQ');
  });

  test('reads HOTP counters', () => {
    expect(parseOtpauth(`otpauth://hotp/Bank:me?secret=${SECRET}&counter=42`)).toMatchObject({
      type: 'hotp',
      counter: 42,
    });
  });

  test('reads parameter names in any letter case, as authenticator apps do', () => {
    const expected = {
      type: 'totp',
      secret: SECRET,
      issuer: 'ACME Corp',
      account: 'ada',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
      counter: 0,
    };
    for (const uri of [
      `otpauth://TOTP/ACME:ada?SECRET=${SECRET}&ISSUER=ACME%20Corp&ALGORITHM=sha256&DIGITS=8&PERIOD=60`,
      `otpauth://Totp/ACME:ada?Secret=${SECRET}&Issuer=ACME%20Corp&Algorithm=SHA256&Digits=8&Period=60`,
      `OTPAUTH://totp/ACME:ada?secret=${SECRET.toLowerCase()}&issuer=ACME%20Corp&algorithm=Sha256&digits=8&period=60`,
    ]) {
      expect(parseOtpauth(uri)).toEqual(expected);
    }
    expect(parseOtpauth(`otpauth://HOTP/Bank:me?SECRET=${SECRET}&COUNTER=9`)).toMatchObject({
      type: 'hotp',
      counter: 9,
    });
  });

  test('takes the same secret given twice in two cases and keeps the RFC defaults', () => {
    expect(parseOtpauth(`otpauth://totp/x?SECRET=${SECRET}&secret=${SECRET}`)).toMatchObject({
      secret: SECRET,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
  });

  test('refuses two different secrets under names that differ only in case, without showing either', () => {
    const other = 'GEZDGNBVGY3TQOJQ';
    const error = errorOf(() => parseOtpauth(`otpauth://totp/x?secret=${SECRET}&SECRET=${other}`));
    expect(error.code).toBe('PW2FA_BAD_URI');
    expect(error.message).toBe(
      'Not a usable otpauth URI: it gives `secret` twice with different values. Copy the URI again from the QR code; it must name each parameter once.',
    );
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(other);
  });

  const BAD: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['https', `https://example.com/?secret=${SECRET}`, /starts with/],
    ['unknown type', `otpauth://motp/x?secret=${SECRET}`, /type is "motp"/],
    ['no secret', 'otpauth://totp/x?issuer=Y', /no `secret`/],
    ['bad algorithm', `otpauth://totp/x?secret=${SECRET}&algorithm=MD5`, /Unsupported algorithm "MD5"/],
    ['bad upper-case algorithm', `otpauth://totp/x?SECRET=${SECRET}&ALGORITHM=md5`, /algorithm "md5"/],
    ['bad upper-case digits', `otpauth://totp/x?SECRET=${SECRET}&DIGITS=4`, /got 4/],
    ['digits too few', `otpauth://totp/x?secret=${SECRET}&digits=4`, /`digits` to be 6, 7 or 8, got 4/],
    ['digits too many', `otpauth://totp/x?secret=${SECRET}&digits=10`, /got 10/],
    ['digits not a number', `otpauth://totp/x?secret=${SECRET}&digits=six`, /whole number/],
    ['zero period', `otpauth://totp/x?secret=${SECRET}&period=0`, /`period`/],
    ['migration', 'otpauth-migration://offline?data=abc', /parseMigration/],
  ];
  for (const [name, uri, message] of BAD) {
    test(`rejects a URI with ${name} as PW2FA_BAD_URI`, () => {
      const error = errorOf(() => parseOtpauth(uri));
      expect(error.code).toBe('PW2FA_BAD_URI');
      expect(error.message).toMatch(message);
    });
  }

  test('rejects invalid base32 as PW2FA_BAD_SECRET without echoing the secret', () => {
    const error = errorOf(() => parseOtpauth('otpauth://totp/x?secret=JBSWY3DPEHPK3PX1'));
    expect(error.code).toBe('PW2FA_BAD_SECRET');
    expect(error.message).toBe(
      'The secret is not base32: it contains "1" (base32 uses only A–Z and 2–7; a 0, 1, 8 or 9 usually means O, I, B or g was misread).',
    );
    expect(error.message).not.toContain('JBSWY3DP');
  });
});

test.describe('normalizeBase32', () => {
  test('rejects secrets that are too short or of impossible length', () => {
    expect(errorOf(() => normalizeBase32('JBSWY3DP')).message).toMatch(/too short: 8 characters/);
    expect(errorOf(() => normalizeBase32(`${SECRET}ABC`)).message).toMatch(
      /19 characters, a length no base32/,
    );
    expect(normalizeBase32(`${SECRET}ABCD`)).toBe(`${SECRET}ABCD`);
  });

  test('accepts dashes and spaces as group separators', () => {
    expect(normalizeBase32('JBSW-Y3DP EHPK-3PXP')).toBe(SECRET);
  });
});

test('formatOtpauth round-trips through parseOtpauth', () => {
  const account = parseOtpauth(
    `otpauth://hotp/Big%20Bank:me%40x.io?secret=${SECRET}&counter=7&digits=8&algorithm=SHA512`,
  );
  expect(parseOtpauth(formatOtpauth(account))).toEqual(account);
  const totp = parseOtpauth(`otpauth://totp/solo?secret=${SECRET}&period=45`);
  expect(parseOtpauth(formatOtpauth(totp))).toEqual(totp);
});

test('accountFromSecret builds a TOTP account with defaults and validates options', () => {
  expect(accountFromSecret('jbsw y3dp ehpk 3pxp', { issuer: 'Example' })).toEqual({
    type: 'totp',
    secret: SECRET,
    issuer: 'Example',
    account: '',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  });
  expect(() => accountFromSecret(SECRET, { digits: 9 })).toThrow(/digits/);
  expect(() => accountFromSecret(SECRET, { type: 'hotp', counter: -3 })).toThrow(/counter/);
});
