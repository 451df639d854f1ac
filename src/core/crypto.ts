import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Encryption of personal data at rest (the resident registration number; docs/architecture.md,
 * "Privacy rules"), plus the hashing helpers for API keys and tokens. Only `node:crypto`.
 */

const TOKEN_VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Thrown for a token that cannot be decrypted; the message never contains the token or plaintext. */
export class PiiCryptoError extends Error {
  override name = 'PiiCryptoError';
}

/** A bad key setting; `problem` reads after the variable's name ("PII_KEYS must …"). */
export class PiiKeyConfigError extends Error {
  override name = 'PiiKeyConfigError';

  constructor(readonly problem: string) {
    super(`Invalid PII key configuration: ${problem}`);
  }
}

export interface PiiKeyConfig {
  keys: Map<string, Buffer>;
  activeKeyId: string;
}

export interface PiiCipher {
  readonly activeKeyId: string;
  /** `v1.<keyId>.<base64url iv>.<base64url ciphertext+tag>`; a fresh random IV every time. */
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash for equality look-ups; callers normalise the input first. */
  blindIndex(plain: string): string;
}

// The key id is bound into the ciphertext, so a token whose id was rewritten fails authentication
// instead of being decrypted under another key.
const aadFor = (keyId: string) => Buffer.from(`pii.${TOKEN_VERSION}.${keyId}`, 'utf8');

/**
 * Fresh random IVs cut from a block that is replaced, never refilled in place, once used up: one
 * call into the CSPRNG per 256 encryptions instead of one each. No IV is handed out twice.
 */
function randomIvs(): () => Buffer {
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset === block.length) {
      block = randomBytes(IV_BYTES * 256);
      offset = 0;
    }
    offset += IV_BYTES;
    return block.subarray(offset - IV_BYTES, offset);
  };
}

/** Strict base64url: Buffer.from silently skips bad characters, so re-encode and compare. */
function decodeBase64Url(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

export function createPiiCipher(options: {
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
  blindIndexKey: Buffer;
}): PiiCipher {
  const { activeKeyId, blindIndexKey } = options;
  const keys = new Map(options.keys);
  for (const [id, key] of keys) {
    if (!KEY_ID_PATTERN.test(id)) throw new PiiKeyConfigError('key ids must be 1–32 of A–Z a–z 0–9 _ -');
    if (key.length !== KEY_BYTES) throw new PiiKeyConfigError(`key "${id}" must be ${KEY_BYTES} bytes`);
  }
  const activeKey = keys.get(activeKeyId);
  if (!activeKey) throw new PiiKeyConfigError(`active key id "${activeKeyId}" is not among the keys`);
  if (blindIndexKey.length < KEY_BYTES) {
    throw new PiiKeyConfigError(`the blind index key must be at least ${KEY_BYTES} bytes`);
  }

  const nextIv = randomIvs();
  return {
    activeKeyId,
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
      cipher.setAAD(aadFor(activeKeyId));
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [TOKEN_VERSION, activeKeyId, iv.toString('base64url'), sealed.toString('base64url')].join('.');
    },
    decrypt(token) {
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== TOKEN_VERSION) {
        throw new PiiCryptoError(
          `Not a ${TOKEN_VERSION} PII token: expected ${TOKEN_VERSION}.<keyId>.<iv>.<data>`,
        );
      }
      const [, keyId = '', ivText = '', sealedText = ''] = parts;
      const key = keys.get(keyId);
      if (!key) throw new PiiCryptoError(`PII token was encrypted under unknown key id "${keyId}"`);
      const iv = decodeBase64Url(ivText);
      const sealed = decodeBase64Url(sealedText);
      if (!iv || iv.length !== IV_BYTES || !sealed || sealed.length < TAG_BYTES) {
        throw new PiiCryptoError('PII token is malformed (bad IV or ciphertext encoding or length)');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aadFor(keyId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        const body = sealed.subarray(0, sealed.length - TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new PiiCryptoError('PII token failed authentication: it was altered or its key is wrong');
      }
    },
    blindIndex(plain) {
      return createHmac('sha256', blindIndexKey).update(plain, 'utf8').digest('base64url');
    },
  };
}

/** Accepts standard base64 (what `openssl rand -base64 32` prints) and base64url. */
function decodeKey(id: string, text: string): Buffer {
  const standard = /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0;
  const url = /^[A-Za-z0-9_-]+$/.test(text);
  if (!standard && !url) throw new PiiKeyConfigError(`key "${id}" is not valid base64`);
  const bytes = Buffer.from(text, standard ? 'base64' : 'base64url');
  if (bytes.length !== KEY_BYTES) {
    throw new PiiKeyConfigError(
      `key "${id}" decodes to ${bytes.length} bytes; AES-256 needs exactly ${KEY_BYTES}`,
    );
  }
  return bytes;
}

/**
 * Either one base64 key (id `k1`) or `id1:base64,id2:base64`, the first being the active one.
 * To rotate, put the new key first and keep the old ones until their tokens are re-encrypted.
 */
export function parsePiiKeyConfig(value: string): PiiKeyConfig {
  const text = value.trim();
  if (text === '') throw new PiiKeyConfigError('no key was given');
  // Base64 never contains ':', so its presence tells the two forms apart.
  if (!text.includes(':')) return { keys: new Map([['k1', decodeKey('k1', text)]]), activeKeyId: 'k1' };

  const keys = new Map<string, Buffer>();
  for (const [index, entry] of text.split(',').entries()) {
    // Entries are named by position: a malformed one may be a key, which must not reach a log.
    const separator = entry.indexOf(':');
    if (separator === -1) throw new PiiKeyConfigError(`entry ${index + 1} must be written as id:base64`);
    const id = entry.slice(0, separator).trim();
    if (!KEY_ID_PATTERN.test(id)) {
      throw new PiiKeyConfigError(`entry ${index + 1} has an invalid key id: use 1–32 of A–Z a–z 0–9 _ -`);
    }
    if (keys.has(id)) throw new PiiKeyConfigError(`key id "${id}" appears twice`);
    keys.set(id, decodeKey(id, entry.slice(separator + 1).trim()));
  }
  const [activeKeyId = ''] = keys.keys();
  return { keys, activeKeyId };
}

/** API keys are random and long, so a fast unsalted hash is enough and allows an indexed look-up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Hashing first gives equal-length inputs, so neither the content nor the length leaks by timing. */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1)
    throw new RangeError('randomToken needs a positive whole number of bytes');
  return randomBytes(bytes).toString('base64url');
}
