import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { decideInspection } from '../../src/modules/inspection/decide-inspection.js';
import { customerBody, newPhone } from '../helpers/contract-flow.js';
import { databaseUrl, startTestServer, type TestServer } from '../helpers/platform.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const BIN = new URL('../../bin/cp-insurance.js', import.meta.url).pathname;
const EVENTS = 40;

describe('two worker processes on one PostgreSQL', {
  skip: databaseUrl ? false : 'needs PostgreSQL (DATABASE_URL)',
}, () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  const workers: ChildProcess[] = [];

  before(async () => {
    server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const partner = await server.partner();
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    // A slow partner widens the window in which both workers look for due events.
    receiver.respondWith(() => ({
      status: 200,
      body: { result: true, contract_url: 'https://partner.example/c' },
      delayMs: 50,
    }));
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    const db = server.platform.database.db;
    for (let i = 0; i < EVENTS; i++) {
      const created = await server.call('POST', '/cp-insurance/contract/create/', {
        key: partner.apiKey,
        json: customerBody(`two-workers-${i}`, newPhone()),
      });
      // Arranged straight into status 3: this test is about delivery, the flow up to 3 is tested elsewhere.
      await db
        .updateTable('contracts')
        .set({ status: 3, inspection_round: 1, payment_type: '0' })
        .where('id', '=', created.json.data.contract_id)
        .execute();
      await decideInspection(
        { db, clock: server.platform.clock },
        created.json.data.contract_id,
        { result: 0 },
        { kind: 'inspector', id: null },
      );
    }
  });
  after(async () => {
    for (const worker of workers) worker.kill('SIGTERM');
    await server.close();
    await receiver.close();
  });

  test('every event is delivered once and every acknowledgement applied once', async () => {
    const schema = (
      await server.platform.database.db
        .selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('schema'))
        .executeTakeFirstOrThrow()
    ).schema;
    const url = `${databaseUrl}${databaseUrl?.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    for (let i = 0; i < 2; i++) {
      workers.push(
        spawn(process.execPath, [BIN, 'work'], {
          env: {
            ...process.env,
            DATABASE_URL: url,
            DATA_DIR: server.platform.config.dataDir,
            WEBHOOK_ALLOW_PRIVATE: 'true',
            LOG_LEVEL: 'warn',
          },
          stdio: 'ignore',
        }),
      );
    }
    const deadline = Date.now() + 60_000;
    const db = server.platform.database.db;
    const delivered = async () =>
      Number(
        (
          await db
            .selectFrom('webhook_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'delivered')
            .executeTakeFirstOrThrow()
        ).n,
      );
    while ((await delivered()) < EVENTS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await delivered(), EVENTS);
    const ids = receiver.requests.map((request) => request.headers['webhook-id']);
    assert.equal(ids.length, EVENTS, 'no attempt was sent twice');
    assert.equal(new Set(ids).size, EVENTS);
    const acks = await db
      .selectFrom('contract_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'acknowledgeCompletion')
      .executeTakeFirstOrThrow();
    assert.equal(Number(acks.n), EVENTS);
    const complete = await db
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 7)
      .executeTakeFirstOrThrow();
    assert.equal(Number(complete.n), EVENTS);
  });
});
