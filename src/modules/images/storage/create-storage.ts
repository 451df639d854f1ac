import { join } from 'node:path';
import type { Config } from '../../../config.js';
import type { Clock } from '../../../core/clock.js';
import type { ImageStorage } from './image-storage.port.js';
import { createLocalStorage } from './local-storage.js';

/**
 * The configured storage adapter: a directory under DATA_DIR (default) or an S3-compatible bucket.
 * The AWS SDK is loaded only when a bucket is configured (it costs ~17 MB of memory to load).
 */
export async function createImageStorage(
  config: Config,
  signingKey: Buffer,
  clock: Clock,
): Promise<ImageStorage> {
  const { storage } = config;
  if (storage.driver === 'local') {
    return createLocalStorage({
      rootDir: join(config.dataDir, 'images'),
      publicBaseUrl: config.publicBaseUrl,
      signingKey,
    });
  }
  const { createS3Storage } = await import('./s3-storage.js');
  return createS3Storage({
    bucket: storage.bucket,
    region: storage.region,
    forcePathStyle: storage.forcePathStyle,
    clock,
    ...(storage.endpoint ? { endpoint: storage.endpoint } : {}),
    ...(storage.accessKeyId ? { accessKeyId: storage.accessKeyId } : {}),
    ...(storage.secretAccessKey ? { secretAccessKey: storage.secretAccessKey } : {}),
  });
}
