import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fixed prefix lets a reader tell our codes from any other QR code that happens to be in the photo. */
export const QR_KEY_PREFIX = 'cpq1_';

// 18 bytes = 144 bits of entropy, and 24 base64url characters without padding.
const KEY_BYTES = 18;

/** A fresh key for the QR code the app shows on the insured phone's screen. */
export function issueQrKey(): string {
  return QR_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/**
 * Compares in constant time. Both sides are hashed first because timingSafeEqual needs equal
 * lengths, and an early return on length would leak it.
 */
export function qrKeysEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
