import { join } from 'node:path';
import type { Config } from './config.js';
import { type Clock, systemClock } from './core/clock.js';
import { type Database, isReachable, openDatabase, pgliteDirFor } from './core/db/database.js';
import { migrate } from './core/db/migrate.js';
import { type App, buildHttpServer } from './core/http/server.js';
import { createLogger, type Logger } from './core/logger.js';
import { loadOrCreateSecret } from './core/secrets.js';
import { affiliatesRepository } from './modules/affiliates/affiliates.repository.js';
import { affiliatesService } from './modules/affiliates/affiliates.service.js';
import { keyAuthenticator } from './modules/affiliates/key-authenticator.js';
import { loadSeedCatalog } from './modules/devices/catalog/seed-catalog.js';
import { devicesRepository } from './modules/devices/devices.repository.js';
import { devicesRoutes } from './modules/devices/devices.routes.js';
import { devicesService } from './modules/devices/devices.service.js';
import { signedFileRoutes } from './modules/images/files.routes.js';
import { imagesRepository } from './modules/images/images.repository.js';
import { imagesRoutes } from './modules/images/images.routes.js';
import { imagesService } from './modules/images/images.service.js';
import { createImageStorage } from './modules/images/storage/create-storage.js';

export interface PlatformOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Overrides PGlite's directory ('memory://' in tests). */
  pgliteDir?: string;
  /** A PostgreSQL schema to work in, for isolated test runs on a shared server. */
  schema?: string;
}

const DEVICE_LIST_CACHE_MS = 5000;

/** The composition root: configuration → database → services → HTTP server and worker. */
export async function openPlatform(options: PlatformOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: options.pgliteDir ?? pgliteDirFor(config.dataDir),
    poolSize: config.databasePoolSize,
    ...(options.schema ? { schema: options.schema } : {}),
  });
  await prepareDatabase(database, logger);

  const affiliatesRepo = affiliatesRepository(database.db);
  const affiliates = affiliatesService(affiliatesRepo, clock);
  const devices = devicesService(devicesRepository(database.db), clock, DEVICE_LIST_CACHE_MS);
  const authenticate = keyAuthenticator(affiliatesRepo, clock, config.apiKeyCacheMs);
  const urlSigningKey = loadOrCreateSecret(
    config.secrets.urlSigningKey,
    config.dataDir,
    'URL_SIGNING_KEY',
    logger,
  );
  const images = imagesService({
    repository: imagesRepository(database.db),
    storage: createImageStorage(config, urlSigningKey, clock),
    clock,
    tmpDir: join(config.dataDir, 'tmp'),
    limits: config.images,
  });

  return {
    config,
    clock,
    logger,
    database,
    affiliates,
    devices,
    images,
    buildHttp: (): Promise<App> =>
      buildHttpServer({
        config,
        logger,
        clock,
        db: database.db,
        authenticate,
        isReady: () => isReachable(database.db),
        partnerRoutes: [devicesRoutes(devices), imagesRoutes(images, config.images.maxBytes)],
        publicRoutes: [signedFileRoutes(images, urlSigningKey, () => clock.now())],
      }),
    close: () => database.close(),
  };
}

export type Platform = Awaited<ReturnType<typeof openPlatform>>;

/** Migrations, then the device catalog's seed when the catalog is empty (a new installation). */
async function prepareDatabase(database: Database, logger: Logger): Promise<void> {
  const applied = await migrate(database);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const repository = devicesRepository(database.db);
  if ((await repository.count()) === 0) {
    const result = await repository.upsertMany(loadSeedCatalog());
    logger.info(result, 'device catalog seeded');
  }
}
