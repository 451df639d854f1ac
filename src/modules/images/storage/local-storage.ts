import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type ImageStorage, StoredObjectNotFoundError } from './image-storage.port.js';

export interface LocalStorageOptions {
  rootDir: string;
  /** Origin (and optional path prefix) the app is reached at, without a trailing slash. */
  publicBaseUrl: string;
  /** Secret for URL signatures; at least 32 random bytes. */
  signingKey: Buffer;
}

export type SignatureCheck = 'ok' | 'expired' | 'invalid';

const MIN_SIGNING_KEY_BYTES = 32;

export function createLocalStorage(options: LocalStorageOptions): ImageStorage {
  const { rootDir, signingKey } = options;
  if (signingKey.length < MIN_SIGNING_KEY_BYTES) {
    throw new RangeError(`signingKey must be at least ${MIN_SIGNING_KEY_BYTES} bytes`);
  }
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');

  // Two levels of 256 directories from a hash of the key: no directory grows past a few thousand
  // entries, whatever the keys look like.
  const shardDir = (key: string) => {
    const digest = createHash('sha256').update(key).digest('hex');
    return join(rootDir, digest.slice(0, 2), digest.slice(2, 4));
  };
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return join(shardDir(key), key);
  };

  return {
    async put(key, body, _contentType, size) {
      const path = pathOf(key);
      await mkdir(shardDir(key), { recursive: true });
      // Written beside its final name so that rename is atomic (same filesystem): a reader sees the
      // old object or the whole new one, never a partial file.
      const tmp = `${path}.${randomUUID()}.tmp`;
      try {
        await pipeline(body, exactLength(size), createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },

    async get(key) {
      const path = pathOf(key);
      // Opening first turns a missing file into a typed error now, not an 'error' event later.
      const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'ENOENT' ? new StoredObjectNotFoundError(key) : err;
      });
      return handle.createReadStream();
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async signedUrl(key, expiresAt) {
      assertStorageKey(key);
      const expires = Math.ceil(expiresAt.getTime() / 1000);
      const sig = sign(signingKey, key, String(expires));
      return `${publicBaseUrl}/files/images/${key}?expires=${expires}&sig=${sig}`;
    },
  };
}

/**
 * Checks a URL made by `signedUrl`. The route serving `/files/images/:key` answers with the bytes
 * on 'ok' and 403 otherwise. A bad signature wins over expiry, so nothing about a forged URL leaks.
 */
export function verifyLocalSignature(input: {
  key: string;
  expires: string;
  sig: string;
  now: Date;
  signingKey: Buffer;
}): SignatureCheck {
  const { key, expires, sig, now, signingKey } = input;
  if (!/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
  const expected = Buffer.from(sign(signingKey, key, expires), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return now.getTime() > Number(expires) * 1000 ? 'expired' : 'ok';
}

function sign(signingKey: Buffer, key: string, expires: string): string {
  return createHmac('sha256', signingKey).update(`${key}.${expires}`).digest('base64url');
}

/** Fails the write when the body is longer or shorter than announced (a client that hung up early). */
function exactLength(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > size ? new Error(`Body is longer than the announced ${size} bytes`) : null, chunk);
    },
    flush(callback) {
      callback(seen === size ? null : new Error(`Body ended after ${seen} of ${size} bytes`));
    },
  });
}
