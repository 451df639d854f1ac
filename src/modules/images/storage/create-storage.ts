import { join } from 'node:path';
import type { Config } from '../../../config.js';
import type { Clock } from '../../../core/clock.js';
import type { ImageStorage } from './image-storage.port.js';
import { createLocalStorage } from './local-storage.js';
import { createS3Storage } from './s3-storage.js';

/** The configured storage adapter: a directory under DATA_DIR (default) or an S3-compatible bucket. */
export function createImageStorage(config: Config, signingKey: Buffer, clock: Clock): ImageStorage {
  const { storage } = config;
  if (storage.driver === 'local') {
    return createLocalStorage({
      rootDir: join(config.dataDir, 'images'),
      publicBaseUrl: config.publicBaseUrl,
      signingKey,
    });
  }
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
