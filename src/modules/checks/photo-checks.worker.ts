// The task run on a photo-checks pool thread (loaded through photo-checks.worker-entry.js).
import { readFile } from 'node:fs/promises';
import { analysePhoto } from './photo/photo-checks.js';
import type { PhotoInspection, PhotoInspectionInput } from './photo-checks-pool.js';
import { checkQrInPhoto } from './qr/qr-reader.js';

export default async function inspectPhoto({
  path,
  expectedQrKey,
}: PhotoInspectionInput): Promise<PhotoInspection> {
  const image = await readFile(path);
  const [qr, analysis] = await Promise.all([
    expectedQrKey === null ? null : checkQrInPhoto(image, expectedQrKey),
    analysePhoto(image),
  ]);
  return {
    qr,
    analysis: {
      width: analysis.width,
      height: analysis.height,
      meanLuminance: analysis.meanLuminance,
      laplacianVariance: analysis.laplacianVariance,
      dHash: analysis.dHash,
      takenAt: analysis.takenAt?.toISOString() ?? null,
      hasCameraExif: analysis.hasCameraExif,
      make: analysis.camera.make,
      model: analysis.camera.model,
    },
  };
}
