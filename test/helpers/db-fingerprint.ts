import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/core/db/schema.js';

/**
 * The tables whose rows a refused request must leave alone, each with the columns that change on
 * every accepted call and so are left out (a key's last use). Security bookkeeping is not here on
 * purpose: idempotency records, sessions and login failures are written by refusals by design.
 */
const BUSINESS_TABLES: Record<string, string[]> = {
  affiliates: [],
  api_keys: ['last_used_at'],
  webhook_endpoints: [],
  devices: [],
  device_identifiers: [],
  images: [],
  contracts: [],
  contract_images: [],
  contract_events: [],
  inspectors: [],
  inspection_decisions: [],
  webhook_events: [],
  webhook_attempts: [],
  notifications: [],
  notification_attempts: [],
  audit_log: [],
};

/** One digest per business table: equal fingerprints mean no row was added, removed or changed. */
export async function databaseFingerprint(db: Kysely<DB>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(BUSINESS_TABLES).map(async ([table, volatile]) => {
      const row = sql.raw(volatile.reduce((json, column) => `(${json} - '${column}')`, 'to_jsonb(t)'));
      const { rows } = await sql<{ digest: string }>`
        SELECT count(*) || ':' || coalesce(md5(string_agg(${row}::text, ',' ORDER BY ${row}::text)), '') AS digest
        FROM ${sql.table(table)} AS t`.execute(db);
      return [table, rows[0]?.digest ?? ''] as const;
    }),
  );
  return Object.fromEntries(entries);
}
