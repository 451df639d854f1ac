import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatform } from '../../src/app.js';
import { serve } from '../../src/runtime.js';
import { benchConfig, benchLogger } from '../lib/bench-config.js';
import { sampleMemory } from '../lib/memory-sampler.js';
import { processFigures, readyFigures } from '../lib/process-figures.js';

const memory = sampleMemory();

/** The platform as `serve` runs it, on PGlite or DATABASE_URL, with one partner whose key it prints. */
const config = benchConfig({
  DATA_DIR: process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cpi-bench-')),
});
const platform = await openPlatform({
  config,
  logger: benchLogger(config),
  ...(process.env.BENCH_SCHEMA ? { schema: process.env.BENCH_SCHEMA } : {}),
});
const partner = await platform.affiliates.createAffiliate({ name: 'bench', mode: 'test', webhookUrl: null });
const running = await serve(platform);
process.stdout.write(
  `${JSON.stringify({ port: Number(new URL(running.url).port), apiKey: partner.api_key, ...readyFigures() })}\n`,
);
process.on('SIGTERM', async () => {
  await running.stop();
  await platform.close();
  // The last stdout line: the bench reads the process's peak memory from it (stop() resolves with it).
  process.stdout.write(`${JSON.stringify(finalFigures())}\n`, () => process.exit(0));
});

/** With the process's figures, what its peak memory was made of. */
function finalFigures() {
  return { ...processFigures(), atPeak: memory.atPeak() };
}
