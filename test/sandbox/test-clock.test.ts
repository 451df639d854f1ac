import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decideSandboxContracts } from '../../src/modules/sandbox/decide-sandbox-contracts.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import { contractInStatus } from '../helpers/contract-flow.js';
import { expectedError, type TestServer } from '../helpers/platform.js';
import { startServerWithReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

describe('POST /cp-insurance/test/clock/advance', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let partner: Awaited<ReturnType<typeof startServerWithReceiver>>['partner'];
  let close: () => Promise<void>;

  before(async () => {
    ({ server, receiver, partner, close } = await startServerWithReceiver({ OCR_WORKERS: '1' }));
  });
  after(() => close());

  const advance = (json: unknown, key = partner.apiKey) =>
    server.call('POST', '/cp-insurance/test/clock/advance', { key, json });
  const row = (id: string) =>
    server.platform.database.db
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const deliver = () => deliverDueWebhooks(server.platform.webhookDelivery);

  test('until the payment deadline: the unpaid contract expires (9), its timeline moved with it', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 2);
    const before = await row(contractId);
    const answer = await advance({ contract_id: contractId, until: 'payment_deadline' });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(Object.keys(answer.json.data), [
      'contract_id',
      'advanced_hours',
      'status',
      'status_name',
    ]);
    assert.deepEqual(
      { ...answer.json.data, advanced_hours: 0 },
      {
        contract_id: contractId,
        advanced_hours: 0,
        status: 9,
        status_name: 'expired',
      },
    );
    const hours = answer.json.data.advanced_hours;
    assert.ok(hours > 23 && hours <= 24.01, `${hours}`);
    const after = await row(contractId);
    const moved = before.created_at.getTime() - after.created_at.getTime();
    // advanced_hours is rounded to 3 decimals (3.6 s).
    assert.ok(Math.abs(moved - hours * 3_600_000) < 3_600, `created_at moved by the same span: ${moved} ms`);
  });

  test('the deadline tasks run for the moved contract only, even where others are due', async () => {
    const moved = await contractInStatus(server, partner.apiKey, 2);
    const live = await server.partner('live');
    const dueElsewhere = await contractInStatus(server, live.apiKey, 2);
    await server.platform.database.db
      .updateTable('contracts')
      .set({ payment_due_at: new Date(Date.now() - 60_000) })
      .where('id', '=', dueElsewhere.contractId)
      .execute();
    const answer = await advance({ contract_id: moved.contractId, until: 'payment_deadline' });
    assert.equal(answer.json.data.status, 9);
    assert.equal((await row(dueElsewhere.contractId)).status, 2, 'the worker expires it, on its own time');
  });

  test('until a deadline that does not apply to the status: 409, nothing moved', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    const before = await row(contractId);
    const answer = await advance({ contract_id: contractId, until: 'payment_deadline' });
    expectedError(409, 'invalid_status', answer);
    assert.deepEqual(await row(contractId), before);
    expectedError(400, 'validation_failed', await advance({ contract_id: contractId }), { field: 'hours' });
  });

  test('until the re-inspection deadline: rejected with reject_type 4, status 6 on acknowledgement', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3, undefined, {
      sandbox_outcome: 'reinspect',
    });
    await decideSandboxContracts(server.platform.database.db, server.platform.clock, 0);
    await deliver();
    assert.equal((await row(contractId)).status, 4);
    const answer = await advance({ contract_id: contractId, until: 'reinspection_deadline' });
    assert.equal(answer.status, 200, answer.text);
    await deliver();
    assert.equal((await row(contractId)).status, 6);
    const rejection = receiver.requests
      .map((request) => request.body as { contract_id: string; result: number; reject_type?: number })
      .find((body) => body.contract_id === contractId && body.result === 2);
    assert.equal(rejection?.reject_type, 4);
  });

  test('past the retention period a contract that ended without cover has its personal data erased', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 2);
    await advance({ contract_id: contractId, until: 'payment_deadline' });
    assert.equal((await row(contractId)).customer_name, '홍길동');
    assert.equal((await advance({ contract_id: contractId, hours: 91 * 24 })).status, 200);
    const erased = await row(contractId);
    assert.equal(erased.customer_name, null);
    assert.equal(erased.customer_ssn_encrypted, null);
    assert.notEqual(erased.personal_data_erased_at, null);
  });

  test('bad input is refused with a clear 4xx and changes nothing', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 0);
    const before = await row(contractId);
    const cases: Array<[unknown, string | null, number, string, string | undefined]> = [
      [{ contract_id: contractId, hours: 0 }, null, 400, 'validation_failed', 'hours'],
      [{ contract_id: contractId, hours: -5 }, null, 400, 'validation_failed', 'hours'],
      [{ contract_id: contractId, hours: 9601 }, null, 400, 'validation_failed', 'hours'],
      [{ contract_id: contractId }, null, 400, 'validation_failed', 'hours'],
      [
        { contract_id: contractId, hours: 1, until: 'payment_deadline' },
        null,
        400,
        'validation_failed',
        'hours',
      ],
      [{ contract_id: contractId, until: 'tomorrow' }, null, 400, 'validation_failed', 'until'],
      [{ contract_id: contractId, until: 'payment_deadline' }, null, 409, 'invalid_status', undefined],
      [
        { contract_id: contractId, hours: 1 },
        (await server.partner('live')).apiKey,
        403,
        'test_mode_only',
        undefined,
      ],
      [{ contract_id: contractId, hours: 1 }, (await server.partner()).apiKey, 404, 'not_found', undefined],
      [{ contract_id: 'not-a-uuid', hours: 1 }, null, 404, 'not_found', undefined],
    ];
    for (const [json, key, status, code, field] of cases) {
      const answer = await advance(json, key ?? partner.apiKey);
      assert.equal(answer.status, status, `${JSON.stringify(json)}: ${answer.text}`);
      assert.deepEqual(answer.json, expectedError(status, code, answer, field ? { field } : {}));
    }
    assert.deepEqual(await row(contractId), before);
  });
});
