import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatform } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { serve } from '../../src/runtime.js';
import { sampleMemory } from '../lib/memory-sampler.js';

const memory = sampleMemory();

/** The platform as `serve` runs it, on PGlite or DATABASE_URL, with one partner whose key it prints. */
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '10000000',
  DATA_DIR: process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cpi-bench-')),
});
const platform = await openPlatform({
  config,
  // stdout carries only the JSON line the bench reads; logs go to stderr.
  logger: createLogger(config.logLevel, process.stderr),
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

/** Where start-up left the process: the bench takes these off its final figures. */
function readyFigures() {
  const usage = process.resourceUsage();
  return {
    cpuMsAtReady: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    maxRssKbAtReady: usage.maxRSS,
  };
}

/** Peak memory and CPU time (user + system) since start, as the bench reads them from the last line. */
function finalFigures() {
  const usage = process.resourceUsage();
  return {
    maxRssKb: usage.maxRSS,
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    atPeak: memory.atPeak(),
  };
}
