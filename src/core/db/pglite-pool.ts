import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents one PGlite instance as the `pg`-style pool Kysely's PostgresDialect expects.
 * PGlite has a single connection, so a client is lent to one user at a time: a transaction
 * holds it from BEGIN to COMMIT and every other query waits its turn.
 */
export class PGlitePool implements PostgresPool {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#queue;
    this.#queue = previous.then(() => released);
    await previous;
    return {
      query: (sql: string, parameters: ReadonlyArray<unknown>) => this.#query(sql, parameters),
      release,
    } as PostgresPoolClient;
  }

  async #query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const result = await this.pglite.query<R>(sql, parameters as unknown[]);
    const command = (
      /^\s*(\w+)/.exec(sql)?.[1] ?? 'SELECT'
    ).toUpperCase() as PostgresQueryResult<R>['command'];
    return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
  }

  async end(): Promise<void> {
    await this.#queue;
  }
}
