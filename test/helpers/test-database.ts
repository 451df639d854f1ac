import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';

// Read here rather than from helpers/platform.ts, which would load the whole platform.
const databaseUrl = process.env.DATABASE_URL || null;

export type TestDatabase = Database & { schema: string | null; drop(): Promise<void> };

/**
 * A database of its own, migrated unless asked not to: in-memory PGlite (or PGlite in `pgliteDir`),
 * or a fresh schema of DATABASE_URL's server.
 */
export async function openTestDatabase(
  options: { migrated?: boolean; pgliteDir?: string } = {},
): Promise<TestDatabase> {
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const database = await openDatabase({
    databaseUrl,
    pgliteDir: options.pgliteDir ?? 'memory://',
    poolSize: 4,
    ...(schema ? { schema } : {}),
  });
  if (options.migrated !== false) await migrate(database);
  return {
    ...database,
    schema: schema ?? null,
    async drop() {
      await database.close();
      if (!schema || !databaseUrl) return;
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
