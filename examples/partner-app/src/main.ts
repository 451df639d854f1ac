import { CpInsurance, type InspectionWebhook } from '@cp-insurance/sdk';
import { runScenario, SCENARIOS, type ScenarioName } from './scenarios.js';
import { startWebhookReceiver } from './webhook-receiver.js';

/**
 * The example partner app: runs each sandbox scenario with the SDK and the platform's sample images,
 * receives and verifies the webhooks, and prints each status. Exit code 0 when every contract ended
 * where the scenario says. Set CPI_BASE_URL, CPI_API_KEY (cpi_test_…), CPI_WEBHOOK_SECRET, and point
 * your test-mode webhook at http://127.0.0.1:$WEBHOOK_PORT/webhooks.
 */
const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};
const baseUrl = env('CPI_BASE_URL', 'http://127.0.0.1:8080');
const sdk = new CpInsurance({
  baseUrl,
  apiKey: env('CPI_API_KEY'),
  webhookSecret: env('CPI_WEBHOOK_SECRET'),
});
const names = env('SCENARIOS', Object.keys(SCENARIOS).join(',')).split(',') as ScenarioName[];

const waiting = new Map<string, Array<(webhook: InspectionWebhook) => void>>();
const early = new Map<string, InspectionWebhook[]>();
const receiver = await startWebhookReceiver(sdk, Number(env('WEBHOOK_PORT', '4000')), (webhook) => {
  const next = waiting.get(webhook.affiliate_cid)?.shift();
  if (next) next(webhook);
  else early.set(webhook.affiliate_cid, [...(early.get(webhook.affiliate_cid) ?? []), webhook]);
});
const nextWebhook = (cid: string) =>
  new Promise<InspectionWebhook>((resolve, reject) => {
    const queued = early.get(cid)?.shift();
    if (queued) return resolve(queued);
    const timer = setTimeout(() => reject(new Error(`no webhook for ${cid} within 60 s`)), 60_000);
    const deliver = (webhook: InspectionWebhook) => {
      clearTimeout(timer);
      resolve(webhook);
    };
    waiting.set(cid, [...(waiting.get(cid) ?? []), deliver]);
  });

const endpoint = await sdk.webhookEndpoint();
console.log(`webhooks: ${receiver.url} (the platform sends to ${JSON.stringify(endpoint)})`);
const samples = new Map<string, Uint8Array>();
for (const file of [
  'about-phone.png',
  'front-1.jpg',
  'front-2.jpg',
  'front-3.jpg',
  'rear-1.jpg',
  'rear-2.jpg',
  'rear-3.jpg',
])
  samples.set(
    file,
    new Uint8Array(await (await fetch(new URL(`/docs/samples/${file}`, baseUrl))).arrayBuffer()),
  );

let failed = 0;
try {
  for (const name of names) {
    const seen = await runScenario({ sdk, samples, nextWebhook, log: console.log }, name);
    const expected = SCENARIOS[name].expected;
    const ok = JSON.stringify(seen) === JSON.stringify(expected);
    if (!ok) failed++;
    console.log(
      `${name}: ${ok ? 'ok' : 'FAILED'}: statuses ${seen.join(' → ')} (expected ${expected.join(' → ')})`,
    );
  }
} finally {
  await receiver.close();
}
process.exitCode = failed ? 1 : 0;
