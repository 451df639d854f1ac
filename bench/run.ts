import { benchCandidate } from './candidate.bench.js';

/** `npm run bench [scenario...]`: runs the named scenarios (all by default) and prints their Markdown tables. */
const scenarios: Record<string, () => Promise<string>> = {
  candidate: () => benchCandidate({ rounds: 3, seconds: 8, connections: 50 }),
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
for (const name of chosen) {
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`Unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  process.stdout.write(`\n## ${name}\n\n${await scenario()}\n`);
}
