import { readdir, readFile } from 'node:fs/promises';
import type { Database } from './database.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Applies the SQL files of migrations/ not yet applied, in name order, each in its own transaction. */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith('.sql')).sort();
  return database.exclusive(async (run) => {
    await run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await run('SELECT name FROM schema_migrations')).map((row) => String(row.name)));
    const applied: string[] = [];
    for (const file of files.filter((name) => !done.has(name))) {
      const script = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      const literal = `'${file.replaceAll("'", "''")}'`;
      await run(`BEGIN;\n${script}\nINSERT INTO schema_migrations (name) VALUES (${literal});\nCOMMIT;`);
      applied.push(file);
    }
    return applied;
  });
}
