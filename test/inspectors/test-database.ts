import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';

// Read here rather than from helpers/platform.ts, which would load the whole platform.
const databaseUrl = process.env.DATABASE_URL || null;

/** A migrated database of its own: in-memory PGlite, or a fresh schema of DATABASE_URL's server. */
export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const database = await openDatabase({
    databaseUrl,
    pgliteDir: 'memory://',
    poolSize: 4,
    ...(schema ? { schema } : {}),
  });
  await migrate(database);
  return {
    ...database,
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
