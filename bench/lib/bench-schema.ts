import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the bench uses: BENCH_DATABASE_URL, else the local server of the brief. */
export const benchDatabaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other run (or test) uses; openPlatform creates it. */
export function newBenchSchema(prefix: string): string {
  return `bench_${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Runs SQL in `schema` on a connection of its own (the platform's pool is not the bench's to use). */
export async function withSchema<T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: benchDatabaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropBenchSchema(schema: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(schema)) throw new Error(`not a bench schema: ${schema}`);
  await withSchema('public', (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}
