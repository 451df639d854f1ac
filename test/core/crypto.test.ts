import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createPiiCipher,
  hashApiKey,
  PiiCryptoError,
  PiiKeyConfigError,
  parsePiiKeyConfig,
  randomToken,
  timingSafeEqualStrings,
} from '../../src/core/crypto.js';

const key = () => randomBytes(32);
const cipherWith = (keys: [string, Buffer][], activeKeyId: string, blindIndexKey = key()) =>
  createPiiCipher({ keys: new Map(keys), activeKeyId, blindIndexKey });

/** Replaces one base64url character of a token part with another valid one. */
function flipChar(token: string, part: number, at: number): string {
  const parts = token.split('.');
  const text = parts[part] ?? '';
  const replacement = text[at] === 'A' ? 'B' : 'A';
  parts[part] = `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
  return parts.join('.');
}

describe('PII cipher', () => {
  const k1 = key();
  const cipher = cipherWith([['k1', k1]], 'k1');

  it('round-trips text, Korean and empty strings included', () => {
    for (const plain of ['8609061000000', '홍길동', ''])
      assert.equal(cipher.decrypt(cipher.encrypt(plain)), plain);
  });

  it('writes a self-describing v1 token with a 12-byte IV', () => {
    const [version, keyId, iv, sealed, ...rest] = cipher.encrypt('8609061000000').split('.');
    assert.equal(version, 'v1');
    assert.equal(keyId, 'k1');
    assert.equal(Buffer.from(iv ?? '', 'base64url').length, 12);
    assert.equal(Buffer.from(sealed ?? '', 'base64url').length, 13 + 16);
    assert.deepEqual(rest, []);
  });

  it('never gives the same token twice for the same text', () => {
    assert.notEqual(cipher.encrypt('8609061000000'), cipher.encrypt('8609061000000'));
  });

  it('never reuses an IV, within a block of pooled IVs or across blocks', () => {
    const ivs = Array.from({ length: 600 }, () => cipher.encrypt('8609061000000').split('.')[2]);
    assert.equal(new Set(ivs).size, 600);
  });

  it('detects tampering with the ciphertext, the tag, the IV or the version', () => {
    const token = cipher.encrypt('8609061000000');
    const sealedLength = token.split('.')[3]?.length ?? 0;
    for (const tampered of [
      flipChar(token, 3, 0),
      flipChar(token, 3, sealedLength - 2),
      flipChar(token, 2, 0),
      token.replace(/^v1/, 'v2'),
      token.slice(0, -4),
      `${token}.extra`,
      'not a token',
    ]) {
      assert.throws(() => cipher.decrypt(tampered), PiiCryptoError, tampered);
    }
  });

  it('refuses a token whose key id was rewritten to another known key', () => {
    const both = cipherWith(
      [
        ['k1', k1],
        ['k2', key()],
      ],
      'k1',
    );
    const moved = both.encrypt('8609061000000').replace('.k1.', '.k2.');
    assert.throws(() => both.decrypt(moved), /failed authentication/);
  });

  it('decrypts tokens of an old key after a new key becomes active', () => {
    const old = cipher.encrypt('8609061000000');
    const rotated = cipherWith(
      [
        ['k2', key()],
        ['k1', k1],
      ],
      'k2',
    );
    const fresh = rotated.encrypt('8609061000000');
    assert.equal(fresh.split('.')[1], 'k2');
    assert.equal(rotated.decrypt(old), '8609061000000');
    assert.equal(rotated.decrypt(fresh), '8609061000000');
  });

  it('names an unknown key id', () => {
    const other = cipherWith([['k9', key()]], 'k9');
    assert.throws(() => other.decrypt(cipher.encrypt('x')), /unknown key id "k1"/);
  });

  it('gives a stable blind index that depends on its key', () => {
    const indexKey = key();
    const a = cipherWith([['k1', key()]], 'k1', indexKey);
    const b = cipherWith([['k2', key()]], 'k2', indexKey);
    const c = cipherWith([['k1', k1]], 'k1', key());
    assert.equal(a.blindIndex('8609061000000'), a.blindIndex('8609061000000'));
    assert.equal(a.blindIndex('8609061000000'), b.blindIndex('8609061000000'));
    assert.notEqual(a.blindIndex('8609061000000'), c.blindIndex('8609061000000'));
    assert.notEqual(a.blindIndex('8609061000000'), a.blindIndex('8609061000001'));
    assert.match(a.blindIndex('x'), /^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses bad options at construction', () => {
    assert.throws(() => cipherWith([['k1', randomBytes(16)]], 'k1'), PiiKeyConfigError);
    assert.throws(() => cipherWith([['k1', key()]], 'k2'), /active key id "k2"/);
    assert.throws(() => cipherWith([['k.1', key()]], 'k.1'), /key ids/);
    assert.throws(() => cipherWith([['k1', key()]], 'k1', randomBytes(16)), /blind index key/);
  });
});

describe('parsePiiKeyConfig', () => {
  const a = key();
  const b = key();

  it('reads one base64 key as k1', () => {
    const config = parsePiiKeyConfig(` ${a.toString('base64')} `);
    assert.equal(config.activeKeyId, 'k1');
    assert.deepEqual([...config.keys.keys()], ['k1']);
    assert.ok(config.keys.get('k1')?.equals(a));
    assert.ok(parsePiiKeyConfig(a.toString('base64url')).keys.get('k1')?.equals(a));
  });

  it('reads a list whose first key is active', () => {
    const config = parsePiiKeyConfig(`2024b:${b.toString('base64')}, 2024a:${a.toString('base64')}`);
    assert.equal(config.activeKeyId, '2024b');
    assert.ok(config.keys.get('2024b')?.equals(b));
    assert.ok(config.keys.get('2024a')?.equals(a));
  });

  const refused = [
    ['empty', '', /no key/],
    ['a short key', randomBytes(31).toString('base64'), /"k1" decodes to 31 bytes/],
    ['a long key in a list', `k1:${randomBytes(33).toString('base64')}`, /"k1" decodes to 33 bytes/],
    ['bad base64', 'k1:not*base64!', /"k1" is not valid base64/],
    [
      'a missing separator',
      `k1:${a.toString('base64')},${b.toString('base64')}`,
      /entry 2 must be written as id:base64/,
    ],
    ['an empty id', `:${a.toString('base64')}`, /entry 1 has an invalid key id/],
    ['a duplicate id', `k1:${a.toString('base64')},k1:${b.toString('base64')}`, /"k1" appears twice/],
  ] as const;
  for (const [what, value, message] of refused) {
    it(`refuses ${what}`, () => assert.throws(() => parsePiiKeyConfig(value), message));
  }

  it('never echoes key material in its errors', () => {
    const secret = b.toString('base64');
    assert.throws(
      () => parsePiiKeyConfig(`k1:${a.toString('base64')},${secret}`),
      (error: Error) => !error.message.includes(secret),
    );
  });
});

describe('key and token helpers', () => {
  it('hashes API keys to hex SHA-256', () => {
    assert.equal(hashApiKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares strings of any length', () => {
    assert.equal(timingSafeEqualStrings('secret', 'secret'), true);
    assert.equal(timingSafeEqualStrings('secret', 'secreT'), false);
    assert.equal(timingSafeEqualStrings('secret', 'secret-longer'), false);
    assert.equal(timingSafeEqualStrings('', ''), true);
  });

  it('makes random base64url tokens of the asked size', () => {
    const token = randomToken(32);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.notEqual(randomToken(), randomToken());
    assert.equal(Buffer.from(randomToken(), 'base64url').length, 32);
    assert.throws(() => randomToken(0), RangeError);
    assert.throws(() => randomToken(1.5), RangeError);
  });
});
