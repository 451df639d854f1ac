/**
 * Image abuse through the real upload, then through the decoders that really read the file: step-1's
 * OCR of the "About phone" screenshot and step-2's photo checks on the piscina pool. The corpus is
 * built here (sharp and hand-made headers), nothing large is committed: decompression bombs over and
 * within the pixel limit, polyglots and foreign magic numbers under an image type, fixtures cut at
 * several offsets, and a fast-check-seeded, bounded mutation loop over the real fixtures.
 *
 * Every answer must be a 2xx or a 4xx in the error envelope, within 30 s; refusals store nothing;
 * afterwards the server is healthy and a normal contract flow, QR checks included, still works. The
 * peak RSS covers the worker threads too: the OCR and photo-check workers are threads of this process.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { crc32, createDeflate } from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { renderPhoto } from '../../scripts/generate-photos.js';
import { PHOTO_VARIANTS } from '../../scripts/photo-variants.js';
import { TEST_IMEIS } from '../../src/modules/contracts/test-imeis.js';
import {
  claimPhotos,
  contractInStatus,
  customerBody,
  newPhone,
  type Phone,
  SEOUL,
} from '../helpers/contract-flow.js';
import { databaseFingerprint } from '../helpers/db-fingerprint.js';
import { type Answer, expectedError, startTestServer, type TestServer } from '../helpers/platform.js';
import { pngBomb, pngChunk } from '../images/image-bytes.js';

const SEED = 20261208;
const MUTANTS = 180;
/** A request without an answer by then is a hang, reported as a failure. */
const DEADLINE_MS = 30_000;
/** The default IMAGE_MAX_PIXELS: bombs "within the limit" sit just under it. */
const MAX_PIXELS = 50_000_000;
const RSS_BOUND_MB = 1536;
const SCREENSHOTS = join(import.meta.dirname, '../fixtures/screenshots');

type Format = 'png' | 'jpeg' | 'webp';
const TYPE: Record<Format, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

interface Fixture {
  name: string;
  bytes: Buffer;
  format: Format;
  /** Where the platform decodes it after the upload. */
  use: 'screenshot' | 'photo';
}

// ---------------------------------------------------------------------------------------------------
// The corpus

/**
 * A complete, valid white PNG of width × height, 1-bit grey so that even 30000×30000 deflates from
 * 112 MB of rows to ~110 KB in a second. Decoders expand it to one byte (or more) per pixel.
 */
async function whitePng(width: number, height: number): Promise<Buffer> {
  const row = Buffer.alloc(1 + Math.ceil(width / 8), 0xff);
  row[0] = 0; // filter type: none
  const rowsPerChunk = Math.max(1, Math.floor(1_048_576 / row.length));
  const chunk = Buffer.concat(Array.from({ length: rowsPerChunk }, () => row));
  const rows = function* () {
    for (let y = 0; y < height; y += rowsPerChunk) {
      yield chunk.subarray(0, Math.min(rowsPerChunk, height - y) * row.length);
    }
  };
  const idat: Buffer[] = [];
  await pipeline(Readable.from(rows()), createDeflate({ level: 9 }), async (deflated) => {
    for await (const part of deflated) idat.push(part as Buffer);
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth; colour type 0 (grey), no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(idat)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const smallJpeg = () =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();

/** A 64×64 JPEG whose frame header (SOF) claims width × height: the entropy data stays 64×64's. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await smallJpeg());
  let pos = 2;
  while (jpeg[pos + 1] !== 0xc0 && jpeg[pos + 1] !== 0xc2) pos += 2 + jpeg.readUInt16BE(pos + 2);
  jpeg.writeUInt16BE(height, pos + 5);
  jpeg.writeUInt16BE(width, pos + 7);
  return jpeg;
}

/** A lossy 64×64 WebP whose VP8 frame header claims 16383×16383, the format's largest size. */
async function webpClaimingMax(): Promise<Buffer> {
  const webp = Buffer.from(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6' } })
      .webp()
      .toBuffer(),
  );
  assert.equal(webp.toString('latin1', 12, 16), 'VP8 ', 'a simple lossy WebP');
  webp.writeUInt16LE(16383, 26);
  webp.writeUInt16LE(16383, 28);
  return webp;
}

/** A real ZIP (one stored file) whose offsets count from the start of the file it is appended to. */
function zipAppendedTo(head: Buffer): Buffer {
  const name = Buffer.from('payload.html');
  const data = Buffer.from('<script>alert(1)</script>');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(head.length, 42); // where the local header is
  const centralAt = head.length + local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([head, local, name, data, central, name, end]);
}

/** A JPEG carrying an HTML page in a comment segment: a valid image, served as one with nosniff. */
async function jpegWithHtmlComment(): Promise<Buffer> {
  const jpeg = await smallJpeg();
  const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(html.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, html, jpeg.subarray(2)]);
}

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
);

/** The real fixtures the mutation loop and the truncations start from. */
async function loadFixtures(): Promise<Fixture[]> {
  const screenshot = (file: string) => readFile(join(SCREENSHOTS, file));
  const [android, ios] = await Promise.all([
    screenshot('01-android-ko-light.png'),
    screenshot('04-ios-en-dark.png'),
  ]);
  const straight = PHOTO_VARIANTS.find((variant) => variant.name === 'straight');
  assert.ok(straight);
  // A smaller frame than the 1600×1200 default keeps each photo check of the loop short.
  const photo = await renderPhoto({ ...straight, size: [800, 600] }, { key: 'cpq1_mutant', otherKey: 'x' });
  return [
    { name: 'android screenshot (PNG)', bytes: android, format: 'png', use: 'screenshot' },
    { name: 'iOS screenshot (PNG)', bytes: ios, format: 'png', use: 'screenshot' },
    // Partners also send screenshots as JPEG; a JPEG mutant still decodes far more often than a PNG's.
    {
      name: 'android screenshot (JPEG)',
      bytes: await sharp(android).jpeg({ quality: 85 }).toBuffer(),
      format: 'jpeg',
      use: 'screenshot',
    },
    { name: 'camera photo (JPEG)', bytes: photo, format: 'jpeg', use: 'photo' },
    {
      name: 'camera photo (WebP)',
      bytes: await sharp(photo).keepExif().webp({ quality: 80 }).toBuffer(),
      format: 'webp',
      use: 'photo',
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Mutations: flips, overwrites, insertions and deletions, biased towards the headers.

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number };

const position = fc.oneof(fc.nat(64), fc.nat(2048), fc.nat());
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.constantFrom(0, 0xff, 0x7f, 0x80) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 16 }) }),
);

function mutate(source: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(source);
  for (const m of mutations) {
    const at = m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] = (bytes[at] as number) ^ (1 << m.bit);
    else if (m.kind === 'set') bytes[at] = m.value;
    else if (m.kind === 'insert')
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

describe('image abuse: bombs, polyglots, truncated and mutated files', () => {
  const rssAtStart = rssMb();
  let server: TestServer;
  let key: string;
  let fixtures: Fixture[];
  const tally = {
    requests: 0,
    hangs: 0,
    byStatus: new Map<number, number>(),
    cases: new Map<string, number>(),
  };
  /** Every image id the server answered 201 for: the only rows and files that may exist. */
  const accepted = new Set<string>();
  const slowest = { ms: 0, label: '' };

  before(async () => {
    // A generous rate limit: this suite measures the decoders, not the limiter.
    server = await startTestServer({ OCR_WORKERS: '1', RATE_LIMIT_PER_MINUTE: '1000000' });
    key = (await server.partner('test')).apiKey;
    fixtures = await loadFixtures();
  });
  after(() => server?.close());

  const countCase = (name: string) => tally.cases.set(name, (tally.cases.get(name) ?? 0) + 1);

  /** One request with a deadline: a hang fails the test instead of stalling the suite. */
  async function request(
    method: string,
    path: string,
    options: { body?: Buffer | FormData; json?: unknown; headers?: Record<string, string> },
    label: string,
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'X-ITECHS-API-KEY': key, ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      body = Buffer.from(JSON.stringify(options.json));
      headers['content-type'] = 'application/json';
    }
    const started = Date.now();
    tally.requests += 1;
    try {
      const response = await fetch(server.baseUrl + path, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(DEADLINE_MS),
      });
      const text = await response.text();
      const answer = { status: response.status, url: new URL(response.url), headers: response.headers, text };
      tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
      return { ...answer, json: parseJson(text) };
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      tally.hangs += 1;
      return assert.fail(`${label}: no answer within ${DEADLINE_MS / 1000} s`);
    } finally {
      const ms = Date.now() - started;
      if (ms > slowest.ms) Object.assign(slowest, { ms, label });
    }
  }

  /** A 2xx, or a 4xx in the exact error envelope; never a 5xx. */
  function assertSettled(answer: Answer, label: string): void {
    const context = `${label}: ${answer.status} ${answer.text.slice(0, 300)}`;
    assert.ok(
      answer.status >= 200 && answer.status < 500 && (answer.status < 300 || answer.status >= 400),
      context,
    );
    if (answer.status < 400) return;
    const { code, field } = answer.json?.error ?? {};
    assert.equal(typeof code, 'string', context);
    assert.deepEqual(
      answer.json,
      expectedError(answer.status, code, answer, field ? { field } : {}),
      context,
    );
  }

  async function uploadRaw(bytes: Buffer, type: string, label: string): Promise<Answer> {
    const answer = await request(
      'POST',
      '/cp-insurance/image/',
      { body: bytes, headers: { 'content-type': type } },
      label,
    );
    assertSettled(answer, label);
    if (answer.status === 201) accepted.add(answer.json.data.id);
    return answer;
  }

  async function uploadForm(bytes: Buffer, type: string, filename: string, label: string): Promise<Answer> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), filename);
    const answer = await request('POST', '/cp-insurance/image/', { body: form }, label);
    assertSettled(answer, label);
    if (answer.status === 201) accepted.add(answer.json.data.id);
    return answer;
  }

  function assertRefused(answer: Answer, status: number, code: string, label: string): void {
    assert.equal(answer.status, status, `${label}: ${answer.text.slice(0, 300)}`);
    assert.equal(answer.json.error.code, code, label);
  }

  const uploadedId = async (bytes: Buffer, format: Format, label: string) => {
    const answer = await uploadRaw(bytes, TYPE[format], label);
    assert.equal(answer.status, 201, `${label}: ${answer.text.slice(0, 300)}`);
    return answer.json.data.id as string;
  };

  // --- step-1: one contract takes up to 5 failed device checks, then a fresh one is made ----------

  let ocrTarget: { contractId: string; phone: Phone; attempts: number } | null = null;

  async function newContract(): Promise<{ contractId: string; phone: Phone }> {
    const phone = newPhone();
    const cid = `abuse-${tally.requests}`;
    const created = await request(
      'POST',
      '/cp-insurance/contract/create/',
      { json: customerBody(cid, phone) },
      'create',
    );
    assert.equal(created.status, 201, created.text);
    return { contractId: created.json.data.contract_id, phone };
  }

  /**
   * step-1 with the image as the screenshot. The app reports the contract's own IMEI, which no
   * fixture shows, so every reading fails the device check: the contract stays in status 0.
   */
  async function readAsScreenshot(imageId: string, label: string): Promise<void> {
    if (!ocrTarget || ocrTarget.attempts === 5) ocrTarget = { ...(await newContract()), attempts: 0 };
    ocrTarget.attempts += 1;
    const { contractId, phone } = ocrTarget;
    const answer = await request(
      'POST',
      `/cp-insurance/contract/${contractId}/step-1/`,
      {
        json: {
          device_info: { imei: phone.imei, model: phone.model },
          device_info_image: imageId,
          location: SEOUL,
        },
      },
      `${label} at step-1`,
    );
    assertSettled(answer, `${label} at step-1`);
    assert.equal(answer.status, 200, `${label} at step-1: ${answer.text.slice(0, 300)}`);
    assert.equal(answer.json.data.status, 0, label);
    assert.equal(answer.json.data.inspection.result, false, label);
  }

  /** A contract in status 1 without OCR: the sandbox's always-reading test IMEI. */
  async function registeredContract(): Promise<string> {
    const { contractId } = await newContract();
    const screenshot = await uploadedId(fixtures[0]?.bytes as Buffer, 'png', 'step-1 screenshot');
    const answer = await request(
      'POST',
      `/cp-insurance/contract/${contractId}/step-1/`,
      {
        json: {
          device_info: { imei: TEST_IMEIS.reads.imei },
          device_info_image: screenshot,
          location: SEOUL,
        },
      },
      'step-1 with the test IMEI',
    );
    assert.equal(answer.json?.data?.status, 1, answer.text);
    return contractId;
  }

  /** step-2 with six images (the first three as front photos, which get the QR check too). */
  async function checkAsPhotos(imageIds: string[], label: string): Promise<void> {
    assert.equal(imageIds.length, 6);
    const contractId = await registeredContract();
    const answer = await request(
      'POST',
      `/cp-insurance/contract/${contractId}/step-2/`,
      {
        json: {
          front_image: imageIds.slice(0, 3),
          rear_image: imageIds.slice(3),
          location: SEOUL,
          checkout_url: 'https://partner.example/pay/1',
        },
      },
      `${label} at step-2`,
    );
    assertSettled(answer, `${label} at step-2`);
    assert.equal(answer.status, 200, `${label} at step-2: ${answer.text.slice(0, 300)}`);
    assert.equal(answer.json.data.status, 2, label);
    assert.equal(answer.json.data.checks.photos.length, 6, label);
  }

  /** Photos in sixes; the last six are filled up with fresh uploads of the clean photo fixture. */
  async function checkAllAsPhotos(imageIds: string[], label: string): Promise<void> {
    const photo = fixtures.find((fixture) => fixture.use === 'photo' && fixture.format === 'jpeg') as Fixture;
    for (let at = 0; at < imageIds.length; at += 6) {
      const six = imageIds.slice(at, at + 6);
      while (six.length < 6) six.push(await uploadedId(photo.bytes, 'jpeg', 'clean photo'));
      await checkAsPhotos(six, `${label} #${at / 6 + 1}`);
    }
  }

  const fingerprint = () => databaseFingerprint(server.platform.database.db);

  // ---------------------------------------------------------------------------------------------

  test('decompression bombs over the pixel limit are refused from the header, before any decode', async () => {
    const before_ = await fingerprint();
    const bombs: [string, Buffer, Format, string][] = [
      ['PNG 30000×30000 of one colour', await whitePng(30_000, 30_000), 'png', '30000×30000'],
      [
        'PNG whose IHDR claims 65535×65535, with 100 rows of data',
        pngBomb(65_535, 65_535),
        'png',
        '65535×65535',
      ],
      ['JPEG whose SOF claims 60000×60000', await jpegClaiming(60_000, 60_000), 'jpeg', '60000×60000'],
      ['WebP whose VP8 header claims 16383×16383', await webpClaimingMax(), 'webp', '16383×16383'],
    ];
    for (const [label, bytes, format, size] of bombs) {
      countCase('bomb over the limit');
      const answer = await uploadRaw(bytes, TYPE[format], label);
      assertRefused(answer, 400, 'invalid_image', label);
      assert.ok(
        answer.json.error.message.includes(`${size} pixels`),
        `${label}: ${answer.json.error.message}`,
      );
    }
    // Within the limit by its header, but the rows are missing: refused when the pixels do not decode.
    countCase('bomb over the limit');
    const short = await uploadRaw(pngBomb(7000, 7000), 'image/png', 'PNG 7000×7000 with 100 rows of data');
    assertRefused(short, 400, 'invalid_image', 'PNG 7000×7000 with 100 rows');
    assert.match(short.json.error.message, /does not decode/);
    assert.deepEqual(await fingerprint(), before_);
  });

  test('polyglots and foreign magic numbers under an image type are refused', async () => {
    const before_ = await fingerprint();
    const [android, , , photo, webp] = fixtures.map((fixture) => fixture.bytes) as Buffer[];
    const cases: [string, () => Promise<Answer>, number, string][] = [
      [
        'PNG + ZIP',
        () => uploadRaw(zipAppendedTo(android as Buffer), 'image/png', 'PNG + ZIP'),
        400,
        'invalid_image',
      ],
      [
        'JPEG + HTML',
        () => uploadRaw(Buffer.concat([photo as Buffer, HTML]), 'image/jpeg', 'JPEG + HTML'),
        400,
        'invalid_image',
      ],
      [
        'JPEG + ZIP',
        () => uploadRaw(zipAppendedTo(photo as Buffer), 'image/jpeg', 'JPEG + ZIP'),
        400,
        'invalid_image',
      ],
      [
        'WebP + HTML',
        () => uploadRaw(Buffer.concat([webp as Buffer, HTML]), 'image/webp', 'WebP + HTML'),
        400,
        'invalid_image',
      ],
      [
        'SVG as image/jpeg',
        () => uploadRaw(SVG, 'image/jpeg', 'SVG as image/jpeg'),
        415,
        'unsupported_media_type',
      ],
      [
        'HTML as image/png',
        () => uploadRaw(HTML, 'image/png', 'HTML as image/png'),
        415,
        'unsupported_media_type',
      ],
      [
        'SVG in a form as photo.jpg',
        () => uploadForm(SVG, 'image/jpeg', 'photo.jpg', 'SVG form'),
        415,
        'unsupported_media_type',
      ],
      [
        'GIF magic as image/png',
        () => uploadRaw(Buffer.concat([Buffer.from('GIF89a'), HTML]), 'image/png', 'GIF'),
        415,
        'unsupported_media_type',
      ],
      [
        'PDF magic as image/jpeg',
        () => uploadRaw(Buffer.concat([Buffer.from('%PDF-1.7\n'), HTML]), 'image/jpeg', 'PDF'),
        415,
        'unsupported_media_type',
      ],
      [
        'EXE (MZ) magic as image/webp',
        () =>
          uploadRaw(
            Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), Buffer.alloc(120)]),
            'image/webp',
            'EXE',
          ),
        415,
        'unsupported_media_type',
      ],
      [
        'ZIP magic as image/jpeg',
        () => uploadRaw(zipAppendedTo(Buffer.alloc(0)), 'image/jpeg', 'ZIP'),
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [label, send, status, code] of cases) {
      countCase('polyglot or foreign magic refused');
      assertRefused(await send(), status, code, label);
    }
    assert.deepEqual(await fingerprint(), before_);
  });

  test('a JPEG with HTML in a comment segment is an image: accepted, served as image/jpeg with nosniff, checked', async () => {
    countCase('polyglot inside metadata, accepted');
    const answer = await uploadRaw(await jpegWithHtmlComment(), 'image/jpeg', 'JPEG with an HTML comment');
    assert.equal(answer.status, 201, answer.text);
    const served = await fetch(answer.json.data.url, { signal: AbortSignal.timeout(DEADLINE_MS) });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    await served.arrayBuffer();
    await readAsScreenshot(answer.json.data.id, 'JPEG with an HTML comment');
  });

  test('truncated fixtures are refused at every cut: 415 before the magic number is whole, 400 after', async () => {
    const before_ = await fingerprint();
    const signature: Record<Format, number> = { jpeg: 3, png: 8, webp: 12 };
    for (const fixture of fixtures.filter((f) => f.name !== 'iOS screenshot (PNG)')) {
      const size = fixture.bytes.length;
      for (const cut of [2, 8, 16, 100, 1024, Math.floor(size / 2), size - 12, size - 1]) {
        const label = `${fixture.name} cut at ${cut} of ${size}`;
        countCase('truncated');
        const answer = await uploadRaw(fixture.bytes.subarray(0, cut), TYPE[fixture.format], label);
        if (cut < signature[fixture.format]) assertRefused(answer, 415, 'unsupported_media_type', label);
        else assertRefused(answer, 400, 'invalid_image', label);
      }
    }
    assert.deepEqual(await fingerprint(), before_);
  });

  test('bombs within the pixel limit are accepted, and step-1 OCR and the step-2 checks get through them', async (t) => {
    const side = Math.floor(Math.sqrt(MAX_PIXELS - 1)); // 7071×7071, just under the limit
    const pngBytes = await whitePng(side, side);
    // A frame header of 7000×7000 over 64×64 of data: structurally whole, its pixels run out early.
    const jpegBytes = await jpegClaiming(7000, 7000);
    const started = Date.now();
    // An image belongs to the contract that used it first: each use gets its own upload.
    const screenshotAndPhoto: [string, Buffer, Format][] = [
      [`white PNG ${side}×${side}`, pngBytes, 'png'],
      ['JPEG claiming 7000×7000', jpegBytes, 'jpeg'],
    ];
    const bombs: string[] = [];
    let jpegStatus = 0;
    for (const [label, bytes, format] of screenshotAndPhoto) {
      countCase('bomb within the limit');
      const first = await uploadRaw(bytes, TYPE[format], label);
      jpegStatus = first.status;
      if (first.status !== 201) {
        assertRefused(first, 400, 'invalid_image', label);
        continue;
      }
      await readAsScreenshot(first.json.data.id, label);
      bombs.push(await uploadedId(bytes, format, label));
    }
    await checkAllAsPhotos(bombs, 'bombs within the limit');
    t.diagnostic(
      `JPEG claiming 7000×7000: ${jpegStatus}; OCR and checks of the bombs ${Date.now() - started} ms; peak RSS ${rssMb()} MB`,
    );
  });

  test(`${MUTANTS} seeded mutants of the fixtures: refused with a 4xx, or accepted and read without error`, async (t) => {
    const screenshots: { id: string; label: string }[] = [];
    const photos: { id: string; label: string }[] = [];
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(fixtures.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (index, mutations) => {
          const fixture = fixtures[index] as Fixture;
          const label = `${fixture.name} with ${JSON.stringify(mutations)}`;
          countCase(`mutant of the ${fixture.use === 'photo' ? 'photos' : 'screenshots'}`);
          const answer = await uploadRaw(mutate(fixture.bytes, mutations), TYPE[fixture.format], label);
          if (answer.status !== 201) {
            refused += 1;
            return;
          }
          (fixture.use === 'photo' ? photos : screenshots).push({ id: answer.json.data.id, label });
        },
      ),
      { seed: SEED, numRuns: MUTANTS, endOnFailure: true },
    );
    for (const { id, label } of screenshots) await readAsScreenshot(id, label);
    await checkAllAsPhotos(
      photos.map((photo) => photo.id),
      `${photos.length} photo mutants`,
    );
    t.diagnostic(
      `mutants ${MUTANTS}: refused ${refused}, accepted ${screenshots.length} screenshots (OCR) and ${photos.length} photos (checks)`,
    );
  });

  test('afterwards: nothing refused was stored, the server is healthy, a valid flow still works', async (t) => {
    const { db } = server.platform.database;
    const rows = await db.selectFrom('images').select('id').execute();
    assert.deepEqual(rows.map((row) => row.id).sort(), [...accepted].sort());
    const files = async (folder: string) =>
      (
        await readdir(join(server.platform.config.dataDir, folder), {
          recursive: true,
          withFileTypes: true,
        }).catch(() => [])
      ).filter((entry) => entry.isFile()).length;
    assert.equal(await files('images'), accepted.size, 'one stored file per accepted image');
    assert.equal(await files('tmp'), 0, 'no spool or review copy is left behind');

    const health = await request('GET', '/healthz', {}, 'healthz');
    assert.equal(health.status, 200);
    // The whole flow with a real OCR read and real QR checks: the worker pools are still serving.
    const state = await contractInStatus(server, key, 1);
    const photos = await claimPhotos(state.qrKey as string);
    const ids = await Promise.all(
      [...photos.front, ...photos.rear].map((bytes) => uploadedId(bytes, 'jpeg', 'valid photo')),
    );
    const step2 = await request(
      'POST',
      `/cp-insurance/contract/${state.contractId}/step-2/`,
      {
        json: {
          front_image: ids.slice(0, 3),
          rear_image: ids.slice(3),
          location: SEOUL,
          checkout_url: 'https://partner.example/pay/1',
        },
      },
      'valid step-2',
    );
    assert.equal(step2.status, 200, step2.text);
    assert.equal(step2.json.data.status, 2);
    assert.equal(step2.json.data.checks.qr_matched, 3);

    const peak = rssMb();
    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b);
    t.diagnostic(`cases: ${[...tally.cases].map(([name, n]) => `${name} ${n}`).join('; ')}`);
    t.diagnostic(
      `requests ${tally.requests}; answers ${statuses.map(([s, n]) => `${s}×${n}`).join(', ')}; hangs ${tally.hangs}`,
    );
    t.diagnostic(`slowest answer ${slowest.ms} ms (${slowest.label.slice(0, 120)})`);
    t.diagnostic(
      `peak RSS (process, worker threads included): ${rssAtStart} MB at start, ${peak} MB at the end`,
    );
    assert.equal(tally.hangs, 0);
    assert.ok(statuses.every(([status]) => status < 500));
    assert.ok(peak < RSS_BOUND_MB, `peak RSS ${peak} MB, bound ${RSS_BOUND_MB} MB`);
  });
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
