import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  isOperationNodeSource,
  type Kysely,
} from 'kysely';
import type { DB } from './schema.js';

/** Stands in for a value while a template is built; found again among the compiled parameters. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** Values Kysely would turn into SQL rather than bind: a template cannot stand them in for a placeholder. */
function isNotPlain(value: unknown): boolean {
  return isOperationNodeSource(value) || typeof value === 'function' || Array.isArray(value);
}

/** Per compiled parameter: the name of the value that goes there, or the constant compiled in. */
type Slot = { name: string } | { constant: unknown };

interface Template<Row> {
  query: CompiledQuery<Row>;
  slots: Slot[];
}

export interface QueryTemplate<V, Row> {
  /** The query with `values` in place: what `execute` sends. */
  compile(db: Kysely<DB>, values: V): CompiledQuery<Row>;
  execute(db: Kysely<DB>, values: V): Promise<Row[]>;
}

/**
 * A query built and compiled once per set of value names, then run with the values put in place.
 * Kysely rebuilds and recompiles a query on every call, which for the partner API's hottest queries
 * (the contract insert and read) cost a tenth of a request's CPU.
 * - `build` sees placeholders, not the values: it must hand them to Kysely as bound values, untouched
 *   (no checks or branches on them, no `sql.lit`/`sql.raw`), and not compare them with `is` or `in`,
 *   which Kysely writes differently for null, booleans and lists.
 * - Values must be plain: Kysely expressions, lists and functions are refused.
 * - Undefined values are left out, as Kysely leaves them out.
 * - One compilation serves every database: all of them speak PostgreSQL, through a Kysely without
 *   plugins (a plugin's transformQuery would run only at the first compilation).
 */
export function queryTemplate<V extends Record<string, unknown>, Row>(
  build: (db: Kysely<DB>, values: V) => Compilable<Row>,
): QueryTemplate<V, Row> {
  const templates = new Map<string, Template<Row>>();

  function templateFor(db: Kysely<DB>, names: string[]): Template<Row> {
    const key = names.join('\u0000');
    let template = templates.get(key);
    if (!template) {
      const placeholders = Object.fromEntries(names.map((name) => [name, new Placeholder(name)])) as V;
      const query = build(db, placeholders).compile();
      const slots = query.parameters.map((p) =>
        p instanceof Placeholder ? { name: p.name } : { constant: p },
      );
      const missing = names.filter((name) => !slots.some((slot) => 'name' in slot && slot.name === name));
      if (missing.length) throw new Error(`queryTemplate: ${missing.join(', ')} did not become parameters`);
      template = { query, slots };
      templates.set(key, template);
    }
    return template;
  }

  function compile(db: Kysely<DB>, values: V): CompiledQuery<Row> {
    const names = Object.keys(values).filter((name) => values[name] !== undefined);
    const notPlain = names.find((name) => isNotPlain(values[name]));
    if (notPlain) throw new TypeError(`queryTemplate: ${notPlain} is not a plain value`);
    const { query, slots } = templateFor(db, names);
    return {
      ...query,
      // Each run is a query of its own to Kysely's driver and logs.
      queryId: createQueryId(),
      parameters: slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant)),
    };
  }

  return {
    compile,
    execute: async (db, values) => (await db.executeQuery(compile(db, values))).rows,
  };
}
