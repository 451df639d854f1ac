import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatform, type Platform } from '../../src/app.js';
import { benchConfig, benchLogger } from './bench-config.js';
import { benchDatabaseUrl, dropBenchSchema, newBenchSchema } from './bench-schema.js';

export type BenchDatabase = 'pglite' | 'postgres';

export interface BenchPlatform {
  platform: Platform;
  database: BenchDatabase;
  /** Closes the platform, drops its schema (PostgreSQL) and removes its data directory. */
  close(): Promise<void>;
}

/**
 * The platform in this process, for scenarios that drive its services directly (the worker's loop,
 * arranging rows): an in-memory PGlite, or a fresh schema of the bench PostgreSQL.
 */
export async function openBenchPlatform(
  database: BenchDatabase,
  name: string,
  env: Record<string, string> = {},
): Promise<BenchPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), `cpi-bench-${name}-`));
  const schema = database === 'postgres' ? newBenchSchema(name) : undefined;
  const config = benchConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: database === 'postgres' ? benchDatabaseUrl : '',
    ...env,
  });
  const platform = await openPlatform({
    config,
    logger: benchLogger(config),
    pgliteDir: 'memory://',
    ...(schema ? { schema } : {}),
  });
  return {
    platform,
    database,
    async close() {
      await platform.close();
      if (schema) await dropBenchSchema(schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
