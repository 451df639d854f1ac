import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { MigrationError, migrate } from '../../src/core/db/migrate.js';
import { databaseUrl } from '../helpers/platform.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const run = promisify(execFile);
const MIGRATIONS = new URL('../../src/core/db/migrations/', import.meta.url).pathname;
const BIN = new URL('../../bin/cp-insurance.js', import.meta.url).pathname;
/** The 7 clear digits 0006 kept (`860906-1******`), in both spellings a dump could hold them. */
const CLEAR_DIGITS = ['860906-1', '8609061'];

/** A migrations folder holding the real files up to and including `last`. */
async function migrationsUpTo(last: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cpi-migrations-'));
  for (const file of (await readdir(MIGRATIONS)).filter((name) => name.endsWith('.sql') && name <= last))
    await copyFile(join(MIGRATIONS, file), join(dir, file));
  return dir;
}

/** Every row of every table, as text: what a logical dump holds, on PGlite as on PostgreSQL. */
async function tableDump(database: TestDatabase): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(database.db);
  const rows = await Promise.all(
    tables.rows.map(({ table_name }) => sql`SELECT * FROM ${sql.table(table_name)}`.execute(database.db)),
  );
  return JSON.stringify(rows.map((result) => result.rows));
}

/** pg_dump of the test's schema, when the suite runs on a PostgreSQL server. */
async function pgDump(database: TestDatabase): Promise<string> {
  if (!databaseUrl || !database.schema) return '';
  const { stdout } = await run('pg_dump', ['--dbname', databaseUrl, '--schema', database.schema], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function insertContractWithMaskedNumber(database: TestDatabase): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    WITH affiliate AS (INSERT INTO affiliates (name) VALUES ('A') RETURNING id),
    device AS (
      INSERT INTO devices (os, name, model_name, eligible, premium_lump_sum, premium_monthly)
      VALUES ('aos', 'Galaxy', 'SM-X1', true, 100000, 9000) RETURNING id
    )
    INSERT INTO contracts (affiliate_id, mode, affiliate_uid, affiliate_cid, customer_ssn_encrypted,
      customer_ssn_masked, device_id, device_os, device_reported_name)
    SELECT affiliate.id, 'test', 'u', 'c', 'v1.k1.opaque', '860906-1******', device.id, 'aos', 'SM-X1'
    FROM affiliate, device
    RETURNING id`.execute(database.db);
  return (rows[0] as { id: string }).id;
}

describe('migrations', () => {
  const dirs: string[] = [];
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const database = await openTestDatabase({ migrated: false });
    databases.push(database);
    return database;
  };
  const folder = async (last: string) => {
    const dir = await migrationsUpTo(last);
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('a database migrated with 0006 loses the masked column and every clear digit it held', async () => {
    const database = await fresh();
    await migrate(database, await folder('0006_masked_resident_number.sql'));
    const contractId = await insertContractWithMaskedNumber(database);
    assert.match(await tableDump(database), /860906-1/, 'the arrangement holds the digits');

    const applied = await migrate(database);
    assert.ok(applied.includes('0007_drop_masked_resident_number.sql'));
    const column = await sql`
      SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'contracts' AND column_name = 'customer_ssn_masked'`.execute(
      database.db,
    );
    assert.equal(column.rows.length, 0);
    const dumps = [await tableDump(database), await pgDump(database)];
    for (const dump of dumps) for (const digits of CLEAR_DIGITS) assert.ok(!dump.includes(digits), digits);
    if (databaseUrl) assert.match(dumps[1] as string, /CREATE TABLE/, 'pg_dump ran');
    const row = await database.db
      .selectFrom('contracts')
      .select('customer_ssn_encrypted')
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    assert.equal(row.customer_ssn_encrypted, 'v1.k1.opaque', 'the encrypted number stays');
  });

  test('a new database goes through 0006 and 0007 and ends without the column', async () => {
    const database = await fresh();
    const applied = await migrate(database);
    assert.deepEqual(applied.slice(5, 7), [
      '0006_masked_resident_number.sql',
      '0007_drop_masked_resident_number.sql',
    ]);
    assert.deepEqual(await migrate(database), [], 'a second run applies nothing');
  });

  test('an applied migration whose file is gone stops migrate, naming the file', async () => {
    const database = await fresh();
    const dir = await folder('0007_drop_masked_resident_number.sql');
    await migrate(database, dir);
    await rm(join(dir, '0007_drop_masked_resident_number.sql'));
    await assert.rejects(
      migrate(database, dir),
      (error: unknown) =>
        error instanceof MigrationError &&
        /Migration 0007_drop_masked_resident_number\.sql is recorded as applied, but its file is gone/.test(
          error.message,
        ),
    );
  });

  test('an applied migration whose text changed stops migrate, naming the file', async () => {
    const database = await fresh();
    const dir = await folder('0002_images.sql');
    await migrate(database, dir);
    await writeFile(join(dir, '0002_images.sql'), '-- edited after landing\nSELECT 1;\n');
    await assert.rejects(
      migrate(database, dir),
      (error: unknown) =>
        error instanceof MigrationError &&
        /Migration 0002_images\.sql was edited after it was applied/.test(error.message),
    );
    const history = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(
      database.db,
    );
    assert.equal(history.rows[0]?.n, 2, 'nothing more was applied');
  });
});

describe('the CLI refuses a database whose history disagrees', {
  skip: databaseUrl ? 'covered on PGlite' : false,
}, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cpi-migrate-cli-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test('migrate exits 1 with the missing file named, and starts nothing', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    await run(process.execPath, [BIN, 'migrate'], { env });
    const database = await openTestDatabase({ migrated: false, pgliteDir: join(dataDir, 'pglite') });
    await sql`INSERT INTO schema_migrations (name, checksum) VALUES ('0099_gone.sql', 'x')`.execute(
      database.db,
    );
    await database.close();
    await assert.rejects(run(process.execPath, [BIN, 'migrate'], { env }), (error: unknown) => {
      const failed = error as { code: number; stderr: string };
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /^cp-insurance: Migration 0099_gone\.sql is recorded as applied/m);
      return true;
    });
  });
});
