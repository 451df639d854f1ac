import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Inspector passwords, stored as `scrypt$N$r$p$saltB64$hashB64`. The parameters travel with each
 * hash, so they can be raised later: old hashes still verify and `needsRehash` says which to redo.
 */

// N = 2^15 takes about 100 ms here; 2^16 takes about 240 ms, too slow for a login answer.
const CURRENT = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds for stored parameters, so that an altered row cannot make one login take minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, keyLength: number, N: number, r: number, p: number) {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just short of that for N = 2^15.
  const options = { N, r, p, maxmem: 256 * N * r };
  // The same password typed on different keyboards may arrive composed or decomposed (Hangul).
  const text = password.normalize('NFC');
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(text, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
const isCount = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;

function parse(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : Number.NaN));
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const hash = Buffer.from(parts[5] ?? '', 'base64');
  if (N === undefined || r === undefined || p === undefined) return null;
  if (!isPowerOfTwo(N) || N > MAX_N || !isCount(r, MAX_R) || !isCount(p, MAX_P)) return null;
  if (salt.length < SALT_BYTES || (hash.length !== 32 && hash.length !== 64)) return null;
  return { N, r, p, salt, hash };
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = CURRENT;
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Throws on a malformed stored hash: that is a broken row, not a wrong password. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) throw new Error('The stored password hash is not a scrypt$N$r$p$salt$hash string.');
  const { N, r, p, salt, hash } = parsed;
  return timingSafeEqual(await derive(password, salt, hash.length, N, r, p), hash);
}

/** True when the hash was made with other parameters than today's, so it is redone at the next login. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return (
    parsed.N !== CURRENT.N ||
    parsed.r !== CURRENT.r ||
    parsed.p !== CURRENT.p ||
    parsed.hash.length !== KEY_BYTES
  );
}
