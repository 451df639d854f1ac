import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import {
  ImageRejectedError,
  type IntakeOptions,
  type RejectionReason,
  receiveImage,
} from '../../src/modules/images/intake/upload-intake.js';
import { heicHeader, pngBomb, samsungTrailer } from './image-bytes.js';

const MB = 1024 * 1024;
let tmpDir: string;
let options: IntakeOptions;

before(async () => {
  tmpDir = await mkdtemp(join(tmpdir(), 'cp-intake-'));
  options = { maxBytes: 15 * MB, maxPixels: 50_000_000, tmpDir };
});
after(() => rm(tmpDir, { recursive: true, force: true }));

/** Delivers a buffer in small chunks, as a network body arrives. */
function body(data: Buffer, chunkSize = 4096): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunkSize) yield data.subarray(at, at + chunkSize);
    })(),
  );
}

const canvas = (width = 120, height = 80) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } });

const seoulExif = {
  IFD0: { Make: 'samsung', Model: 'SM-S918N' },
  IFD2: { DateTimeOriginal: '2026:11:20 14:03:05', OffsetTimeOriginal: '+09:00' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '37/1 33/1 3000/100',
    GPSLongitudeRef: 'E',
    GPSLongitude: '126/1 58/1 4000/100',
  },
};

let jpeg: Buffer;
before(async () => {
  jpeg = await canvas().jpeg().toBuffer();
});

async function rejection(data: Buffer | Promise<unknown>, reason: RejectionReason) {
  const error = await (Buffer.isBuffer(data) ? receiveImage(body(data), options) : data).then(
    () => assert.fail(`expected a '${reason}' rejection`),
    (err: unknown) => err,
  );
  assert.ok(error instanceof ImageRejectedError, String(error));
  assert.equal(error.reason, reason, error.message);
  assert.deepEqual(await readdir(tmpDir), [], 'the temp file is removed');
  return error;
}

describe('accepted uploads', () => {
  test('a JPEG with EXIF time and GPS: hash, size, dimensions, capture time and place', async () => {
    const data = await canvas().withExif(seoulExif).jpeg().toBuffer();
    const image = await receiveImage(body(data), options);
    assert.equal(image.format, 'jpeg');
    assert.equal(image.mime, 'image/jpeg');
    assert.equal(image.bytes, data.length);
    assert.equal(image.sha256, createHash('sha256').update(data).digest('hex'));
    assert.deepEqual([image.width, image.height], [120, 80]);
    assert.equal(image.takenAt?.toISOString(), '2026-11-20T05:03:05.000Z');
    assert.ok(image.gps);
    assert.ok(Math.abs(image.gps.lat - 37.558333) < 1e-5 && Math.abs(image.gps.lng - 126.977778) < 1e-5);
    assert.deepEqual(await readFile(image.tmpPath), data);
    await rm(image.tmpPath);
  });

  test('a PNG without EXIF has no time or place', async () => {
    const data = await canvas(33, 44).png().toBuffer();
    const image = await receiveImage(body(data), options);
    assert.deepEqual(
      { format: image.format, mime: image.mime, width: image.width, height: image.height },
      { format: 'png', mime: 'image/png', width: 33, height: 44 },
    );
    assert.equal(image.takenAt, null);
    assert.equal(image.gps, null);
    await rm(image.tmpPath);
  });

  test('a WebP; a capture time without offset is read as Korean time', async () => {
    const exif = { IFD2: { DateTimeOriginal: '2026:01:02 03:04:05' } };
    const data = await canvas().withExif(exif).webp().toBuffer();
    const image = await receiveImage(body(data), options);
    assert.equal(image.format, 'webp');
    assert.equal(image.mime, 'image/webp');
    assert.equal(image.takenAt?.toISOString(), '2026-01-01T18:04:05.000Z');
    await rm(image.tmpPath);
  });

  test('dimensions are reported as displayed (EXIF orientation applied)', async () => {
    const data = await canvas(64, 48).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const image = await receiveImage(body(data), options);
    assert.deepEqual([image.width, image.height], [48, 64]);
    await rm(image.tmpPath);
  });

  test("phone-camera trailers are accepted: padding, appended JPEG streams (MPF), Samsung's SEF", async () => {
    const gainMap = await canvas(30, 20).jpeg().toBuffer();
    const samsung = samsungTrailer('Image_UTC_Data', Buffer.from('1763614985000'));
    for (const data of [
      Buffer.concat([jpeg, Buffer.alloc(512)]),
      Buffer.concat([jpeg, gainMap]),
      Buffer.concat([jpeg, Buffer.alloc(3), gainMap, samsung]),
    ]) {
      const image = await receiveImage(body(data), options);
      assert.equal(image.bytes, data.length);
      await rm(image.tmpPath);
    }
  });
});

describe('refused uploads (the temp directory is empty after each)', () => {
  test('HEIC, by its bytes, whatever the client claims', async () => {
    const error = await rejection(heicHeader(), 'unsupported_type');
    assert.match(error.message, /HEIC/);
    assert.match(error.message, /JPEG, PNG, WebP/);
    assert.equal(error.status, 415);
  });

  test('GIF, TIFF, AVIF, BMP, PDF, SVG, HTML and unknown bytes, each named when recognised', async () => {
    const small = canvas(8, 8);
    const cases: Array<[Buffer, RegExp]> = [
      [await small.clone().gif().toBuffer(), /^GIF is not accepted/],
      [await small.clone().tiff().toBuffer(), /^TIFF/],
      [await small.clone().avif().toBuffer(), /^AVIF/],
      [Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(100)]), /^BMP/],
      [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), /^PDF/],
      [
        Buffer.from('\ufeff  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        /^SVG/,
      ],
      [Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), /^SVG/],
      [Buffer.from('<!doctype html><html><body>hello</body></html>'), /^HTML/],
      [Buffer.from('just some text, long enough to sniff'), /^This file type/],
    ];
    for (const [data, message] of cases) {
      const error = await rejection(data, 'unsupported_type');
      assert.match(error.message, message);
      assert.match(error.message, /Accepted formats: JPEG, PNG, WebP/);
    }
  });

  test('an empty body', async () => {
    const error = await rejection(Buffer.alloc(0), 'empty');
    assert.equal(error.status, 400);
  });

  test('a truncated JPEG, PNG and WebP', async () => {
    const png = await canvas().png().toBuffer();
    const webp = await canvas().webp().toBuffer();
    for (const data of [jpeg, png, webp])
      await rejection(data.subarray(0, Math.floor(data.length * 0.7)), 'corrupt');
  });

  test('polyglots: a ZIP or HTML after the JPEG EOI, data after the PNG IEND or past the WebP RIFF', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 1)]);
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const png = await canvas().png().toBuffer();
    const webp = await canvas().webp().toBuffer();
    for (const data of [
      Buffer.concat([jpeg, zip]),
      Buffer.concat([jpeg, html]),
      Buffer.concat([png, html]),
    ]) {
      const error = await rejection(data, 'corrupt');
      assert.match(error.message, /data follows the end of the (JPEG|PNG) image/);
    }
    await rejection(Buffer.concat([webp, html]), 'corrupt');
    // A forged Samsung footer does not excuse bytes its directory does not account for.
    await rejection(
      Buffer.concat([jpeg, zip, samsungTrailer('Image_UTC_Data', Buffer.from('1'))]),
      'corrupt',
    );
  });

  test('pixel data that does not decode, in a file whose structure is intact', async () => {
    const png = Buffer.from(await canvas().png({ compressionLevel: 9 }).toBuffer());
    const idat = png.indexOf('IDAT', 0, 'latin1');
    png.fill(0x5a, idat + 6, idat + 20); // inside the deflate stream: the chunk CRC no longer matches
    const error = await rejection(png, 'corrupt');
    assert.match(error.message, /does not decode/);
  });

  test('a decompression bomb: a 20000×20000 PNG header is refused before anything is decoded', async () => {
    const error = await rejection(pngBomb(20_000, 20_000), 'too_many_pixels');
    assert.match(error.message, /20000×20000/);
  });

  test('a body over maxBytes is cut off while streaming; the rest is drained, not destroyed', async () => {
    const chunk = Buffer.alloc(16 * 1024);
    let produced = 0;
    let producedWhenRefused = 0;
    const source = Readable.from(
      (function* () {
        yield jpeg;
        for (let i = 0; i < 256; i++) {
          produced += chunk.length;
          yield chunk;
        }
      })(),
    );
    // The intake lets go of the body (unpipes it) the moment it refuses; what was read by then is the
    // limit plus stream buffers, not the whole body.
    source.once('unpipe', () => {
      producedWhenRefused = produced;
    });
    const error = await rejection(receiveImage(source, { ...options, maxBytes: 100 * 1024 }), 'too_large');
    assert.ok(producedWhenRefused < 1024 * 1024, `refused after ${producedWhenRefused} of 4 MB`);
    assert.equal(error.status, 413);
    assert.match(error.message, /larger than 102400 bytes/);
    await finished(source); // ends normally: an HTTP caller can still answer on the connection
  });

  test('a client that fails mid-upload: its error propagates and nothing is left behind', async () => {
    const source = new Readable({ read() {} });
    const pending = receiveImage(source, options);
    source.push(jpeg.subarray(0, 100));
    source.destroy(new Error('client hung up'));
    await assert.rejects(pending, /client hung up/);
    assert.deepEqual(await readdir(tmpDir), []);
  });
});

test('a 20 MB upload is streamed: memory does not grow with the body', async () => {
  // Fresh 64 KiB chunks, as from a socket; a forced collection before each sample leaves only live
  // buffers, so a growth of the order of the body would be the intake gathering chunks.
  const collect = forceGc();
  const samples: number[] = [];
  const sample = () => {
    collect();
    samples.push(process.memoryUsage().arrayBuffers);
  };
  const source = Readable.from(
    (function* () {
      yield jpeg;
      for (let i = 0; i < 320; i++) {
        if (i % 32 === 0) sample();
        yield Buffer.alloc(64 * 1024);
      }
    })(),
  );
  collect();
  const baseline = process.memoryUsage().arrayBuffers;
  const image = await receiveImage(source, { ...options, maxBytes: 25 * MB });
  sample();
  assert.equal(image.bytes, jpeg.length + 20 * MB);
  const growth = Math.max(...samples) - baseline;
  assert.ok(growth < 4 * MB, `array buffers grew by ${(growth / MB).toFixed(1)} MB for a 20 MB body`);
  await rm(image.tmpPath);
});

/** The garbage collector, without needing `--expose-gc` on the test command line. */
function forceGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
