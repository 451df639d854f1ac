import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';
import { ACCEPTED_IMAGE } from '../accepted-image.js';
import { qrKeysEqual } from './qr-key.js';

export interface QrCodesInPhoto {
  found: boolean;
  texts: string[];
  /** True when a code was read mirror-reversed: the photo was taken in a mirror. */
  mirrored: boolean;
}

export interface QrCheck {
  found: boolean;
  matched: boolean;
  mirrored: boolean;
}

interface DecodedQr {
  text: string;
  mirrored: boolean;
}

// Phone photos are 12–50 MP; a QR code filling a fair part of the frame still has 3+ pixels per
// module at this size, and decoding 3 MP instead of 12 MP is what keeps the common case fast.
const FIRST_PASS_MAX_SIDE = 2000;
// The second pass is at full resolution for 12 MP photos, but bounded so a 50 MP upload does not
// need 200 MB of RGBA pixels.
const SECOND_PASS_MAX_SIDE = 4096;
// Up to 4 MP the doubled image (16 MP) still decodes in about 0.2 s.
const UPSCALE_MAX_PIXELS = 4_000_000;

const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  // Phones in dark mode show light-on-dark codes.
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 8,
};

const require = createRequire(import.meta.url);
let readerReady: Promise<unknown> | undefined;

/**
 * zxing-wasm fetches its .wasm from a CDN unless handed the bytes; this box must never reach out,
 * so the binary comes from node_modules, loaded once per process.
 */
function prepareReader(): Promise<unknown> {
  if (!readerReady) {
    readerReady = prepareZXingModule({
      overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')) },
      fireImmediately: true,
    }).catch((error: unknown) => {
      readerReady = undefined;
      throw error;
    });
  }
  return readerReady;
}

async function decode(pipeline: Sharp): Promise<DecodedQr[]> {
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  const results = await readBarcodes(
    { data: pixels, width: info.width, height: info.height },
    READER_OPTIONS,
  );
  return results.filter((r) => r.isValid).map((r) => ({ text: r.text, mirrored: r.isMirrored }));
}

/**
 * Reads every QR code in a photo, mirror-reversed ones included (zxing tries the mirror image of
 * each candidate itself and says so in `isMirrored`). Passes go from cheap to dear and stop at the
 * first that reads anything: downscaled; full resolution (up to 4096 px), for codes small in a
 * large frame; and, for small images (messengers shrink photos), twice the size, where a small
 * code's modules have too few pixels for the finder-pattern search.
 */
async function readQrCodes(image: Buffer): Promise<DecodedQr[]> {
  await prepareReader();
  const { width = 0, height = 0 } = await sharp(image, ACCEPTED_IMAGE).metadata();
  const fitInside = (side: number) =>
    sharp(image, ACCEPTED_IMAGE).resize({
      width: side,
      height: side,
      fit: 'inside',
      withoutEnlargement: true,
    });
  const passes: (() => Sharp)[] = [() => fitInside(FIRST_PASS_MAX_SIDE)];
  if (Math.max(width, height) > FIRST_PASS_MAX_SIDE) passes.push(() => fitInside(SECOND_PASS_MAX_SIDE));
  if (width * height <= UPSCALE_MAX_PIXELS)
    passes.push(() => sharp(image, ACCEPTED_IMAGE).resize({ width: width * 2 }));
  for (const pass of passes) {
    const codes = await decode(pass());
    if (codes.length > 0) return codes;
  }
  return [];
}

export async function findQrCodes(image: Buffer): Promise<QrCodesInPhoto> {
  const codes = await readQrCodes(image);
  return {
    found: codes.length > 0,
    texts: [...new Set(codes.map((c) => c.text))],
    mirrored: codes.some((c) => c.mirrored),
  };
}

/** Whether the photo shows the QR code of `expectedKey`; `mirrored` describes the matching code when there is one. */
export async function checkQrInPhoto(image: Buffer, expectedKey: string): Promise<QrCheck> {
  const codes = await readQrCodes(image);
  const match = codes.find((c) => qrKeysEqual(c.text, expectedKey));
  return {
    found: codes.length > 0,
    matched: match !== undefined,
    mirrored: match ? match.mirrored : codes.some((c) => c.mirrored),
  };
}
