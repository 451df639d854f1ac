import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Kysely's driver sends every query unnamed, so PostgreSQL plans it anew on each call; for the
 * contract read (JSON sub-selects) planning costs more than running. Named by a hash of its text,
 * a query is parsed and planned once per connection and then only bound and executed. Errors of
 * `connect` and `query` pass through `mapError` (a lost connection becomes database_unavailable).
 */
export function withPreparedStatements(pool: pg.Pool, mapError: (error: unknown) => unknown) {
  // One wrapper per pooled client, made when the client is first handed out.
  const wrappers = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const fail = (error: unknown): never => {
    throw mapError(error);
  };
  return {
    async connect() {
      const client = await pool.connect().catch(fail);
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = namingQueries(client, fail);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

function namingQueries(client: pg.PoolClient, fail: (error: unknown) => never): pg.PoolClient {
  const query = client.query.bind(client) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  return Object.assign(Object.create(client) as pg.PoolClient, {
    query: (text: string, values?: unknown[]) =>
      (values?.length ? query({ name: statementName(text), text, values }) : query({ text })).catch(fail),
    release: (error?: Error | boolean) => client.release(error),
  });
}

const names = new Map<string, string>();
/** Texts vary only with the length of IN lists and batches: the memo stays small, but is bounded. */
const MAX_NAMES = 5000;

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `k${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}
