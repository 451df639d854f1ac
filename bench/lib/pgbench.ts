import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgbenchResult {
  tps: number;
  latencyAverageMs: number;
  transactions: number;
  failed: number;
}

/** pgbench's -M: `simple` is its default, `prepared` what the platform's driver does. */
export type PgbenchProtocol = 'simple' | 'prepared';

/** Runs a custom pgbench script against `url` in `schema` (through PGOPTIONS' search_path). */
export async function runPgbench(options: {
  url: string;
  schema: string;
  script: string;
  clients: number;
  threads: number;
  seconds: number;
  protocol: PgbenchProtocol;
}): Promise<PgbenchResult> {
  const file = join(tmpdir(), `cpi-bench-${options.schema}-${process.pid}.sql`);
  await writeFile(file, options.script);
  const { stdout } = await run(
    'pgbench',
    [
      ...['-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds)],
      // -n: no vacuum of pgbench's own tables (there are none).
      ...['-n', '-M', options.protocol, '-f', file, options.url],
    ],
    { env: { ...process.env, PGOPTIONS: `-c search_path=${options.schema}` } },
  ).finally(() => rm(file, { force: true }));
  const figure = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
  return {
    tps: figure(/tps = ([\d.]+)/),
    latencyAverageMs: figure(/latency average = ([\d.]+) ms/),
    transactions: figure(/number of transactions actually processed: (\d+)/),
    failed: figure(/number of failed transactions: (\d+)/),
  };
}
