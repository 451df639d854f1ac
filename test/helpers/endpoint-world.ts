import assert from 'node:assert/strict';
import type { ManualClock } from '../../src/core/clock.js';
import { decideInspection } from '../../src/modules/inspection/decide-inspection.js';
import { WEBHOOK_RETRY_SCHEDULE } from '../../src/modules/webhooks/retry-schedule.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import { customerBody, newPhone } from './contract-flow.js';
import type { TestServer } from './platform.js';

export type AdminSession = { authorization: string };

const ADMIN = { email: 'endpoint-admin@cp-insurance.test', password: 'correct horse battery' };
const withAdmin = new WeakSet<TestServer>();

/** A fresh admin session: sessions last 12 h of the server's clock, which these tests move by days. */
export async function signInAdmin(server: TestServer): Promise<AdminSession> {
  if (!withAdmin.has(server)) {
    await server.platform.inspectors.createInspector({ ...ADMIN, role: 'admin' }, { kind: 'cli' });
    withAdmin.add(server);
  }
  const login = await server.call('POST', '/admin/api/login', { json: ADMIN });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { authorization: `Bearer ${login.json.data.token}` };
}

/**
 * A contract rejected by the inspector, its `inspection.rejected` webhook due now; a bare
 * `{"result": true}` acknowledges it (status 6). Arranged straight into status 3: these tests are
 * about delivery, the flow up to 3 is tested elsewhere.
 */
export async function rejectedContract(server: TestServer, apiKey: string): Promise<string> {
  const created = await server.call('POST', '/cp-insurance/contract/create/', {
    key: apiKey,
    json: customerBody(`endpoint-${Math.random().toString(36).slice(2)}`, newPhone()),
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.text}`);
  const contractId: string = created.json.data.contract_id;
  const db = server.platform.database.db;
  await db
    .updateTable('contracts')
    .set({ status: 3, inspection_round: 1, payment_type: '0' })
    .where('id', '=', contractId)
    .execute();
  await decideInspection(
    { db, clock: server.platform.clock },
    contractId,
    { result: 2, reject_type: 9, msg: '검수 결과 가입이 거절되었습니다.' },
    { kind: 'inspector', id: null },
  );
  return contractId;
}

/** The contract's (one) webhook event. */
export function webhookEventOf(server: TestServer, contractId: string) {
  return server.platform.database.db
    .selectFrom('webhook_events')
    .selectAll()
    .where('contract_id', '=', contractId)
    .executeTakeFirstOrThrow();
}

/**
 * Runs the worker at each due time of the contract's event, moving the clock there, until the
 * event settles (or is held) or `done` holds. Fails after more passes than the schedule has attempts.
 */
export async function driveEvent(
  server: TestServer,
  clock: ManualClock,
  contractId: string,
  done: () => Promise<boolean> = async () => false,
) {
  for (let pass = 0; pass <= WEBHOOK_RETRY_SCHEDULE.delaysMs.length + 1; pass++) {
    await deliverDueWebhooks(server.platform.webhookDelivery);
    const event = await webhookEventOf(server, contractId);
    if ((await done()) || event.status !== 'pending' || !event.next_attempt_at) return event;
    const due = new Date(event.next_attempt_at);
    assert.ok(due > clock.now(), 'the next attempt is in the future');
    clock.set(due);
  }
  assert.fail('the event never settled');
}
