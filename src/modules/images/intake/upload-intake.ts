import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { AppError, type ErrorCode } from '../../../core/errors.js';
import { type ExifFacts, readExifFacts } from '../../checks/photo/exif.js';
import { type GreyPixels, toAnalysisGrey } from '../../checks/photo/perceptual-hash.js';
import { findEndProblem } from './image-end.js';
import { ACCEPTED_FORMATS, type ImageFormat, MIME_TYPES, SNIFF_BYTES, sniffFormat } from './image-format.js';

/**
 * Decodes at most one per core at a time. More in parallel would not finish sooner (decoding is
 * CPU-bound) but each holds its buffers meanwhile: under 50 concurrent uploads, peak memory grows
 * by a third without this.
 */
const decodeSlots = pLimit(availableParallelism());

export type RejectionReason = 'empty' | 'too_large' | 'unsupported_type' | 'too_many_pixels' | 'corrupt';

const ERROR_CODES: Record<RejectionReason, ErrorCode> = {
  empty: 'invalid_image',
  too_large: 'payload_too_large',
  unsupported_type: 'unsupported_media_type',
  too_many_pixels: 'invalid_image',
  corrupt: 'invalid_image',
};

/** Why an upload was refused; an `AppError`, so the HTTP error handler renders it (400/413/415). */
export class ImageRejectedError extends AppError {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(ERROR_CODES[reason], message);
  }
}

export interface IntakeOptions {
  maxBytes: number;
  /** Width × height limit, checked from the header before anything is decoded. */
  maxPixels: number;
  /** An existing directory to spool to; the caller moves or deletes `tmpPath` after success. */
  tmpDir: string;
}

export interface ReceivedImage extends ExifFacts {
  tmpPath: string;
  sha256: string;
  bytes: number;
  format: ImageFormat;
  mime: string;
  /** As displayed, i.e. with the EXIF orientation applied. */
  width: number;
  height: number;
  /** The decoded image, small and grey, for the perceptual hash. */
  analysisGrey: GreyPixels;
}

/**
 * Streams an upload to a temp file and accepts it only if it is a whole JPEG, PNG or WebP within the
 * limits. On any refusal or failure the temp file is gone before the promise rejects.
 */
export async function receiveImage(body: Readable, options: IntakeOptions): Promise<ReceivedImage> {
  const tmpPath = join(options.tmpDir, `upload-${randomUUID()}`);
  try {
    const spooled = await spool(body, tmpPath, options);
    return { tmpPath, ...spooled, ...(await decodeSlots(() => inspect(tmpPath, spooled, options))) };
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  }
}

interface Spooled {
  sha256: string;
  bytes: number;
  format: ImageFormat;
  mime: string;
}

async function spool(body: Readable, tmpPath: string, options: IntakeOptions): Promise<Spooled> {
  // A body that failed before intake began listening (a multipart part cut short) would never end.
  if (body.errored || (body.destroyed && !body.readableEnded)) {
    const why = body.errored ? `: ${body.errored.message}` : '';
    throw new AppError('invalid_image', `The upload ended before the image did${why}.`);
  }
  // Everything listens before the first await, so an early failure of the body or a refusal of its
  // first bytes rejects this call instead of surfacing as an unhandled 'error' event.
  const meter = new IntakeMeter(options.maxBytes);
  const forwardError = (err: Error) => meter.destroy(err);
  body.on('error', forwardError);
  body.pipe(meter);
  const sink = createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(meter, sink);
  } catch (err) {
    // A refusal can come before the file is even open: wait for the sink to close, or it would
    // create the file after the caller has removed it.
    if (!sink.closed) await once(sink, 'close').catch(() => undefined);
    // The source is drained, not destroyed: destroying an HTTP request kills its socket, and the
    // caller must still be able to answer 413/415 on it. Late errors of the discarded rest are moot.
    body.unpipe(meter);
    body.off('error', forwardError);
    body.on('error', () => {});
    body.resume();
    throw err;
  }
  body.off('error', forwardError);
  if (meter.bytes === 0) {
    throw new ImageRejectedError('empty', `The upload is empty. Send one image: ${ACCEPTED_FORMATS}.`);
  }
  const format = meter.format ?? meter.sniff();
  return { sha256: meter.hash.digest('hex'), bytes: meter.bytes, format, mime: MIME_TYPES[format] };
}

/** Counts, hashes and sniffs the bytes on their way to disk, refusing as early as it can tell. */
class IntakeMeter extends Transform {
  bytes = 0;
  readonly hash = createHash('sha256');
  format: ImageFormat | null = null;
  #head = Buffer.alloc(0);

  constructor(readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      const limit =
        this.maxBytes >= 1024 * 1024
          ? `${Math.round(this.maxBytes / 104857.6) / 10} MB`
          : `${this.maxBytes} bytes`;
      callback(new ImageRejectedError('too_large', `The image is larger than ${limit}.`));
      return;
    }
    this.hash.update(chunk);
    try {
      if (this.format === null) {
        this.#head = Buffer.concat([this.#head, chunk.subarray(0, SNIFF_BYTES - this.#head.length)]);
        if (this.#head.length === SNIFF_BYTES) this.format = this.sniff();
      }
    } catch (err) {
      callback(err as Error);
      return;
    }
    callback(null, chunk);
  }

  /** The accepted format of the bytes seen so far, or the refusal naming what they are. */
  sniff(): ImageFormat {
    const sniffed = sniffFormat(this.#head);
    if (sniffed.format) return sniffed.format;
    const what = sniffed.detected ?? 'This file type';
    throw new ImageRejectedError(
      'unsupported_type',
      `${what} is not accepted. Accepted formats: ${ACCEPTED_FORMATS}.`,
    );
  }
}

async function inspect(
  tmpPath: string,
  spooled: Spooled,
  options: IntakeOptions,
): Promise<Pick<ReceivedImage, 'analysisGrey' | 'width' | 'height' | 'takenAt' | 'gps' | 'camera'>> {
  const corrupt = (why: string) =>
    new ImageRejectedError(
      'corrupt',
      `The image cannot be read: ${why}. Accepted formats: ${ACCEPTED_FORMATS}.`,
    );

  // metadata() parses the header only. Its own pixel limit is off so that an oversized image is
  // reported as such below rather than as unreadable.
  const meta = await sharp(tmpPath, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw corrupt('its header is invalid');
    });
  if (meta.format !== spooled.format) throw corrupt(`its content is not ${spooled.format.toUpperCase()}`);
  if (meta.width * meta.height > options.maxPixels) {
    throw new ImageRejectedError(
      'too_many_pixels',
      `The image is ${meta.width}×${meta.height} pixels; at most ${options.maxPixels} pixels are accepted.`,
    );
  }

  const endProblem = await findEndProblem(tmpPath, spooled.format, spooled.bytes);
  if (endProblem) throw corrupt(endProblem);

  // Decoding every compressed byte proves the pixel data is there; the decode is the small greyscale
  // image the perceptual hash is taken from, so an upload is decoded once. JPEG's shrink-on-load
  // still reads the whole entropy-coded stream but skips most of the pixel work. 'error' still lets
  // through the harmless warnings that some phone encoders trigger.
  const analysisGrey = await toAnalysisGrey(tmpPath, {
    limitInputPixels: options.maxPixels,
    failOn: 'error',
    sequentialRead: true,
  }).catch(() => {
    throw corrupt('its pixel data does not decode');
  });

  return {
    analysisGrey,
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    ...(await readExifFacts(meta.exif)),
  };
}
