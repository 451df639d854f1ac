import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, ScriptRunner } from './database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The database's migration history disagrees with the files: refusing is safer than guessing. */
export class MigrationError extends Error {}

interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(`${dir}/${name}`, 'utf8');
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') };
    }),
  );
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A landed migration is never edited or deleted (docs/architecture.md, "Migrations"): an applied
 * one whose file is gone or whose text changed means the schema is not what the files say.
 * Migrations applied before checksums were kept get theirs recorded now.
 */
async function checkHistory(run: ScriptRunner, files: MigrationFile[]): Promise<Set<string>> {
  const byName = new Map(files.map((file) => [file.name, file]));
  const applied = await run('SELECT name, checksum FROM schema_migrations ORDER BY name');
  for (const row of applied) {
    const name = String(row.name);
    const file = byName.get(name);
    if (!file) {
      throw new MigrationError(
        `Migration ${name} is recorded as applied, but its file is gone from the migrations folder. A landed migration is never deleted: restore the file, and undo its change with a new migration.`,
      );
    }
    if (row.checksum === null) {
      await run(
        `UPDATE schema_migrations SET checksum = ${literal(file.checksum)} WHERE name = ${literal(name)}`,
      );
    } else if (row.checksum !== file.checksum) {
      throw new MigrationError(
        `Migration ${name} was edited after it was applied (its checksum changed). A landed migration is never edited: restore it, and make the change in a new migration.`,
      );
    }
  }
  return new Set(applied.map((row) => String(row.name)));
}

/**
 * Applies the SQL files of the migrations folder not yet applied, in name order, each in its own
 * transaction with its history row; refuses to run when the history disagrees with the files.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readMigrations(dir);
  return database.exclusive(async (run) => {
    await run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());\n' +
        'ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text;',
    );
    const done = await checkHistory(run, files);
    const applied: string[] = [];
    for (const file of files.filter(({ name }) => !done.has(name))) {
      const record = `INSERT INTO schema_migrations (name, checksum) VALUES (${literal(file.name)}, ${literal(file.checksum)});`;
      await run(`BEGIN;\n${file.script}\n${record}\nCOMMIT;`);
      applied.push(file.name);
    }
    return applied;
  });
}
