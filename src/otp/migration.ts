import { Secret } from 'otpauth';
import protobuf from 'protobufjs';
import { TwoFactorError } from '../errors.js';
import { OTP_DEFAULTS, type OtpAccount, type OtpAlgorithm } from './account.js';
import { bytesToBase32, normalizeBase32 } from './base32.js';

/**
 * Google Authenticator's "Transfer accounts" payload, as reverse-engineered by the community
 * (e.g. dim13/otpauth, digitalduke/otpauth-migration-decoder). Period is not carried: always 30 s.
 */
const MIGRATION_PROTO = `
syntax = "proto3";
message MigrationPayload {
  enum Algorithm { ALGORITHM_UNSPECIFIED = 0; SHA1 = 1; SHA256 = 2; SHA512 = 3; MD5 = 4; }
  enum DigitCount { DIGIT_COUNT_UNSPECIFIED = 0; SIX = 1; EIGHT = 2; }
  enum OtpType { OTP_TYPE_UNSPECIFIED = 0; HOTP = 1; TOTP = 2; }
  message OtpParameters {
    bytes secret = 1; string name = 2; string issuer = 3;
    Algorithm algorithm = 4; DigitCount digits = 5; OtpType type = 6; int64 counter = 7;
  }
  repeated OtpParameters otp_parameters = 1;
  int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
}`;

const Payload = protobuf.parse(MIGRATION_PROTO).root.lookupType('MigrationPayload');

interface OtpParameters {
  secret: Uint8Array;
  name: string;
  issuer: string;
  algorithm: number;
  digits: number;
  type: number;
  counter: number;
}

interface MigrationBatch {
  otpParameters: OtpParameters[];
  batchSize: number;
  batchIndex: number;
  batchId: number;
}

const ALGORITHM_BY_ENUM: Record<number, OtpAlgorithm | undefined> = {
  0: 'SHA1',
  1: 'SHA1',
  2: 'SHA256',
  3: 'SHA512',
};
const DIGITS_BY_ENUM: Record<number, number | undefined> = { 0: 6, 1: 6, 2: 8 };

function migrationDigits(digits: number): number {
  if (digits === 6) return 1;
  if (digits === 8) return 2;
  throw badMigration(`${digits}-digit codes cannot be exported (Google Authenticator exports only 6 or 8)`);
}

function badMigration(problem: string): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_BAD_URI',
    `Not a usable Google Authenticator export: ${problem}. Scan the export QR code again (Transfer accounts → Export).`,
  );
}

function decodePayload(uri: string): MigrationBatch {
  const match = /^otpauth-migration:\/\/offline\/?\?(.*)$/is.exec(uri.trim());
  if (!match) throw badMigration('it does not start with otpauth-migration://offline?data=');
  const data = new URLSearchParams(match[1] ?? '').get('data');
  if (!data) throw badMigration('it has no `data` parameter');
  // URLSearchParams turns '+' into ' '; base64 needs it back.
  const bytes = Buffer.from(data.replace(/ /g, '+'), 'base64');
  try {
    const message = Payload.decode(bytes);
    return Payload.toObject(message, {
      longs: Number,
      defaults: true,
      bytes: Array,
    }) as unknown as MigrationBatch;
  } catch (error) {
    throw new TwoFactorError(
      'PW2FA_BAD_URI',
      'Not a usable Google Authenticator export: the data is damaged.',
      {
        cause: error,
      },
    );
  }
}

function toAccount(p: OtpParameters, index: number): OtpAccount {
  const where = `account ${index + 1}`;
  const algorithm = ALGORITHM_BY_ENUM[p.algorithm];
  if (!algorithm) throw badMigration(`${where} uses an unsupported algorithm (MD5 or unknown)`);
  const digits = DIGITS_BY_ENUM[p.digits];
  if (!digits) throw badMigration(`${where} has an unknown digit count`);
  // Older exports leave the type unset (0); those are authenticator (TOTP) entries.
  if (p.type > 2) throw badMigration(`${where} has an unknown type`);
  const type = p.type === 1 ? 'hotp' : 'totp';
  // Names are often "Issuer:account"; the issuer field wins when both are present.
  const colon = p.name.indexOf(':');
  const nameIssuer = colon === -1 ? '' : p.name.slice(0, colon).trim();
  const account = colon === -1 ? p.name.trim() : p.name.slice(colon + 1).trim();
  return {
    type,
    secret: normalizeBase32(bytesToBase32(Uint8Array.from(p.secret))),
    issuer: p.issuer.trim() || nameIssuer,
    account,
    algorithm,
    digits,
    period: OTP_DEFAULTS.period,
    counter: type === 'hotp' ? p.counter : 0,
  };
}

/**
 * Reads a Google Authenticator export QR (`otpauth-migration://offline?data=…`) into its accounts.
 * One export may be split into several QR codes (batches); parse each and concatenate.
 *
 * @example
 * const accounts = parseMigration(qrText); // [{ type: 'totp', issuer: 'GitHub', … }, …]
 */
export function parseMigration(uri: string): OtpAccount[] {
  if (typeof uri !== 'string') throw badMigration('expected a string');
  const batch = decodePayload(uri);
  if (batch.otpParameters.length === 0) throw badMigration('it holds no accounts');
  return batch.otpParameters.map(toAccount);
}

/**
 * Which part of a multi-QR export a payload is (`index` is 0-based), so a scanner can tell the user
 * how many codes are still to scan.
 *
 * @example
 * migrationBatch(qrText) // { index: 0, size: 2, id: 12345 }
 */
export function migrationBatch(uri: string): { index: number; size: number; id: number } {
  const batch = decodePayload(uri);
  return { index: batch.batchIndex, size: Math.max(1, batch.batchSize), id: batch.batchId };
}

/**
 * Builds an export URI from accounts (what Google Authenticator's "Export" shows as a QR). Contains
 * secrets: for moving accounts and for tests, never for logs.
 *
 * @example
 * parseMigration(formatMigration([account])) // [account]
 */
export function formatMigration(
  accounts: readonly OtpAccount[],
  batch: { index?: number; size?: number; id?: number } = {},
): string {
  const otpParameters = accounts.map((a) => ({
    secret: Secret.fromBase32(normalizeBase32(a.secret)).bytes,
    name: a.issuer ? `${a.issuer}:${a.account}` : a.account,
    issuer: a.issuer,
    algorithm: { SHA1: 1, SHA256: 2, SHA512: 3 }[a.algorithm],
    digits: migrationDigits(a.digits),
    type: a.type === 'hotp' ? 1 : 2,
    counter: a.counter,
  }));
  const message = Payload.fromObject({
    otpParameters,
    version: 1,
    batchSize: batch.size ?? 1,
    batchIndex: batch.index ?? 0,
    batchId: batch.id ?? 0,
  });
  const data = Buffer.from(Payload.encode(message).finish()).toString('base64');
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
}
