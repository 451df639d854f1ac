import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './lib/load.js';
import { writeResult } from './lib/results.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'cp-insurance.js');
const PORT = 18_477;

interface Start {
  readyMs: number;
  rssMb: number;
}

/** Spawn to the first 200 from /readyz, and the process's resident memory then. */
async function startOnce(dataDir: string, nodeEnv: 'development' | 'production'): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: nodeEnv,
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve (${nodeEnv}) exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
        (answer) => answer.ok,
        () => false,
      );
      if (ready) break;
      await sleep(10);
    }
    const readyMs = performance.now() - started;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    return { readyMs, rssMb: rssKb / 1024 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) =>
  Math.round(
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    ),
  );

/**
 * `serve` from the compiled build (NODE_ENV=production) beside `serve` from the TypeScript sources
 * through tsx (development), alternating, on a migrated PGlite data directory each.
 */
export async function benchStartup({ rounds }: { rounds: number }): Promise<string> {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'main.js')))
    throw new Error('run `npm run build` first');
  const dirs = {
    development: await mkdtemp(join(tmpdir(), 'cpi-start-dev-')),
    production: await mkdtemp(join(tmpdir(), 'cpi-start-prod-')),
  };
  const samples: Record<keyof typeof dirs, Start[]> = { development: [], production: [] };
  try {
    for (const nodeEnv of ['development', 'production'] as const) await startOnce(dirs[nodeEnv], nodeEnv);
    for (let round = 0; round < rounds; round++) {
      for (const nodeEnv of ['development', 'production'] as const)
        samples[nodeEnv].push(await startOnce(dirs[nodeEnv], nodeEnv));
    }
  } finally {
    await Promise.all(Object.values(dirs).map((dir) => rm(dir, { recursive: true, force: true })));
  }
  const summary = (runs: Start[]) => ({
    readyMsMedian: median(runs.map((run) => run.readyMs)),
    rssMbMedian: median(runs.map((run) => run.rssMb)),
    runs,
  });
  const figures = { development: summary(samples.development), production: summary(samples.production) };
  const ratio = (figures.production.readyMsMedian / figures.development.readyMsMedian).toFixed(2);
  await writeResult('startup', { rounds, ...figures, readyRatio: Number(ratio) });
  return [
    '| start | ready (median) | RSS at ready (median) |',
    '| --- | --- | --- |',
    `| sources through tsx (development) | ${figures.development.readyMsMedian} ms | ${figures.development.rssMbMedian} MB |`,
    `| compiled dist/ (production) | ${figures.production.readyMsMedian} ms (${ratio} of tsx) | ${figures.production.rssMbMedian} MB |`,
  ].join('\n');
}
