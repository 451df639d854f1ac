import { mkdir, writeFile } from 'node:fs/promises';

/** Every scenario writes its figures, with when and where they were measured, to bench/results/<name>.json. */
export async function writeResult(name: string, figures: object): Promise<void> {
  await mkdir(new URL('../results/', import.meta.url), { recursive: true });
  const record = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    ...figures,
  };
  await writeFile(
    new URL(`../results/${name}.json`, import.meta.url),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}
