import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LoadResult } from './load.js';

const run = promisify(execFile);

/**
 * Runs wrk (C, Debian's `wrk` package) with a Lua script whose `done` prints one JSON line of its
 * figures, with the creates it sent and those answered with an id (create-then-read.lua). The
 * contracts bench drives HTTP with it so that its load generator costs about what pgbench's
 * client does: autocannon in Node takes a fifth of a core from the two the server and the
 * database share.
 */
export async function runWrk(options: {
  url: string;
  script: string;
  scriptArgs: string[];
  connections: number;
  threads: number;
  seconds: number;
}): Promise<LoadResult> {
  const { stdout, stderr } = await run(
    'wrk',
    [
      ...['-c', String(options.connections), '-t', String(options.threads), '-d', `${options.seconds}s`],
      // As autocannon's: wrk's default of 2 s would drop slower answers from the latencies.
      ...['--timeout', '10s'],
      ...[
        '-s',
        fileURLToPath(new URL(options.script, import.meta.url)),
        options.url,
        '--',
        ...options.scriptArgs,
      ],
    ],
    { maxBuffer: 1 << 20 },
  ).catch((error: Error & { code?: string }) => {
    if (error.code === 'ENOENT') throw new Error('wrk is not installed: apt-get install wrk');
    throw error;
  });
  const line = stdout.split('\n').find((text) => text.startsWith('{"responses"'));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}\n${stderr}`);
  const figures = JSON.parse(line) as Record<
    'responses' | 'elapsedUs' | 'non2xx' | 'errors' | 'p50Us' | 'p95Us' | 'p99Us' | 'cpuMs',
    number
  > &
    Record<'creates' | 'createdIds', number>;
  // wrk counts only statuses ≥ 400; a create answered without an id (any other status) is a
  // failure too. The creates still in flight when the run ends are not.
  const createsWithoutId = Math.max(0, figures.creates - figures.createdIds - options.connections);
  const ms = (us: number) => Math.round(us / 100) / 10;
  const elapsedMs = figures.elapsedUs / 1000;
  return {
    requestsPerSecond: figures.responses / (elapsedMs / 1000),
    p50Ms: ms(figures.p50Us),
    p95Ms: ms(figures.p95Us),
    p99Ms: ms(figures.p99Us),
    non2xx: figures.non2xx + createsWithoutId,
    errors: figures.errors,
    responses: figures.responses,
    elapsedMs,
    generatorCpuMs: figures.cpuMs,
  };
}
