import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { contractInStatus } from '../helpers/contract-flow.js';
import { call, databaseUrl, startTestServer, type TestServer } from '../helpers/platform.js';
import { startRoundRobinProxy } from '../helpers/round-robin-proxy.js';
import { startS3rver } from '../helpers/s3rver.js';
import { startServeProcess, startWorkProcess } from '../helpers/serve-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const BUCKET = 'cpi-images';
const key = () => randomBytes(32).toString('base64');

/**
 * The documented production shape (compose.yaml) without containers: two `serve` processes and one
 * `work` process, each with a data directory of its own, on the machine's PostgreSQL and an S3
 * server, behind a balancer. The spec's whole flow runs through the balancer.
 */
describe('two serve processes and one work process behind a balancer', {
  skip: databaseUrl ? false : 'needs PostgreSQL (DATABASE_URL)',
}, () => {
  let arranger: TestServer;
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let receiver: WebhookReceiver;
  let balancer: Awaited<ReturnType<typeof startRoundRobinProxy>>;
  const processes: Array<{ stop(): Promise<string> }> = [];
  const dataDirs: string[] = [];
  let partner: { affiliateId: string; apiKey: string; webhookSecret: string };

  before(async () => {
    s3 = await startS3rver([BUCKET]);
    const shared = {
      STORAGE_DRIVER: 's3',
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // The same secrets on every process, as production requires.
      URL_SIGNING_KEY: key(),
      PII_ENCRYPTION_KEY: key(),
      PII_BLIND_INDEX_KEY: key(),
      OCR_WORKERS: '1',
    };
    // Arranges the partner and the inspector, and reads the database afterwards; it serves no traffic.
    arranger = await startTestServer(shared);
    partner = await arranger.partner();
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    await arranger.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    await arranger.platform.inspectors.createInspector(
      { email: 'lee@cp-insurance.test', password: 'correct horse battery', role: 'admin' },
      { kind: 'cli' },
    );
    const env = {
      ...shared,
      DATABASE_URL: `${databaseUrl}?options=${encodeURIComponent(`-c search_path=${arranger.schema}`)}`,
    };
    const dataDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cpi-node-'));
      dataDirs.push(dir);
      return dir;
    };
    const serves = await Promise.all([
      startServeProcess(await dataDir(), env),
      startServeProcess(await dataDir(), env),
    ]);
    processes.push(...serves, await startWorkProcess(await dataDir(), env));
    balancer = await startRoundRobinProxy(serves.map((serve) => serve.url));
  });

  after(async () => {
    await balancer?.close();
    await Promise.all(processes.map((child) => child.stop()));
    await receiver?.close();
    await arranger?.close();
    await s3?.close();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('create → step-1 → step-2 → checkout → decision → webhook → status 7, spread over both', async () => {
    const through = { call: (...args: Parameters<TestServer['call']>) => call(balancer.url, ...args) };
    const { contractId } = await contractInStatus(
      { ...through, platform: arranger.platform },
      partner.apiKey,
      3,
    );
    const login = await through.call('POST', '/admin/api/login', {
      json: { email: 'lee@cp-insurance.test', password: 'correct horse battery' },
    });
    assert.equal(login.status, 200, login.text);
    const decision = await through.call('POST', `/admin/api/contracts/${contractId}/inspection`, {
      json: { result: 0 },
      headers: { authorization: `Bearer ${login.json.data.token}` },
    });
    assert.equal(decision.status, 201, decision.text);

    // The work process delivers the webhook; the partner's acknowledgement completes the contract.
    let status: number | undefined;
    for (let waited = 0; waited < 60_000 && status !== 7; waited += 250) {
      const contract = await through.call('GET', `/cp-insurance/contract/${contractId}/`, {
        key: partner.apiKey,
      });
      status = contract.json.data.status;
      if (status !== 7) await sleep(250);
    }
    assert.equal(status, 7);
    const delivered = receiver.requests.filter(
      (request) => (request.body as { contract_id?: string }).contract_id === contractId,
    );
    assert.equal(delivered.length, 1);
    assert.ok(delivered[0]?.verified, 'signed with the partner secret');
    const timeline = await arranger.platform.database.db
      .selectFrom('contract_events')
      .select('to_status')
      .where('contract_id', '=', contractId)
      .where('to_status', 'is not', null)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      timeline.map((event) => event.to_status),
      [0, 1, 2, 3, 5, 7],
    );
    const [first, second] = balancer.served();
    assert.ok((first ?? 0) >= 5 && (second ?? 0) >= 5, `requests per serve process: ${balancer.served()}`);
  });
});
