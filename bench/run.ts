import { benchCandidate } from './candidate.bench.js';
import { benchContracts } from './contracts.bench.js';
import { benchOcr } from './ocr.bench.js';
import { benchQr } from './qr.bench.js';
import { benchReview } from './review.bench.js';
import { benchStartup } from './startup.bench.js';
import { benchUpload } from './upload.bench.js';
import { benchWebhooks } from './webhooks.bench.js';

/** `npm run bench [scenario...]`: runs the named scenarios (all by default) and prints their Markdown tables. */
const scenarios: Record<string, () => Promise<string>> = {
  candidate: () => benchCandidate({ rounds: 3, seconds: 8, connections: 50 }),
  upload: () => benchUpload({ rounds: 3, uploads: 100, connections: 50 }),
  contracts: () => benchContracts({ rounds: 5, seconds: 8, connections: 50 }),
  webhooks: () => benchWebhooks({ rounds: 3, events: 1000, steady: { perSecond: 100, count: 300 } }),
  ocr: benchOcr,
  qr: benchQr,
  review: () => benchReview({ rounds: 3, seconds: 3, connections: 10, queued: 5000 }),
  startup: () => benchStartup({ rounds: 7 }),
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
for (const name of chosen) {
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`Unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  process.stdout.write(`\n## ${name}\n\n${await scenario()}\n`);
}
