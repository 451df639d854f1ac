/**
 * Two `work` processes, one outbox: 1,000 webhooks queued (two per contract: a re-inspection
 * request, then the completion) before either worker starts. Each is delivered once, each
 * acknowledgement applied once, and a contract's webhooks arrive in the order they were written.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decideInspection } from '../../src/modules/inspection/decide-inspection.js';
import { customerBody, newPhone } from '../helpers/contract-flow.js';
import { databaseUrl, startTestServer, type TestServer } from '../helpers/platform.js';
import { spawnPlatform } from '../helpers/platform-process.js';
import { defaultAnswer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const CONTRACTS = 500;
const WEBHOOKS = CONTRACTS * 2;
/** The documented retries: each of these answered 503 once. */
const RETRIED = CONTRACTS / 10;
const SCHEDULER = { kind: 'inspector', id: null } as const;
const REINSPECTION = {
  result: 1,
  detail: { front: { result: false, msg: '화면이 보이지 않습니다.' }, rear: { result: true, msg: null } },
} as const;

describe('two worker processes on one PostgreSQL outbox', {
  skip: databaseUrl ? false : 'needs PostgreSQL (DATABASE_URL)',
}, () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  const workers: ChildProcess[] = [];
  const contractIds: string[] = [];
  /** The deliveries answered 200, in the order they arrived. */
  const acknowledged: { id: string; type: string }[] = [];

  before(async () => {
    server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const partner = await server.partner();
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    // Every tenth contract's re-inspection request fails once: its completion, due meanwhile, must wait.
    const failedOnce = new Set<string>();
    receiver.respondWith((request) => {
      const { contract_id: id, type } = request.body as { contract_id: string; type: string };
      const index = contractIds.indexOf(id);
      if (type === 'inspection.reinspection_requested' && index % 10 === 0 && !failedOnce.has(id)) {
        failedOnce.add(id);
        return { status: 503 };
      }
      acknowledged.push({ id, type });
      return defaultAnswer(request);
    });
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    for (let i = 0; i < CONTRACTS; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, CONTRACTS - i) }, (_, j) =>
          server.call('POST', '/cp-insurance/contract/create/', {
            key: partner.apiKey,
            json: customerBody(`two-workers-${i + j}`, newPhone()),
          }),
        ),
      );
      contractIds.push(...batch.map((created) => created.json.data.contract_id as string));
    }
    // Arranged straight into inspection: this test is about delivery, the flow up to 3 is tested elsewhere.
    const { clock } = server.platform;
    const { db } = server.platform.database;
    const inspectRound = (round: number) =>
      db
        .updateTable('contracts')
        .set({ status: 3, inspection_round: round, payment_type: '0' })
        .where('id', 'in', contractIds)
        .execute();
    await inspectRound(1);
    for (const id of contractIds) await decideInspection({ db, clock }, id, REINSPECTION, SCHEDULER);
    await inspectRound(2);
    for (const id of contractIds) await decideInspection({ db, clock }, id, { result: 0 }, SCHEDULER);
  });
  after(async () => {
    for (const worker of workers) worker.kill('SIGTERM');
    await server?.close();
    await receiver?.close();
  });

  test(`${WEBHOOKS} queued webhooks: each delivered once, in order per contract`, async (t) => {
    const { db } = server.platform.database;
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
    const started = Date.now();
    for (let i = 0; i < 2; i++)
      workers.push(await spawnPlatform(server, 'work', { WEBHOOK_ALLOW_PRIVATE: 'true' }));
    const deadline = Date.now() + 240_000;
    while ((await delivered()) < WEBHOOKS && Date.now() < deadline) await sleep(200);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(await delivered(), WEBHOOKS);

    const ids = receiver.requests.map((request) => request.headers['webhook-id']);
    assert.equal(ids.length, WEBHOOKS + RETRIED, 'no attempt sent twice beyond the retries of the 503s');
    assert.equal(new Set(ids).size, WEBHOOKS);
    const typesByContract = new Map<string, string[]>();
    for (const { id, type } of acknowledged)
      typesByContract.set(id, [...(typesByContract.get(id) ?? []), type]);
    assert.equal(typesByContract.size, CONTRACTS);
    const outOfOrder = [...typesByContract].filter(
      ([, types]) => types.join() !== 'inspection.reinspection_requested,inspection.completed',
    );
    assert.deepEqual(outOfOrder, [], 'every contract: the re-inspection request, then the completion');

    const count = async (action: string) =>
      Number(
        (
          await db
            .selectFrom('contract_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', action)
            .where('contract_id', 'in', contractIds)
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count('acknowledgeCompletion'), CONTRACTS, 'each completion applied once');
    const complete = await db
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 7)
      .where('id', 'in', contractIds)
      .executeTakeFirstOrThrow();
    assert.equal(Number(complete.n), CONTRACTS);
    t.diagnostic(
      `${WEBHOOKS} webhooks over ${CONTRACTS} contracts by two workers: delivered ${await delivered()}, ` +
        `received ${ids.length} (${ids.length - new Set(ids).size} of them retries of a 503), out of order ${outOfOrder.length}, ` +
        `${seconds.toFixed(1)} s`,
    );
  });
});
