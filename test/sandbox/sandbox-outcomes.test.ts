import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decideSandboxContracts } from '../../src/modules/sandbox/decide-sandbox-contracts.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import { contractInStatus, customerBody, newPhone, resubmitPhotos } from '../helpers/contract-flow.js';
import { expectedError, type TestServer } from '../helpers/platform.js';
import { startServerWithReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

describe('the sandbox decides test-mode contracts by the outcome asked for at create', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let partner: Awaited<ReturnType<typeof startServerWithReceiver>>['partner'];
  let close: () => Promise<void>;

  before(async () => {
    ({ server, receiver, partner, close } = await startServerWithReceiver({ OCR_WORKERS: '1' }));
  });
  after(() => close());

  const db = () => server.platform.database.db;
  /** The sandbox's pass with no wait, then the webhooks it queued, delivered and acknowledged. */
  async function decideAndDeliver(): Promise<number> {
    const decided = await decideSandboxContracts(db(), server.platform.clock, 0);
    await deliverDueWebhooks(server.platform.webhookDelivery);
    return decided;
  }
  const statusOf = async (id: string) =>
    (await server.call('GET', `/cp-insurance/contract/${id}/`, { key: partner.apiKey })).json.data.status;
  const webhooksOf = (id: string) =>
    receiver.requests
      .filter((request) => (request.body as { contract_id?: string }).contract_id === id)
      .map((request) => request.body as { result: number; reject_type?: number });
  const sandboxEvents = (id: string) =>
    db()
      .selectFrom('contract_events')
      .select(['action', 'actor'])
      .where('contract_id', '=', id)
      .where('actor', '=', 'sandbox')
      .orderBy('id')
      .execute();

  test('by default a contract is approved a while after checkout, then completed on acknowledgement', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    assert.equal(
      await decideSandboxContracts(db(), server.platform.clock, 60_000),
      0,
      'not before the delay',
    );
    assert.equal(await statusOf(contractId), 3);
    assert.ok((await decideAndDeliver()) >= 1);
    assert.equal(await statusOf(contractId), 7);
    const [webhook] = webhooksOf(contractId);
    assert.equal(webhook?.result, 0);
    assert.ok(receiver.requests.every((request) => request.verified));
    assert.deepEqual(await sandboxEvents(contractId), [{ action: 'approveInspection', actor: 'sandbox' }]);
  });

  test('reinspect: webhook result 1, status 4; after step-2/update the new photos are approved', async () => {
    const state = await contractInStatus(server, partner.apiKey, 3, undefined, {
      sandbox_outcome: 'reinspect',
    });
    await decideAndDeliver();
    assert.equal(await statusOf(state.contractId), 4);
    assert.equal(await decideAndDeliver(), 0, 'round 1 is decided: it waits for new photos');
    assert.equal(await statusOf(state.contractId), 4);
    const update = await resubmitPhotos(server, partner.apiKey, state);
    assert.equal(update.status, 200, update.text);
    await decideAndDeliver();
    assert.equal(await statusOf(state.contractId), 7);
    assert.deepEqual(
      webhooksOf(state.contractId).map((webhook) => webhook.result),
      [1, 0],
    );
    assert.deepEqual(
      (await sandboxEvents(state.contractId)).map((event) => event.action),
      ['requestReinspection', 'approveInspection'],
    );
  });

  test('reject: webhook result 2 with reject_type 9, status 6', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3, undefined, {
      sandbox_outcome: 'reject',
    });
    await decideAndDeliver();
    assert.equal(await statusOf(contractId), 6);
    assert.deepEqual(
      webhooksOf(contractId).map(({ result, reject_type }) => ({ result, reject_type })),
      [{ result: 2, reject_type: 9 }],
    );
  });

  test('manual: left to an inspector', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3, undefined, {
      sandbox_outcome: 'manual',
    });
    await decideAndDeliver();
    assert.equal(await statusOf(contractId), 3);
    assert.deepEqual(webhooksOf(contractId), []);
  });

  test('an unknown outcome with a test key is 400 naming the field, and creates nothing', async () => {
    const before = await db().selectFrom('contracts').select('id').execute();
    const answer = await server.call('POST', '/cp-insurance/contract/create/', {
      key: partner.apiKey,
      json: { ...customerBody('cid-bogus', newPhone()), sandbox_outcome: 'approve_later' },
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(
      answer.json,
      expectedError(400, 'validation_failed', answer, { field: 'sandbox_outcome' }),
    );
    assert.equal(
      answer.json.error.message,
      'sandbox_outcome must be one of approve, reinspect, reject, manual.',
    );
    assert.equal((await db().selectFrom('contracts').select('id').execute()).length, before.length);
  });

  test('in live mode the field is ordinary data: any value is accepted and nothing decides itself', async () => {
    const live = (await server.partner('live')).apiKey;
    for (const outcome of ['reject', 'approve_later']) {
      const created = await server.call('POST', '/cp-insurance/contract/create/', {
        key: live,
        json: { ...customerBody(`cid-live-${outcome}`, newPhone()), sandbox_outcome: outcome },
      });
      assert.equal(created.status, 201, created.text);
      const row = await db()
        .selectFrom('contracts')
        .select('sandbox_outcome')
        .where('id', '=', created.json.data.contract_id)
        .executeTakeFirstOrThrow();
      assert.equal(row.sandbox_outcome, null);
    }
    const { contractId } = await contractInStatus(server, live, 3, undefined, { sandbox_outcome: 'reject' });
    await decideAndDeliver();
    assert.equal(
      (await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key: live })).json.data.status,
      3,
    );
  });
});
