import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Mode } from '../../core/db/schema.js';
import {
  checkCaptureTime,
  checkDuplicate,
  checkExposure,
  checkNotScreenshot,
  checkSharpness,
} from '../checks/photo/photo-checks.js';
import type { PhotoInspection } from '../checks/photo-checks-pool.js';
import type { ImageStorage } from '../images/storage/image-storage.port.js';
import type { ClaimableImage } from './contract-images.js';
import type { ContractsRepository } from './contracts.repository.js';

/** Two dHashes this close are the same photo re-encoded or resized (measured: re-encodings 0–1, different photos ≥ 14). */
const DUPLICATE_DISTANCE = 6;

export interface PhotoReviewDeps {
  contracts: ContractsRepository;
  storage: ImageStorage;
  tmpDir: string;
  inspectPhoto(input: { path: string; expectedQrKey: string | null }): Promise<PhotoInspection>;
}

interface ReviewContext {
  contractId: string;
  mode: Mode;
  qrKey: string | null;
}

export interface ReviewedPhoto {
  image_id: string;
  role: 'front' | 'rear';
  qr: PhotoInspection['qr'];
  duplicate: { result: boolean; reason: string };
  capture_time: { result: boolean; reason: string };
  not_screenshot: { result: boolean; reason: string };
  exposure: { result: boolean; reason: string };
  sharpness: { result: boolean; reason: string };
}

/** The bytes go to a temp file so the checks (in a worker thread) read them from disk, whatever the storage. */
async function withLocalCopy<T>(
  deps: PhotoReviewDeps,
  storageKey: string,
  work: (path: string) => Promise<T>,
): Promise<T> {
  await mkdir(deps.tmpDir, { recursive: true });
  const path = join(deps.tmpDir, `review-${randomUUID()}`);
  try {
    await pipeline(await deps.storage.get(storageKey), createWriteStream(path));
    return await work(path);
  } finally {
    await rm(path, { force: true });
  }
}

async function reviewOne(
  deps: PhotoReviewDeps,
  image: ClaimableImage,
  role: 'front' | 'rear',
  context: ReviewContext,
): Promise<ReviewedPhoto> {
  const inspection = await withLocalCopy(deps, image.storage_key, (path) =>
    deps.inspectPhoto({ path, expectedQrKey: role === 'front' ? context.qrKey : null }),
  );
  const { analysis } = inspection;
  const similar = await deps.contracts.similarPhotos(
    image.perceptual_hash,
    context.contractId,
    context.mode,
    DUPLICATE_DISTANCE,
  );
  return {
    image_id: image.id,
    role,
    qr: inspection.qr,
    duplicate: checkDuplicate(image.perceptual_hash, similar, DUPLICATE_DISTANCE),
    capture_time: checkCaptureTime(analysis.takenAt ? new Date(analysis.takenAt) : null, image.created_at),
    not_screenshot: checkNotScreenshot(analysis),
    exposure: checkExposure(analysis),
    sharpness: checkSharpness(analysis),
  };
}

/** Runs every automated check on the 3 front and 3 rear photos (QR only on the front ones). */
export async function reviewPhotos(
  deps: PhotoReviewDeps,
  front: ClaimableImage[],
  rear: ClaimableImage[],
  context: ReviewContext,
) {
  const photos = await Promise.all([
    ...front.map((image) => reviewOne(deps, image, 'front', context)),
    ...rear.map((image) => reviewOne(deps, image, 'rear', context)),
  ]);
  const failed = (photo: ReviewedPhoto) =>
    (photo.qr !== null && !photo.qr.matched) ||
    [photo.duplicate, photo.capture_time, photo.not_screenshot, photo.exposure, photo.sharpness].some(
      (check) => !check.result,
    );
  return {
    qr_matched: photos.filter((photo) => photo.qr?.matched).length,
    flagged: photos.filter(failed).length,
    photos,
  };
}

export type PhotoReview = Awaited<ReturnType<typeof reviewPhotos>>;
