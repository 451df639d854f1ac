import { join } from 'node:path';
import sharp from 'sharp';
import type { Config } from './config.js';
import { type Clock, systemClock } from './core/clock.js';
import { createPiiCipher, parsePiiKeyConfig } from './core/crypto.js';
import { isReachable, openDatabase, pgliteDirFor } from './core/db/database.js';
import { migrate } from './core/db/migrate.js';
import { registerConsole } from './core/http/console.js';
import { type App, buildHttpServer } from './core/http/server.js';
import { createLogger, type Logger } from './core/logger.js';
import { loadOrCreateSecret } from './core/secrets.js';
import { affiliateAdminRoutes } from './modules/affiliates/affiliates.admin-routes.js';
import { affiliatesRepository } from './modules/affiliates/affiliates.repository.js';
import { affiliatesService } from './modules/affiliates/affiliates.service.js';
import { keyAuthenticator } from './modules/affiliates/key-authenticator.js';
import { auditRepository } from './modules/audit/audit.repository.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { createTesseractReader } from './modules/checks/ocr/tesseract-reader.js';
import { createPhotoChecksPool } from './modules/checks/photo-checks-pool.js';
import { contractsRoutes } from './modules/contracts/contracts.routes.js';
import { contractsService } from './modules/contracts/contracts.service.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { loadSeedCatalog } from './modules/devices/catalog/seed-catalog.js';
import { deviceAdminRoutes } from './modules/devices/devices.admin-routes.js';
import { devicesRoutes } from './modules/devices/devices.routes.js';
import { devicesService } from './modules/devices/devices.service.js';
import { signedFileRoutes } from './modules/images/files.routes.js';
import { imagesRepository } from './modules/images/images.repository.js';
import { imagesRoutes } from './modules/images/images.routes.js';
import { imagesService } from './modules/images/images.service.js';
import { createImageStorage } from './modules/images/storage/create-storage.js';
import { contractDossier } from './modules/inspection/contract-dossier.js';
import { decideInspection } from './modules/inspection/decide-inspection.js';
import { inspectionRoutes } from './modules/inspection/inspection.routes.js';
import { inspectionQueue } from './modules/inspection/inspection-queue.js';
import { INSPECTION_WEBHOOKS } from './modules/inspection/inspection-webhooks.schemas.js';
import { inspectorAdminRoutes, loginRoutes, sessionRoutes } from './modules/inspectors/inspectors.routes.js';
import { inspectorsService } from './modules/inspectors/inspectors.service.js';
import { createHttpNotifier } from './modules/notifications/http-notifier.js';
import { cancelPendingNotifications } from './modules/notifications/notifications-outbox.js';
import type { Notifier } from './modules/notifications/notifier.port.js';
import { createOutboxNotifier } from './modules/notifications/outbox-notifier.js';
import { sandboxRoutes } from './modules/sandbox/sandbox.routes.js';
import { registerSandboxSamples } from './modules/sandbox/sandbox-samples.routes.js';
import { testWebhookAdminRoutes, testWebhookRoutes } from './modules/sandbox/test-webhooks.routes.js';
import { contractDeadlines, deadlineTasks } from './modules/scheduler/deadline-tasks.js';
import { deliveriesRoutes } from './modules/webhooks/deliveries.routes.js';
import { deliveriesService } from './modules/webhooks/deliveries.service.js';
import { disableRuleOf } from './modules/webhooks/endpoint-health.js';
import { webhookEndpoints } from './modules/webhooks/webhook-endpoints.js';
import { cancelPendingWebhooks } from './modules/webhooks/webhook-outbox.js';
import { partnerWebhookRoutes } from './modules/webhooks/webhooks.routes.js';

export interface PlatformOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Overrides PGlite's directory ('memory://' in tests). */
  pgliteDir?: string;
  /** A PostgreSQL schema to work in, for isolated test runs on a shared server. */
  schema?: string;
}

const DEVICE_CATALOG_CACHE_MS = 5000;

function createNotifier(config: Config): Notifier {
  if (config.notifier.driver === 'outbox') return createOutboxNotifier();
  const { baseUrl, apiKey, senderKey, smsFallback, templateCodes } = config.notifier;
  return createHttpNotifier({ baseUrl, apiKey, senderKey, smsFallback, templateCodes });
}

function piiCipher(config: Config, logger: Logger) {
  const keys =
    config.secrets.piiKeys ??
    parsePiiKeyConfig(
      loadOrCreateSecret(null, config.dataDir, 'PII_ENCRYPTION_KEY', logger).toString('base64'),
    );
  const blindIndexKey = loadOrCreateSecret(
    config.secrets.piiBlindIndexKey,
    config.dataDir,
    'PII_BLIND_INDEX_KEY',
    logger,
  );
  return createPiiCipher({ ...keys, blindIndexKey });
}

/** The composition root: configuration → database → adapters → services → HTTP server and worker. */
export async function openPlatform(options: PlatformOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger =
    options.logger ??
    createLogger(config.logLevel, process.stdout, { format: config.logFormat, nodeEnv: config.nodeEnv });
  // libvips' operation cache serves repeated work on one image; every upload is a new image, and
  // the cache only holds on to memory (up to 50 MB) under a stream of uploads.
  sharp.cache(false);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: options.pgliteDir ?? pgliteDirFor(config.dataDir),
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    ...(options.schema ? { schema: options.schema } : {}),
  });
  const applied = await migrate(database);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const { db } = database;

  const endpoints = webhookEndpoints(db, clock, config.webhooks.allowPrivate);
  const affiliates = affiliatesService(db, endpoints, clock);
  const authenticate = keyAuthenticator(affiliatesRepository(db), clock, config.apiKeyCacheMs);
  const devices = devicesService(db, clock, DEVICE_CATALOG_CACHE_MS);
  const seeded = await devices.seedIfEmpty(loadSeedCatalog);
  if (seeded) logger.info(seeded, 'device catalog seeded');
  const urlSigningKey = loadOrCreateSecret(
    config.secrets.urlSigningKey,
    config.dataDir,
    'URL_SIGNING_KEY',
    logger,
  );
  const storage = await createImageStorage(config, urlSigningKey, clock);
  const tmpDir = join(config.dataDir, 'tmp');
  const imageRows = imagesRepository(db);
  const images = imagesService({
    repository: imageRows,
    storage,
    clock,
    tmpDir,
    limits: config.images,
  });
  const cipher = piiCipher(config, logger);
  const ocr = createTesseractReader({
    workers: config.ocr.workers,
    eager: config.ocr.eager,
    cacheDir: join(config.dataDir, 'tessdata'),
    onTieBreakError: (error) =>
      logger.warn({ err: error }, 'the OCR tie-break engine could not read; the LSTM serial stands'),
  });
  const photoChecks = createPhotoChecksPool();
  const contracts = contractsService({
    db,
    clock,
    cipher,
    devices,
    images: imageRows,
    storage,
    ocr,
    tmpDir,
    imageUrl: images.urlFor,
    inspectPhoto: photoChecks.inspectPhoto,
    paymentDeadlineHours: config.contracts.paymentDeadlineHours,
    onCancelled: [cancelPendingWebhooks, (trx, contractId) => cancelPendingNotifications(trx, contractId)],
  });
  const inspectors = inspectorsService({ db, clock, sessionHours: config.admin.sessionHours });
  const deliveries = deliveriesService({ db, clock });
  const inspection = {
    queue: (query: Parameters<typeof inspectionQueue>[2]) => inspectionQueue(db, clock, query),
    dossier: (contractId: string) =>
      contractDossier({ db, cipher, deliveries, imageUrl: images.urlFor }, contractId),
    decide: (contractId: string, body: Parameters<typeof decideInspection>[2], inspectorId: string) =>
      decideInspection({ db, clock }, contractId, body, { kind: 'inspector', id: inspectorId }),
  };
  const sessionCookie = { alwaysSecure: config.nodeEnv === 'production' };
  const testWebhooks = {
    endpoints,
    clock,
    timeoutMs: config.webhooks.timeoutMs,
    allowPrivate: config.webhooks.allowPrivate,
  };

  return {
    config,
    clock,
    logger,
    database,
    affiliates,
    authenticate,
    devices,
    images,
    contracts,
    cipher,
    inspectors,
    inspection,
    deliveries,
    endpoints,
    notifier: createNotifier(config),
    webhookDelivery: {
      db,
      clock,
      logger,
      endpoints,
      allowPrivate: config.webhooks.allowPrivate,
      timeoutMs: config.webhooks.timeoutMs,
      disableRule: disableRuleOf(config.webhooks.disableAfterHours),
    },
    buildHttp: (): Promise<App> =>
      buildHttpServer({
        config,
        logger,
        clock,
        db,
        authenticate,
        isReady: () => isReachable(db),
        partnerRoutes: [
          devicesRoutes(devices),
          imagesRoutes(images, config.images.maxBytes),
          contractsRoutes(contracts),
          partnerWebhookRoutes(endpoints),
          sandboxRoutes({ db, clock, runDeadlines: contractDeadlines(deadlineTasks(db, clock, config)) }),
          testWebhookRoutes(testWebhooks),
        ],
        webhooks: INSPECTION_WEBHOOKS,
        publicRoutes: [
          signedFileRoutes(images, urlSigningKey, () => clock.now()),
          registerSandboxSamples,
          (app) =>
            registerConsole(app, {
              imageOrigins:
                config.storage.driver === 's3' && config.storage.endpoint
                  ? [new URL(config.storage.endpoint).origin]
                  : [],
            }),
        ],
        admin: {
          authenticate: inspectors.authenticateSession,
          open: [loginRoutes(inspectors, sessionCookie)],
          routes: [
            sessionRoutes(inspectors, sessionCookie, { inspectionSlaHours: config.admin.inspectionSlaHours }),
            inspectorAdminRoutes(inspectors),
            inspectionRoutes(inspection),
            deliveriesRoutes(deliveries),
            affiliateAdminRoutes(affiliates),
            testWebhookAdminRoutes(testWebhooks),
            deviceAdminRoutes(devices),
            dashboardRoutes({ db, clock }),
            auditRoutes(auditRepository(db)),
          ],
        },
      }),
    close: async () => {
      await Promise.all([ocr.close(), photoChecks.close()]);
      await database.close();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof openPlatform>>;
