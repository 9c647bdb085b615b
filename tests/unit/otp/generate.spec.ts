import { expect, test } from '@playwright/test';
import type { OtpAccount, OtpAlgorithm } from '../../../src/otp/account.js';
import { bytesToBase32 } from '../../../src/otp/base32.js';
import { generateCode } from '../../../src/otp/generate.js';

const seed = (ascii: string) => bytesToBase32(Buffer.from(ascii, 'ascii'));
const SEEDS: Record<OtpAlgorithm, string> = {
  SHA1: seed('12345678901234567890'),
  SHA256: seed('12345678901234567890123456789012'),
  SHA512: seed('1234567890123456789012345678901234567890123456789012345678901234'),
};
const account = (over: Partial<OtpAccount>): OtpAccount => ({
  type: 'totp',
  secret: SEEDS.SHA1,
  issuer: 'RFC',
  account: 'vector',
  algorithm: 'SHA1',
  digits: 8,
  period: 30,
  counter: 0,
  ...over,
});

// RFC 4226 appendix D: HOTP values for counters 0–9.
const HOTP_VECTORS = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

test.describe('HOTP (RFC 4226 appendix D)', () => {
  HOTP_VECTORS.forEach((expected, counter) => {
    test(`counter ${counter} gives the RFC value`, () => {
      const result = generateCode(account({ type: 'hotp', digits: 6, counter }));
      expect(result.code).toBe(expected);
      expect(result.remainingMs).toBe(Number.POSITIVE_INFINITY);
    });
  });
});

// RFC 6238 appendix B: 8-digit TOTP values, 30 s step.
const TOTP_VECTORS: Array<[number, Record<OtpAlgorithm, string>]> = [
  [59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
  [1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
  [1111111111, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
  [1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
  [2000000000, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
  [20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
];

test.describe('TOTP (RFC 6238 appendix B)', () => {
  for (const [seconds, codes] of TOTP_VECTORS) {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      test(`${algorithm} at T=${seconds}s gives the RFC value`, () => {
        const result = generateCode(account({ algorithm, secret: SEEDS[algorithm] }), { at: seconds * 1000 });
        expect(result.code).toBe(codes[algorithm]);
      });
    }
  }
});

test('reports the time left in the current window', () => {
  expect(generateCode(account({}), { at: 59_000 }).remainingMs).toBe(1_000);
  expect(generateCode(account({}), { at: 60_000 }).remainingMs).toBe(30_000);
  expect(generateCode(account({ period: 60 }), { at: new Date(61_500) }).remainingMs).toBe(58_500);
});

test('six-digit codes are the last six digits of the eight-digit value', () => {
  expect(generateCode(account({ digits: 6 }), { at: 59_000 }).code).toBe('287082');
});

test('rejects a time that is not a date or a non-negative number', () => {
  expect(() => generateCode(account({}), { at: Number.NaN })).toThrow(/Expected `at`/);
  expect(() => generateCode(account({}), { at: -1 })).toThrow(/Expected `at`/);
});

test('rejects a negative HOTP counter', () => {
  expect(() => generateCode(account({ type: 'hotp', counter: -1 }))).toThrow(/counter/);
});
