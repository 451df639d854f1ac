import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.js';
import { PGlitePool } from './pglite-pool.js';
import { withPreparedStatements } from './prepared-statements.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Runs `work` alone: on one connection holding a cluster-wide advisory lock (PostgreSQL), or
   * holding PGlite's only connection. `run` takes scripts of several statements (migrations) and
   * answers the rows of the last one.
   */
  exclusive<T>(work: (run: ScriptRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type ScriptRunner = (script: string) => Promise<Record<string, unknown>[]>;

/** Any fixed number: every process taking the exclusive lock uses it. */
const EXCLUSIVE_LOCK = 72_310_001;

export interface DatabaseOptions {
  databaseUrl: string | null;
  /** PGlite's directory, or 'memory://' for a throwaway database. */
  pgliteDir: string;
  poolSize: number;
  /** PostgreSQL: the longest wait for a connection (new, or free in the pool); unset waits indefinitely. */
  connectTimeoutMs?: number;
  /** A PostgreSQL schema to work in (created when missing): isolates parallel test runs on one server. */
  schema?: string;
}

const DATE_OID = 1082;
const keepDateAsText = (value: string) => value;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPGlite(options.pgliteDir);
}

async function openPGlite(dir: string): Promise<Database> {
  // Loaded only when used: a platform on PostgreSQL does not carry PGlite's ~40 MB.
  const { PGlite } = await import('@electric-sql/pglite');
  const releaseLock = dir.startsWith('memory://') ? () => undefined : lockDirectory(dir);
  const pglite = await PGlite.create(dir, { parsers: { [DATE_OID]: keepDateAsText } });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    exclusive: async (work) => {
      const connection = await pool.connect();
      try {
        return await work(async (script) => (await pglite.exec(script)).at(-1)?.rows ?? []);
      } finally {
        connection.release();
      }
    },
    close: once(async () => {
      await db.destroy();
      await pglite.close();
      releaseLock();
    }),
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === DATE_OID
        ? keepDateAsText
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  if (options.schema) await createSchema(url, options.schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    types,
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A connection that dies (server stopped, network lost) emits 'error' on its client, and on the
  // pool when idle; unheard, either would end the process. The pool drops such a client (when idle,
  // or on release since it is no longer queryable); the failing query reports the outage.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool, asUnavailable) }),
  });
  return {
    db,
    kind: 'postgres',
    exclusive: async (work) => {
      const client = await pool.connect();
      try {
        await client.query(`SELECT pg_advisory_lock(${EXCLUSIVE_LOCK})`);
        return await work(async (script) => {
          const result = (await client.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
          return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
        });
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${EXCLUSIVE_LOCK})`).catch(() => undefined);
        client.release();
      }
    },
    close: once(() => db.destroy()),
  };
}

async function createSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Unsafe schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * A lock file holding the owner's pid refuses that with a message saying what to do; a lock left
 * by a process that died is taken over.
 */
function lockDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = `${dir}.lock`;
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(lock, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${owner}. Stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.`,
      );
    }
    writeFileSync(lock, String(process.pid));
  }
  return () => rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Closing twice (a signal during shutdown, a test's cleanup) is harmless. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= close();
    return closing;
  };
}

export function pgliteDirFor(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** PostgreSQL cannot be reached (stopped, restarting, the network gone): the request may be retried. */
export class DatabaseUnavailableError extends AppError {
  constructor(cause: unknown) {
    super(
      'database_unavailable',
      'The database is not reachable right now; retry with the same Idempotency-Key.',
    );
    this.cause = cause;
  }
}

/** Errors of the connection rather than of the query: Node's socket errors, pg's, and the server's. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or in recovery)
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|timeout expired|Client has encountered a connection error|Client was closed and is not queryable)/;

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return UNREACHABLE_MESSAGES.test(error.message);
}

function asUnavailable(error: unknown): unknown {
  return isConnectionError(error) ? new DatabaseUnavailableError(error) : error;
}

export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
