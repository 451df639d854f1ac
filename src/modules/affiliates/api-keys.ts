import { randomToken } from '../../core/crypto.js';
import type { Mode } from '../../core/db/schema.js';

/** `cpi_<mode>_` + 32 random bytes in base64url: the mode is readable, the rest is unguessable. */
const API_KEY_PATTERN = /^cpi_(live|test)_[A-Za-z0-9_-]{43}$/;
const DISPLAY_PREFIX_LENGTH = 14;

export function generateApiKey(mode: Mode): string {
  return `cpi_${mode}_${randomToken(32)}`;
}

export function isWellFormedApiKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

/** What operators see of a key: enough to tell keys apart, never enough to use one. */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}
