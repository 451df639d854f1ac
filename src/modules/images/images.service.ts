import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { isUuid } from '../../core/ids.js';
import { dHashOfGrey } from '../checks/photo/perceptual-hash.js';
import type { ImagesRepository } from './images.repository.js';
import { receiveImage } from './intake/upload-intake.js';
import type { ImageStorage } from './storage/image-storage.port.js';

/** The spec: every image URL handed out is valid for 15 seconds. */
export const IMAGE_URL_TTL_MS = 15_000;

export interface ImagesServiceDeps {
  repository: ImagesRepository;
  storage: ImageStorage;
  clock: Clock;
  tmpDir: string;
  limits: { maxBytes: number; maxPixels: number };
}

export function imagesService({ repository, storage, clock, tmpDir, limits }: ImagesServiceDeps) {
  const urlFor = (storageKey: string) =>
    storage.signedUrl(storageKey, new Date(clock.now().getTime() + IMAGE_URL_TTL_MS));

  return {
    /** Streams the upload through the intake checks into storage and records what the checks need. */
    async uploadImage(owner: Caller, body: Readable) {
      await mkdir(tmpDir, { recursive: true });
      const received = await receiveImage(body, { ...limits, tmpDir });
      const storageKey = `${randomUUID()}.${received.format}`;
      try {
        const perceptualHash = await dHashOfGrey(received.analysisGrey);
        await storage.put(storageKey, createReadStream(received.tmpPath), received.mime, received.bytes);
        const row = await repository.insert({
          affiliate_id: owner.affiliateId,
          mode: owner.mode,
          storage_key: storageKey,
          format: received.format,
          mime: received.mime,
          bytes: received.bytes,
          width: received.width,
          height: received.height,
          sha256: received.sha256,
          perceptual_hash: perceptualHash,
          taken_at: received.takenAt,
          gps_lat: received.gps?.lat ?? null,
          gps_lng: received.gps?.lng ?? null,
          exif_make: received.camera.make,
          exif_model: received.camera.model,
          created_at: clock.now(),
        });
        return { id: row.id, url: await urlFor(storageKey) };
      } catch (error) {
        await storage.delete(storageKey).catch(() => undefined);
        throw error;
      } finally {
        await rm(received.tmpPath, { force: true });
      }
    },

    async imageUrl(owner: Caller, imageId: string) {
      const image = isUuid(imageId) ? await repository.findOwned(imageId, owner) : undefined;
      if (!image) throw notFound('Image');
      return { url: await urlFor(image.storage_key) };
    },

    /** Bytes behind a signed local link; the signature was checked by the caller. */
    async openStoredImage(storageKey: string) {
      const image = await repository.findByStorageKey(storageKey);
      if (!image) throw notFound('Image');
      return { mime: image.mime, bytes: image.bytes, body: await storage.get(storageKey) };
    },

    urlFor,
  };
}

export type ImagesService = ReturnType<typeof imagesService>;

export function refuseOversizedUpload(contentLength: string | undefined, maxBytes: number): void {
  if (contentLength && Number(contentLength) > maxBytes) {
    throw new AppError(
      'payload_too_large',
      `The image is larger than ${Math.round(maxBytes / 1_048_576)} MB.`,
    );
  }
}
