import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { ManualClock } from '../../src/core/clock.js';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';
import { startS3rver } from '../helpers/s3rver.js';
import { heicHeader, pngBomb } from './image-bytes.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function photoJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="640" height="480"><circle cx="320" cy="240" r="120" fill="#fa0"/></svg>',
        ),
      },
    ])
    .withExif({
      IFD0: { Make: 'samsung', Model: 'SM-N981N' },
      IFD2: { DateTimeOriginal: '2026:11:20 14:30:00', OffsetTimeOriginal: '+09:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 33/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '126/1 58/1 0/1',
      },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

const plain = (format: 'png' | 'webp' | 'gif') =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a6' } })
    .toFormat(format)
    .toBuffer();

describe('image upload and signed links', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let key: string;
  let jpeg: Buffer;
  before(async () => {
    server = await startTestServer({ IMAGE_MAX_BYTES: String(300 * 1024) }, { clock });
    key = (await server.partner()).apiKey;
    jpeg = await photoJpeg();
  });
  after(() => server.close());

  const uploadRaw = (body: Buffer, type: string, apiKey = key) =>
    server.call('POST', '/cp-insurance/image/', { key: apiKey, body, headers: { 'content-type': type } });
  const uploadForm = async (body: Buffer, type: string, name = 'photo') => {
    const form = new FormData();
    form.append('file', new Blob([body], { type }), name);
    const response = await fetch(`${server.baseUrl}/cp-insurance/image/`, {
      method: 'POST',
      headers: { 'X-ITECHS-API-KEY': key },
      body: form,
    });
    return { status: response.status, json: await response.json() };
  };
  const imageCount = async () =>
    Number(
      (
        await server.platform.database.db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const storedFiles = async () =>
    (
      await readdir(join(server.platform.config.dataDir, 'images'), {
        recursive: true,
        withFileTypes: true,
      }).catch(() => [])
    ).filter((entry) => entry.isFile()).length;

  test('a raw JPEG is stored and answered with {id, url}; the url serves the same bytes for 15 s', async () => {
    const answer = await uploadRaw(jpeg, 'image/jpeg');
    assert.equal(answer.status, 201);
    assert.deepEqual(Object.keys(answer.json.data), ['id', 'url']);
    assert.equal(answer.json.code, 201);
    assert.match(
      answer.json.data.url,
      new RegExp(`^${server.baseUrl}/files/images/[0-9a-f-]+\\.jpeg\\?expires=\\d+&sig=`),
    );

    const file = await fetch(answer.json.data.url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    assert.equal(sha256(Buffer.from(await file.arrayBuffer())), sha256(jpeg));

    // Links carry whole seconds: a link is good for 15 s and at most one more.
    clock.advance(16_000);
    const expired = await server.call('GET', answer.json.data.url.replace(server.baseUrl, ''));
    assert.equal(expired.status, 403);
    assert.deepEqual(expired.json, expectedError(403, 'signature_expired', expired));
  });

  test('what is recorded: sha256, size, format, dimensions, EXIF time and GPS, camera, perceptual hash', async () => {
    const answer = await uploadRaw(jpeg, 'image/jpeg');
    const row = await server.platform.database.db
      .selectFrom('images')
      .selectAll()
      .where('id', '=', answer.json.data.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.sha256, sha256(jpeg));
    assert.equal(row.bytes, jpeg.length);
    assert.equal(row.format, 'jpeg');
    assert.deepEqual([row.width, row.height], [640, 480]);
    assert.equal(row.taken_at?.toISOString(), '2026-11-20T05:30:00.000Z');
    assert.ok(
      Math.abs((row.gps_lat ?? 0) - 37.55) < 0.001 && Math.abs((row.gps_lng ?? 0) - 126.9667) < 0.001,
    );
    assert.deepEqual([row.exif_make, row.exif_model], ['samsung', 'SM-N981N']);
    assert.match(row.perceptual_hash, /^[0-9a-f]{16}$/);
  });

  test('a tampered link is 403 signature_invalid', async () => {
    const { json } = await uploadRaw(jpeg, 'image/jpeg');
    const path = json.data.url.replace(server.baseUrl, '');
    const flip = (char: string) => (char === 'a' ? 'b' : 'a');
    const tampered = await server.call(
      'GET',
      path.replace(/sig=(.)/, (_m: string, c: string) => `sig=${flip(c)}`),
    );
    assert.equal(tampered.status, 403);
    assert.deepEqual(tampered.json, expectedError(403, 'signature_invalid', tampered));
    const otherFile = await server.call(
      'GET',
      path.replace(/images\/(.)/, (_m: string, c: string) => `images/${flip(c)}`),
    );
    assert.equal(otherFile.status, 403);
  });

  test('multipart PNG and raw WebP are accepted', async () => {
    const png = await uploadForm(await plain('png'), 'image/png');
    assert.equal(png.status, 201);
    const webp = await uploadRaw(await plain('webp'), 'image/webp');
    assert.equal(webp.status, 201);
  });

  test('a multipart form without a boundary, or cut off inside its file, is 400 and stores nothing', async () => {
    const before = await server.platform.database.db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const send = (body: Buffer, contentType: string) =>
      server.call('POST', '/cp-insurance/image/', { key, body, headers: { 'content-type': contentType } });
    const noBoundary = await send(jpeg, 'multipart/form-data');
    assert.deepEqual(noBoundary.json, expectedError(400, 'invalid_image', noBoundary, { field: 'file' }));
    // Used to hang: the part's stream failed before intake listened, and never ended.
    const head = 'Content-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg';
    const cut = Buffer.concat([Buffer.from(`--x\r\n${head}\r\n\r\n`), jpeg.subarray(0, 100)]);
    const truncated = await send(cut, 'multipart/form-data; boundary=x');
    assert.deepEqual(truncated.json, expectedError(400, 'invalid_image', truncated));
    const after = await server.platform.database.db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('the type comes from the bytes, not the header', async () => {
    const answer = await uploadRaw(await plain('png'), 'image/jpeg');
    assert.equal(answer.status, 201);
    const row = await server.platform.database.db
      .selectFrom('images')
      .select('format')
      .where('id', '=', answer.json.data.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.format, 'png');
  });

  test('GET /image/{id}/ gives the owner a fresh link; another partner, another mode and unknown ids get 404', async () => {
    const { json } = await uploadRaw(jpeg, 'image/jpeg');
    const own = await server.call('GET', `/cp-insurance/image/${json.data.id}/`, { key });
    assert.equal(own.status, 200);
    assert.deepEqual(Object.keys(own.json.data), ['url']);
    assert.equal((await fetch(own.json.data.url)).status, 200);

    const stranger = (await server.partner()).apiKey;
    const liveKey = (
      await server.platform.affiliates.createKey(
        (
          await server.platform.database.db
            .selectFrom('api_keys')
            .select('affiliate_id')
            .executeTakeFirstOrThrow()
        ).affiliate_id,
        'live',
        { kind: 'cli' },
      )
    ).api_key;
    for (const [apiKey, id] of [
      [stranger, json.data.id],
      [liveKey, json.data.id],
      [key, '00000000-0000-4000-8000-000000000000'],
      [key, 'not-a-uuid'],
    ]) {
      const answer = await server.call('GET', `/cp-insurance/image/${id}/`, { key: apiKey });
      assert.equal(answer.status, 404, `${id}`);
      assert.deepEqual(answer.json, expectedError(404, 'not_found', answer));
    }
  });

  test('refused uploads get 4xx naming the accepted formats, and nothing is stored', async () => {
    const countBefore = await imageCount();
    const filesBefore = await storedFiles();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    const cases: Array<[Buffer, string, number, string]> = [
      [heicHeader(), 'image/jpeg', 415, 'unsupported_media_type'],
      [await plain('gif'), 'image/jpeg', 415, 'unsupported_media_type'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png', 415, 'unsupported_media_type'],
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'image/jpeg', 415, 'unsupported_media_type'],
      [Buffer.alloc(0), 'image/jpeg', 400, 'invalid_image'],
      [truncated, 'image/jpeg', 400, 'invalid_image'],
      [
        Buffer.concat([jpeg, Buffer.from('PK\u0003\u0004 a zip file follows')]),
        'image/jpeg',
        400,
        'invalid_image',
      ],
      [pngBomb(20_000, 20_000), 'image/png', 400, 'invalid_image'],
      [Buffer.alloc(400 * 1024, 0xff), 'image/jpeg', 413, 'payload_too_large'],
      [jpeg, 'image/heic', 415, 'unsupported_media_type'],
      [jpeg, 'image/gif', 415, 'unsupported_media_type'],
    ];
    for (const [body, type, status, code] of cases) {
      const answer = await uploadRaw(body, type);
      assert.equal(answer.status, status, `${type} ${body.subarray(0, 8).toString('hex')}: ${answer.text}`);
      assert.deepEqual(answer.json, expectedError(status, code, answer));
      if (status === 415) assert.match(answer.json.error.message, /JPEG|image\/jpeg/);
    }
    const formHeic = await uploadForm(heicHeader(), 'image/heic', 'IMG_0001.HEIC');
    assert.equal(formHeic.status, 415);
    assert.equal(await imageCount(), countBefore);
    assert.equal(await storedFiles(), filesBefore);
    assert.deepEqual(await readdir(join(server.platform.config.dataDir, 'tmp')), []);
  });

  test('an upload without a key is refused before anything is read', async () => {
    const answer = await server.call('POST', '/cp-insurance/image/', {
      body: jpeg,
      headers: { 'content-type': 'image/jpeg' },
    });
    assert.equal(answer.status, 401);
  });
});

describe('images on S3-compatible storage (s3rver on 127.0.0.1)', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let server: TestServer;
  let key: string;
  before(async () => {
    s3 = await startS3rver(['cpi-images']);
    server = await startTestServer({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'cpi-images',
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    key = (await server.partner()).apiKey;
  });
  after(async () => {
    await server.close();
    await s3.close();
  });

  test('an upload lands in the bucket and the answer is a 15-second presigned GET', async () => {
    const jpeg = await photoJpeg();
    const answer = await server.call('POST', '/cp-insurance/image/', {
      key,
      body: jpeg,
      headers: { 'content-type': 'image/jpeg' },
    });
    assert.equal(answer.status, 201);
    const url = new URL(answer.json.data.url);
    assert.equal(url.origin, s3.endpoint);
    assert.equal(url.searchParams.get('X-Amz-Expires'), '15');
    const file = await fetch(url);
    assert.equal(file.status, 200);
    assert.equal(sha256(Buffer.from(await file.arrayBuffer())), sha256(jpeg));
    const again = await server.call('GET', `/cp-insurance/image/${answer.json.data.id}/`, { key });
    assert.equal((await fetch(again.json.data.url)).status, 200);
  });
});
