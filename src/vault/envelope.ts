import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope encryption for vault entries.
 *
 * Every entry gets its own random data key; the data key is encrypted ("wrapped") with the master key.
 * Why an envelope rather than encrypting entries with the master key directly: GCM's safety rests on
 * never repeating a (key, nonce) pair, and random 96-bit nonces under one key are only safe for ~2^32
 * messages. A fresh key per write keeps every key's message count at two, and it lets a future key
 * rotation re-wrap 32-byte keys without touching entry bodies.
 *
 * A sealed blob is one base64 string: `nonce (12) ‖ tag (16) ‖ ciphertext`.
 */

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Length of the master key and of every data key. */
export const KEY_BYTES = 32;
/** Shortest possible sealed blob in bytes (empty plaintext); anything shorter was truncated. */
export const MIN_SEALED_BYTES = NONCE_BYTES + TAG_BYTES;

/**
 * Thrown when a blob fails authentication: wrong key, edited bytes, a different AAD (an entry moved to
 * another label) or truncation. Internal: the vault turns it into `PW2FA_VAULT_CORRUPT` or
 * `PW2FA_VAULT_KEY_MISMATCH` with the file and label named, which this layer does not know.
 *
 * @example
 * try { openSealed(key, blob, 'github') } catch (e) { if (e instanceof EnvelopeError) { ... } }
 */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

function checkKey(key: Uint8Array): void {
  // A wrong-length key is a programming error here, never user input: fail loudly, not with CORRUPT.
  if (key.length !== KEY_BYTES) throw new RangeError(`Expected a ${KEY_BYTES}-byte key, got ${key.length}.`);
}

/**
 * Encrypts and authenticates `plaintext` with AES-256-GCM. `aad` is authenticated but not stored, so
 * the same `aad` must be given to {@link openSealed}.
 *
 * @example
 * const blob = seal(key, Buffer.from('{"a":1}'), 'github'); // base64 string
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Decrypts a blob made by {@link seal}; throws {@link EnvelopeError} when it does not authenticate.
 *
 * @example
 * openSealed(key, seal(key, Buffer.from('hi'), 'x'), 'x').toString() // 'hi'
 */
export function openSealed(key: Uint8Array, blob: string, aad: string): Buffer {
  checkKey(key);
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length < MIN_SEALED_BYTES) throw new EnvelopeError('sealed data is shorter than a nonce and tag');
  const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, NONCE_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(NONCE_BYTES, MIN_SEALED_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(MIN_SEALED_BYTES)), decipher.final()]);
  } catch (error) {
    throw new EnvelopeError('authentication tag mismatch', { cause: error });
  }
}

/** An entry as stored: its wrapped data key and its ciphertext, both base64. */
export interface Envelope {
  key: string;
  data: string;
}

// The wrapped key and the body use different AAD so neither blob can stand in for the other; both
// include the label so an entry copied under another label fails to open.
const keyAad = (label: string) => `pw2fa/v1/key:${label}`;

/**
 * Encrypts `plaintext` under a fresh data key, with the label as AAD, and wraps the data key with the
 * master key.
 *
 * @example
 * const { key, data } = sealEnvelope(masterKey, 'github', Buffer.from(json));
 */
export function sealEnvelope(masterKey: Uint8Array, label: string, plaintext: Uint8Array): Envelope {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    return { key: seal(masterKey, dataKey, keyAad(label)), data: seal(dataKey, plaintext, label) };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Reverses {@link sealEnvelope}; throws {@link EnvelopeError} if either blob fails to authenticate.
 *
 * @example
 * openEnvelope(masterKey, 'github', sealEnvelope(masterKey, 'github', bytes)) // bytes
 */
export function openEnvelope(masterKey: Uint8Array, label: string, envelope: Envelope): Buffer {
  const dataKey = openSealed(masterKey, envelope.key, keyAad(label));
  try {
    if (dataKey.length !== KEY_BYTES) throw new EnvelopeError('the wrapped data key has the wrong length');
    return openSealed(dataKey, envelope.data, label);
  } finally {
    dataKey.fill(0);
  }
}
