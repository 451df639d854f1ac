import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { DB } from '../../src/core/db/schema.js';

/** A Kysely that only compiles: the platform's own query builders turned into SQL text for pgbench. */
export const compileOnlyDb = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Wraps an SQL expression (a pgbench variable, `now()`) so `inlineParameters` writes it unquoted. */
export class RawSql {
  constructor(readonly text: string) {}
}

function sqlLiteral(value: unknown): string {
  if (value instanceof RawSql) return value.text;
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = (value instanceof Date ? value.toISOString() : String(value)).replaceAll("'", "''");
  // pgbench reads `:name` as a variable even inside a literal: colons go in as an escape.
  return text.includes(':') ? `E'${text.replaceAll('\\', '\\\\').replaceAll(':', '\\x3a')}'` : `'${text}'`;
}

/** The compiled statement with its $n parameters written in place, as one line pgbench can send. */
export function inlineParameters(query: CompiledQuery): string {
  return query.sql
    .replace(/\$(\d+)/g, (_match, index: string) => sqlLiteral(query.parameters[Number(index) - 1]))
    .replace(/\s+/g, ' ');
}
