import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { DB } from '../../src/core/db/schema.js';

/**
 * The statements a repository call sends, captured from a Kysely that runs nothing (every query
 * answers no rows): the platform's own SQL, turned into text for pgbench and the bare floor.
 */
export async function capturedStatements(
  run: (db: Kysely<DB>) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  await run(db);
  return captured;
}

/** Stands in for a contract id while a read is captured; the caller puts the real value in its place. */
export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** The one statement a repository call sends. */
export async function capturedStatement(run: (db: Kysely<DB>) => Promise<unknown>): Promise<CompiledQuery> {
  const [statement, ...more] = await capturedStatements(run);
  if (!statement || more.length > 0) throw new Error('expected the call to send exactly one statement');
  return statement;
}

/** The statement with each parameter equal to `from` replaced by `to` (a placeholder's value put in). */
export function withParameter(query: CompiledQuery, from: unknown, to: unknown): CompiledQuery {
  if (!query.parameters.includes(from)) throw new Error('the placeholder is not among the parameters');
  return { ...query, parameters: query.parameters.map((value) => (value === from ? to : value)) };
}

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
