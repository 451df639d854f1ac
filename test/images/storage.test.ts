import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../src/core/clock.js';
import { StoredObjectNotFoundError } from '../../src/modules/images/storage/image-storage.port.js';
import { createLocalStorage, verifyLocalSignature } from '../../src/modules/images/storage/local-storage.js';
import { createS3Storage } from '../../src/modules/images/storage/s3-storage.js';
import { startS3rver } from '../helpers/s3rver.js';

const bytes = randomBytes(200_000);
const streamOf = (data: Buffer) => Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('local storage', () => {
  const signingKey = randomBytes(32);
  let rootDir: string;
  let storage: ReturnType<typeof createLocalStorage>;

  before(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'cp-local-storage-'));
    storage = createLocalStorage({ rootDir, publicBaseUrl: 'https://api.example.test/', signingKey });
  });
  after(() => rm(rootDir, { recursive: true, force: true }));

  test('stores under sharded directories and reads the same bytes back', async () => {
    await storage.put('photo-1.jpg', streamOf(bytes), 'image/jpeg', bytes.length);
    assert.deepEqual(await buffer(await storage.get('photo-1.jpg')), bytes);
    const [file, ...others] = await filesUnder(rootDir);
    assert.deepEqual(others, []);
    assert.match(file ?? '', /\/[0-9a-f]{2}\/[0-9a-f]{2}\/photo-1\.jpg$/);
  });

  test('a body that ends before its announced size is not stored, and no temp file is left', async () => {
    await assert.rejects(
      storage.put('short.jpg', streamOf(bytes), 'image/jpeg', bytes.length + 1),
      /ended after/,
    );
    await assert.rejects(storage.get('short.jpg'), StoredObjectNotFoundError);
    assert.equal((await filesUnder(rootDir)).filter((path) => !path.endsWith('photo-1.jpg')).length, 0);
  });

  test('get of an absent key throws the typed not-found error; delete is idempotent', async () => {
    await assert.rejects(storage.get('missing.jpg'), StoredObjectNotFoundError);
    await storage.put('gone.png', streamOf(bytes), 'image/png', bytes.length);
    await storage.delete('gone.png');
    await storage.delete('gone.png');
    await assert.rejects(storage.get('gone.png'), StoredObjectNotFoundError);
  });

  test('keys that could leave the root directory are refused', async () => {
    for (const key of ['../etc/passwd', 'a/b.jpg', '..', '.hidden', '', 'a\\b']) {
      await assert.rejects(storage.get(key), TypeError, key);
    }
  });

  test('signed URLs verify until they expire, and not once tampered with', async () => {
    const expiresAt = new Date(Date.now() + 15_000);
    const url = new URL(await storage.signedUrl('photo-1.jpg', expiresAt));
    assert.equal(url.origin + url.pathname, 'https://api.example.test/files/images/photo-1.jpg');
    const expires = url.searchParams.get('expires') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    const check = (overrides: Partial<Parameters<typeof verifyLocalSignature>[0]>) =>
      verifyLocalSignature({ key: 'photo-1.jpg', expires, sig, now: new Date(), signingKey, ...overrides });

    assert.equal(check({}), 'ok');
    assert.equal(check({ now: expiresAt }), 'ok');
    assert.equal(check({ now: new Date(expiresAt.getTime() + 1_000) }), 'expired');
    assert.equal(check({ key: 'photo-2.jpg' }), 'invalid');
    assert.equal(check({ sig: `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}` }), 'invalid');
    assert.equal(check({ sig: sig.slice(1) }), 'invalid');
    assert.equal(check({ expires: String(Number(expires) + 3600) }), 'invalid');
    assert.equal(check({ signingKey: randomBytes(32) }), 'invalid');
    // A forged URL learns nothing from expiry: the signature is checked first.
    assert.equal(check({ key: 'photo-2.jpg', now: new Date(expiresAt.getTime() + 60_000) }), 'invalid');
  });

  test('a short signing key is refused at construction', () => {
    assert.throws(() =>
      createLocalStorage({ rootDir, publicBaseUrl: 'https://x', signingKey: randomBytes(16) }),
    );
  });
});

describe('S3 storage against s3rver', () => {
  const bucket = 'cp-images-test';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  let server: Awaited<ReturnType<typeof startS3rver>>;
  let endpoint: string;
  let storage: ReturnType<typeof createS3Storage>;

  before(async () => {
    server = await startS3rver();
    endpoint = server.endpoint;
    const admin = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    admin.destroy();
    storage = createS3Storage({
      bucket,
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      ...credentials,
    });
  });
  after(() => server.close());

  test('put streams the exact bytes; get returns them; delete is idempotent', async () => {
    await storage.put('photo-1.png', streamOf(bytes), 'image/png', bytes.length);
    assert.deepEqual(await buffer(await storage.get('photo-1.png')), bytes);
    await storage.delete('photo-1.png');
    await storage.delete('photo-1.png');
    await assert.rejects(storage.get('photo-1.png'), StoredObjectNotFoundError);
  });

  test('a presigned GET serves the bytes with their content type before expiry', async () => {
    await storage.put('photo-2.webp', streamOf(bytes), 'image/webp', bytes.length);
    const response = await fetch(await storage.signedUrl('photo-2.webp', new Date(Date.now() + 15_000)));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/webp');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
  });

  test('a presigned GET is refused with 403 once expired', async () => {
    // Signed a minute ago for 30 seconds: expired half a minute ago, without waiting in the test.
    const clock = new ManualClock(new Date(Date.now() - 60_000));
    const past = createS3Storage({
      bucket,
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      ...credentials,
      clock,
    });
    const url = await past.signedUrl('photo-2.webp', new Date(clock.now().getTime() + 30_000));
    const response = await fetch(url);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /expired/);
  });

  test('an expiry that is already past or beyond a week is refused before signing', async () => {
    await assert.rejects(storage.signedUrl('photo-2.webp', new Date(Date.now() - 1_000)), RangeError);
    await assert.rejects(
      storage.signedUrl('photo-2.webp', new Date(Date.now() + 8 * 24 * 3600_000)),
      RangeError,
    );
  });
});
