import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import sharp from 'sharp';
import { loadPhotoFixtures, type PhotoManifest } from '../../scripts/generate-photos.js';
import { dHash64, hammingDistance } from '../../src/modules/checks/photo/perceptual-hash.js';
import {
  analysePhoto,
  checkCaptureTime,
  checkDuplicate,
  checkExposure,
  checkNotScreenshot,
  checkSharpness,
  type PhotoAnalysis,
} from '../../src/modules/checks/photo/photo-checks.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'photos');
const HOUR = 3_600_000;

describe('photo checks on the fixtures', () => {
  let manifest: PhotoManifest;
  const analyses = new Map<string, PhotoAnalysis>();
  const analysis = (name: string) => analyses.get(name) as PhotoAnalysis;

  before(async () => {
    manifest = await loadPhotoFixtures(FIXTURES);
    for (const photo of manifest.photos) {
      analyses.set(photo.name, await analysePhoto(await readFile(join(FIXTURES, photo.file))));
    }
  });

  test('every fixture with an expected check result gets it', (t) => {
    const uploadedAt = new Date(manifest.uploadedAt);
    const failures: string[] = [];
    for (const photo of manifest.photos) {
      const a = analysis(photo.name);
      t.diagnostic(
        `${photo.name}: mean ${a.meanLuminance.toFixed(1)}, laplacian ${a.laplacianVariance.toFixed(1)}, dHash ${a.dHash}`,
      );
      const actual = {
        exposure: checkExposure(a),
        sharpness: checkSharpness(a),
        screenshot: checkNotScreenshot(a),
        captureTime: checkCaptureTime(a.takenAt, uploadedAt),
      };
      for (const [check, expected] of Object.entries(photo.checks ?? {})) {
        const got = actual[check as keyof typeof actual];
        t.diagnostic(`  ${check}: ${got.result} — ${got.reason}`);
        if (got.result !== expected) failures.push(`${photo.name} ${check}: ${got.reason}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('no photo that shows a readable QR code is called blurred or dark', () => {
    for (const photo of manifest.photos.filter((p) => p.expected.found)) {
      assert.equal(checkSharpness(analysis(photo.name)).result, true, photo.name);
      assert.equal(checkExposure(analysis(photo.name)).result, true, photo.name);
    }
  });

  test('analysePhoto reads size, format and camera EXIF', () => {
    const straight = analysis('straight');
    assert.equal(straight.width, 1600);
    assert.equal(straight.height, 1200);
    assert.equal(straight.format, 'jpeg');
    assert.deepEqual(straight.camera, { make: 'samsung', model: 'SM-S918N' });
    assert.equal(straight.hasCameraExif, true);
    // 10:00 at +09:00
    assert.equal(straight.takenAt?.toISOString(), '2026-11-26T01:00:00.000Z');
    assert.ok(straight.gps && Math.abs(straight.gps.lat - 37.566) < 0.001);
    assert.ok(straight.gps && Math.abs(straight.gps.lng - 126.978) < 0.001);
    const screenshot = analysis('screenshot');
    assert.deepEqual(
      [screenshot.format, screenshot.width, screenshot.height, screenshot.hasCameraExif, screenshot.takenAt],
      ['png', 1170, 2532, false, null],
    );
  });

  test('re-encodings of one photo keep their dHash; different photos do not', async (t) => {
    const read = (name: string) => readFile(join(FIXTURES, `${name}.jpg`));
    const original = await dHash64(await read('hash-a'));
    assert.equal(original, analysis('hash-a').dHash, 'dHash64 and analysePhoto agree');
    for (const copy of ['hash-a-q55', 'hash-a-resized']) {
      const distance = hammingDistance(original, await dHash64(await read(copy)));
      t.diagnostic(`hash-a ↔ ${copy}: ${distance}`);
      assert.ok(distance <= 6, `${copy}: ${distance}`);
    }
    const other = hammingDistance(original, await dHash64(await read('hash-b')));
    t.diagnostic(`hash-a ↔ hash-b: ${other}`);
    assert.ok(other > 16, `hash-b: ${other}`);
    // Every fixture is a different picture except the hash-a family: report how close they come.
    const singles = manifest.photos.filter((p) => !p.derivedFrom).map((p) => analysis(p.name).dHash);
    const distances = singles.flatMap((a, i) => singles.slice(i + 1).map((b) => hammingDistance(a, b)));
    t.diagnostic(
      `distinct fixtures: min ${Math.min(...distances)}, median ${distances.sort((a, b) => a - b)[distances.length >> 1]}`,
    );
    assert.ok(Math.min(...distances) > 6);
  });
});

describe('checks on given values', () => {
  test('hammingDistance counts differing bits and refuses malformed hashes', () => {
    assert.equal(hammingDistance('0000000000000000', 'ffffffffffffffff'), 64);
    assert.equal(hammingDistance('8000000000000001', '0000000000000000'), 2);
    assert.equal(hammingDistance('ABCDEF0123456789', 'abcdef0123456789'), 0);
    assert.throws(() => hammingDistance('abc', '0000000000000000'), RangeError);
  });

  test('checkDuplicate flags a near-identical photo from another contract', () => {
    const others = [
      { imageId: 'img-1', contractId: 'c-1', hash: 'ffffffffffffffff' },
      { imageId: 'img-2', contractId: 'c-2', hash: '7272715a5b230803' },
    ];
    const duplicate = checkDuplicate('7272705a5b230802', others);
    assert.equal(duplicate.result, false);
    assert.match(duplicate.reason, /c-2/);
    assert.match(duplicate.reason, /거리 2/);
    const unique = checkDuplicate('0000000000000000', others.slice(0, 1));
    assert.equal(unique.result, true);
    assert.match(unique.reason, /64\/64/);
    assert.equal(checkDuplicate('0000000000000000', []).result, true);
    const oneBitApart = [{ imageId: 'i', contractId: 'c', hash: '0000000000000000' }];
    assert.equal(checkDuplicate('0000000000000001', oneBitApart, 0).result, true);
    assert.equal(checkDuplicate('0000000000000001', oneBitApart, 1).result, false);
  });

  test('checkCaptureTime allows a day either way and flags the rest', () => {
    const uploadedAt = new Date('2026-11-26T03:00:00Z');
    assert.equal(checkCaptureTime(new Date(uploadedAt.getTime() - 2 * HOUR), uploadedAt).result, true);
    const old = checkCaptureTime(new Date(uploadedAt.getTime() - 40 * 24 * HOUR), uploadedAt);
    assert.equal(old.result, false);
    assert.match(old.reason, /40일 0시간 이전/);
    assert.equal(checkCaptureTime(new Date(uploadedAt.getTime() + 30 * HOUR), uploadedAt).result, false);
    assert.equal(checkCaptureTime(new Date(uploadedAt.getTime() - 30 * HOUR), uploadedAt, 48).result, true);
    const missing = checkCaptureTime(null, uploadedAt);
    assert.equal(missing.result, true);
    assert.match(missing.reason, /EXIF/);
  });

  test('checkNotScreenshot needs both a screen size and no camera EXIF', () => {
    assert.equal(checkNotScreenshot({ hasCameraExif: false, width: 1170, height: 2532 }).result, false);
    assert.equal(checkNotScreenshot({ hasCameraExif: false, width: 2400, height: 1080 }).result, false);
    assert.equal(checkNotScreenshot({ hasCameraExif: true, width: 1170, height: 2532 }).result, true);
    assert.equal(checkNotScreenshot({ hasCameraExif: false, width: 4000, height: 3000 }).result, true);
  });

  test('checkExposure and checkSharpness compare against their thresholds', () => {
    assert.equal(checkExposure({ meanLuminance: 10 }).result, false);
    assert.equal(checkExposure({ meanLuminance: 120 }).result, true);
    assert.equal(checkExposure({ meanLuminance: 50 }, 60).result, false);
    assert.equal(checkSharpness({ laplacianVariance: 20 }).result, false);
    assert.equal(checkSharpness({ laplacianVariance: 900 }).result, true);
  });

  test('an EXIF time without an offset is read as Korean time', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#777' } })
      .withExif({
        IFD0: { Make: 'Apple', Model: 'iPhone 15' },
        IFD2: { DateTimeOriginal: '2026:11:26 12:00:00' },
      })
      .jpeg()
      .toBuffer();
    const a = await analysePhoto(jpeg);
    assert.equal(a.takenAt?.toISOString(), '2026-11-26T03:00:00.000Z');
    assert.equal(a.gps, null);
  });
});
