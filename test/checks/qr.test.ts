import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import QRCode from 'qrcode';
import { loadPhotoFixtures, type PhotoManifest } from '../../scripts/generate-photos.js';
import { issueQrKey, QR_KEY_PREFIX, qrKeysEqual } from '../../src/modules/checks/qr/qr-key.js';
import { checkQrInPhoto, findQrCodes } from '../../src/modules/checks/qr/qr-reader.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'photos');

describe('issueQrKey', () => {
  test('keys are unique, URL-safe and carry at least 128 random bits', () => {
    const keys = Array.from({ length: 10_000 }, issueQrKey);
    assert.equal(new Set(keys).size, keys.length);
    for (const key of keys.slice(0, 100)) {
      assert.match(key, /^cpq1_[A-Za-z0-9_-]+$/);
      const random = Buffer.from(key.slice(QR_KEY_PREFIX.length), 'base64url');
      assert.ok(random.length * 8 >= 128, `${random.length * 8} bits`);
    }
  });

  test('qrKeysEqual compares whole keys, whatever their lengths', () => {
    const key = issueQrKey();
    assert.equal(qrKeysEqual(key, `${key}`), true);
    assert.equal(qrKeysEqual(key, issueQrKey()), false);
    assert.equal(qrKeysEqual(key, key.slice(0, -1)), false);
    assert.equal(qrKeysEqual(key, `${key}x`), false);
    assert.equal(qrKeysEqual('', key), false);
  });
});

describe('QR codes in front photos', () => {
  let manifest: PhotoManifest;
  before(async () => {
    manifest = await loadPhotoFixtures(FIXTURES);
  });

  test('each fixture gives its expected found / matched / mirrored', async (t) => {
    const failures: string[] = [];
    for (const photo of manifest.photos) {
      const image = await readFile(join(FIXTURES, photo.file));
      const started = performance.now();
      const actual = await checkQrInPhoto(image, manifest.key);
      const ms = Math.round(performance.now() - started);
      t.diagnostic(`${photo.name}: ${JSON.stringify(actual)} in ${ms} ms (${photo.description})`);
      if (JSON.stringify(actual) !== JSON.stringify(photo.expected)) {
        failures.push(
          `${photo.name}: expected ${JSON.stringify(photo.expected)}, got ${JSON.stringify(actual)}`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });

  test('findQrCodes returns the texts it read', async () => {
    const read = async (name: string) => findQrCodes(await readFile(join(FIXTURES, `${name}.jpg`)));
    assert.deepEqual(await read('other-key'), { found: true, texts: [manifest.otherKey], mirrored: false });
    assert.deepEqual(await read('mirrored'), { found: true, texts: [manifest.key], mirrored: true });
    assert.deepEqual(await read('no-qr'), { found: false, texts: [], mirrored: false });
  });

  test('a freshly issued key round-trips through a QR image', async () => {
    const key = issueQrKey();
    const png = await QRCode.toBuffer(key, { type: 'png', width: 300 });
    assert.deepEqual(await checkQrInPhoto(png, key), { found: true, matched: true, mirrored: false });
    assert.deepEqual(await checkQrInPhoto(png, issueQrKey()), {
      found: true,
      matched: false,
      mirrored: false,
    });
  });

  test('bytes that are not an image are rejected, not reported as "no QR"', async () => {
    await assert.rejects(checkQrInPhoto(Buffer.from('not an image'), issueQrKey()));
  });
});
