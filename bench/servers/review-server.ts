import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatform } from '../../src/app.js';
import { serve } from '../../src/runtime.js';
import { benchConfig, benchLogger } from '../lib/bench-config.js';
import { processFigures } from '../lib/process-figures.js';
import { arrangeReview, REVIEW_INSPECTOR } from '../lib/review-arrangement.js';

/**
 * The platform as `serve` runs it (PGlite, or DATABASE_URL in BENCH_SCHEMA), with the review page's
 * data arranged (argv[2] queued contracts); prints where to sign in and which contract to open.
 */
const config = benchConfig({
  OCR_WORKERS: '1',
  DATA_DIR: process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cpi-bench-review-')),
});
const platform = await openPlatform({
  config,
  logger: benchLogger(config),
  ...(process.env.BENCH_SCHEMA ? { schema: process.env.BENCH_SCHEMA } : {}),
});
const running = await serve(platform);
const arranged = await arrangeReview(platform, running.url, Number(process.argv[2] ?? 5000));
process.stdout.write(
  `${JSON.stringify({ port: Number(new URL(running.url).port), ...REVIEW_INSPECTOR, ...arranged })}\n`,
);
process.on('SIGTERM', async () => {
  await running.stop();
  await platform.close();
  process.stdout.write(`${JSON.stringify(processFigures())}\n`, () => process.exit(0));
});
