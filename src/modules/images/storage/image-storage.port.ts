import type { Readable } from 'node:stream';
import { AppError } from '../../../core/errors.js';

/**
 * Where image bytes live. Adapters: a local directory (default) and any S3-compatible store.
 * Keys are opaque names chosen by the caller (see `assertStorageKey`).
 */
export interface ImageStorage {
  /**
   * Streams `body` to the store under `key`, never holding it whole in memory. `size` is the exact
   * byte count: S3 refuses a PutObject of unknown length, and the local adapter uses it to refuse a
   * body that ended early. Resolves once the object is durably stored.
   */
  put(key: string, body: Readable, contentType: string, size: number): Promise<void>;
  /** The stored bytes; throws `StoredObjectNotFoundError` when there is no object under `key`. */
  get(key: string): Promise<Readable>;
  /** Removes the object; deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** A URL that lets anyone GET the bytes until `expiresAt` (and at most one second longer). */
  signedUrl(key: string, expiresAt: Date): Promise<string>;
}

export class StoredObjectNotFoundError extends AppError {
  constructor(readonly key: string) {
    // The key stays off the message: it is internal and messages reach partners.
    super('not_found', 'Image was not found.');
  }
}

// One rule for both adapters, so a key that works locally also works on S3 and cannot climb out of
// the local root directory ('/', '\' and '..' are impossible) or need escaping in a URL path.
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const MAX_KEY_LENGTH = 200;

export function assertStorageKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new TypeError(`Invalid storage key ${JSON.stringify(key)}: use letters, digits, '-', '_' and '.'.`);
  }
}
