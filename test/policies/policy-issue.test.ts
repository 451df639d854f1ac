/**
 * At status 7 a contract becomes a policy: GET contract shows its payment type, premium, cover and,
 * for monthly payers, the premiums still to come, the first being the completion webhook's
 * checkout.due_date and amount.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addCalendar, formatKstDate, formatKstDateTime } from '../../src/core/time.js';
import { decideInspection } from '../../src/modules/inspection/decide-inspection.js';
import { deliverDueWebhooks, resendWebhook } from '../../src/modules/webhooks/webhook-delivery.js';
import { contractInStatus, kstNow } from '../helpers/contract-flow.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

describe('the policy issued at status 7', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let key: string;

  before(async () => {
    server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true', SANDBOX_DECISION_DELAY_MS: '3600000' });
    const partner = await server.partner('test');
    key = partner.apiKey;
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
  });

  const view = async (contractId: string) =>
    (await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key })).json.data;

  /** The inspector approves; the receiver acknowledges; the contract is at 7. Answers the webhook body. */
  async function complete(contractId: string) {
    const { db } = server.platform.database;
    await decideInspection(
      { db, clock: server.platform.clock },
      contractId,
      { result: 0 },
      { kind: 'inspector', id: null },
    );
    const decidedAt = server.platform.clock.now();
    await deliverDueWebhooks(server.platform.webhookDelivery);
    const sent = receiver.requests.at(-1)?.body as {
      contract_id: string;
      checkout?: { due_date: string; amount: number };
    };
    assert.equal(sent.contract_id, contractId);
    assert.equal((await view(contractId)).status, 7);
    return { sent, decidedAt };
  }

  test('monthly: the schedule starts at the webhook’s checkout.due_date and runs while cover lasts', async () => {
    const state = await contractInStatus(server, key, 3);
    assert.equal((await view(state.contractId)).policy, null, 'no policy before 7');
    const { sent, decidedAt } = await complete(state.contractId);
    const policy = (await view(state.contractId)).policy;
    const start = addCalendar(formatKstDate(decidedAt), { days: 1 });
    const end = addCalendar(start, { years: 1, days: -1 });
    const firstDue = sent.checkout?.due_date as string;
    assert.equal(firstDue, addCalendar(formatKstDate(decidedAt), { months: 1 }));
    const dues = Array.from({ length: 11 }, (_, month) => addCalendar(firstDue, { months: month }));
    assert.deepEqual(policy, {
      payment_type: '1',
      premium: sent.checkout?.amount,
      coverage_start: start,
      coverage_end: end,
      issued_at: policy.issued_at,
      schedule: dues.map((due_date) => ({ due_date, amount: sent.checkout?.amount, paid_at: null })),
    });
    assert.match(policy.issued_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.ok(policy.issued_at >= formatKstDateTime(decidedAt));
  });

  test('lump sum: the premium paid at checkout, no schedule', async () => {
    const state = await contractInStatus(server, key, 2);
    const device = await server.platform.devices.findDevice(state.phone.os, state.phone.model);
    const amount = device?.premium_lump_sum as number;
    const checkout = await server.call('POST', `/cp-insurance/contract/${state.contractId}/checkout/`, {
      key,
      json: { type: '0', amount, datetime: kstNow() },
    });
    assert.equal(checkout.json?.data?.status, 3, checkout.text);
    const { decidedAt } = await complete(state.contractId);
    const start = addCalendar(formatKstDate(decidedAt), { days: 1 });
    const { policy } = await view(state.contractId);
    assert.deepEqual(
      { ...policy, issued_at: null },
      {
        payment_type: '0',
        premium: amount,
        coverage_start: start,
        coverage_end: addCalendar(start, { years: 1, days: -1 }),
        issued_at: null,
        schedule: [],
      },
    );
  });

  test('a webhook resent and acknowledged again issues nothing twice', async () => {
    const { db } = server.platform.database;
    const { clock } = server.platform;
    const events = await db.selectFrom('webhook_events').select('id').execute();
    for (const { id } of events) {
      await db.updateTable('webhook_events').set({ status: 'dead' }).where('id', '=', id).execute();
      await resendWebhook(db, clock, id, { kind: 'cli' });
    }
    assert.equal(await deliverDueWebhooks(server.platform.webhookDelivery), 2);
    const policies = await db.selectFrom('policies').select('contract_id').execute();
    const schedule = await db.selectFrom('premium_schedule').select('contract_id').execute();
    assert.equal(policies.length, 2);
    assert.equal(schedule.length, 11);
  });
});
