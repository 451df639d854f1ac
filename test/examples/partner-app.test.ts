import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorker } from '../../src/worker.js';
import { freePort, startTestServer, type TestServer } from '../helpers/platform.js';

const APP = join(import.meta.dirname, '../../examples/partner-app');

/** `npm start` of examples/partner-app, as a process of its own; its whole output and exit code. */
function runExampleApp(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@cp-insurance/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: APP,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('the example partner app runs every sandbox outcome with the SDK alone', () => {
  let server: TestServer;
  let worker: { stop(): Promise<void> };
  before(async () => {
    server = await startTestServer({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      SANDBOX_DECISION_DELAY_MS: '300',
      OCR_WORKERS: '1',
    });
    worker = startWorker(server.platform);
  });
  after(async () => {
    await worker.stop();
    await server.close();
  });

  test('approve, approve monthly, reinspect, reject and expire end where the scenario says', async () => {
    const partner = await server.partner('test');
    const port = await freePort();
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `http://127.0.0.1:${port}/webhooks`);
    const { code, output } = await runExampleApp({
      CPI_BASE_URL: server.baseUrl,
      CPI_API_KEY: partner.apiKey,
      CPI_WEBHOOK_SECRET: partner.webhookSecret,
      WEBHOOK_PORT: String(port),
    });
    assert.equal(code, 0, output);
    for (const line of [
      'approve: ok: statuses 7 (expected 7)',
      'approve_monthly: ok: statuses 7 (expected 7)',
      'reinspect: ok: statuses 4 → 3 → 7 (expected 4 → 3 → 7)',
      'reject: ok: statuses 6 (expected 6)',
      'expire: ok: statuses 9 (expected 9)',
    ])
      assert.ok(output.includes(line), `${line}\n${output}`);
    assert.match(
      output,
      /approve_monthly: webhook result 0 \(inspection.completed\), next premium \d+ KRW due/,
    );
    const sandboxEvents = await server.platform.database.db
      .selectFrom('contract_events')
      .innerJoin('contracts', 'contracts.id', 'contract_events.contract_id')
      .select(['contract_events.action'])
      .where('contracts.affiliate_id', '=', partner.affiliateId)
      .where('contract_events.actor', '=', 'sandbox')
      .execute();
    assert.equal(
      sandboxEvents.length,
      5,
      'approve ×2, reinspect ×2 (two rounds), reject: decided by the sandbox',
    );
  });
});
