import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type Clock, systemClock } from '../../../core/clock.js';
import { assertStorageKey, type ImageStorage, StoredObjectNotFoundError } from './image-storage.port.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, s3rver, ...); omitted for AWS itself. */
  endpoint?: string;
  /** true for most S3-compatible stores, which do not serve `<bucket>.<host>` names. */
  forcePathStyle: boolean;
  /** Both or neither: without them the SDK's default chain (env, profile, instance role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Signing time of presigned URLs; tests pass a clock set in the past to get an expired URL. */
  clock?: Clock;
}

// SigV4 presigned URLs cannot live longer than a week.
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export function createS3Storage(options: S3StorageOptions): ImageStorage {
  const { bucket, accessKeyId, secretAccessKey, clock = systemClock } = options;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new TypeError('Give both accessKeyId and secretAccessKey, or neither');
  }
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // The SDK's default (WHEN_SUPPORTED) sends streamed bodies aws-chunked with a CRC trailer; s3rver
    // and several S3-compatible stores then save the chunk framing as part of the object. Our own
    // sha256 of every upload already guards integrity.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    async put(key, body, contentType, size) {
      assertStorageKey(key);
      // Without lib-storage's multipart Upload, a single PutObject needs the exact length up front;
      // the port makes callers pass it (the intake knows it from its temp file).
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: size,
        }),
      );
    },

    async get(key) {
      assertStorageKey(key);
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the SDK's body is an http.IncomingMessage, a Readable.
        if (!(Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${key}`);
        return Body;
      } catch (err) {
        if (err instanceof NoSuchKey) {
          throw new StoredObjectNotFoundError(key);
        }
        throw err;
      }
    },

    async delete(key) {
      assertStorageKey(key);
      // S3 answers 204 for an absent key too, so this is idempotent as the port requires.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async signedUrl(key, expiresAt) {
      assertStorageKey(key);
      const signingDate = clock.now();
      const expiresIn = Math.ceil((expiresAt.getTime() - signingDate.getTime()) / 1000);
      if (expiresIn < 1 || expiresIn > MAX_PRESIGN_SECONDS) {
        throw new RangeError(`expiresAt must be between 1 s and 7 days from now (got ${expiresIn} s)`);
      }
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn,
        signingDate,
      });
    },
  };
}
