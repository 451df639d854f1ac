import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';

/** The commit measured: the tree changes under the bench, so figures must say what they are of. */
function commitMeasured(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} (src modified)` : head;
  } catch {
    return null;
  }
}

/** Every scenario writes its figures, with when and where they were measured, to bench/results/<name>.json. */
export async function writeResult(name: string, figures: object): Promise<void> {
  await mkdir(new URL('../results/', import.meta.url), { recursive: true });
  const record = {
    measuredAt: new Date().toISOString(),
    commit: commitMeasured(),
    node: process.version,
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    ...figures,
  };
  await writeFile(
    new URL(`../results/${name}.json`, import.meta.url),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}
