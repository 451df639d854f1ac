import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { deliverDueNotifications } from '../../src/modules/notifications/notifications-outbox.js';
import { rejectMissedReinspections } from '../../src/modules/scheduler/reinspection-deadline.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import { claimPhotos, contractInStatus, kstNow, SEOUL, upload } from '../helpers/contract-flow.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';
import { defaultAnswer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

describe('inspection decisions, signed webhooks and acknowledgements', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let receiver: WebhookReceiver;
  let partner: { affiliateId: string; apiKey: string; webhookSecret: string };
  let admin: { authorization: string };

  before(async () => {
    server = await startTestServer(
      { OCR_WORKERS: '1', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '500' },
      { clock },
    );
    partner = await server.partner();
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    await server.platform.inspectors.createInspector(
      {
        email: 'kim@cp-insurance.test',
        password: 'correct horse battery',
        role: 'admin',
      },
      { kind: 'cli' },
    );
    await signIn();
  });

  /** Sessions expire (12 h): after moving the clock the inspector signs in again. */
  async function signIn() {
    const login = await server.call('POST', '/admin/api/login', {
      json: { email: 'kim@cp-insurance.test', password: 'correct horse battery' },
    });
    assert.equal(login.status, 200, login.text);
    admin = { authorization: `Bearer ${login.json.data.token}` };
  }
  after(async () => {
    await server.close();
    await receiver.close();
  });

  const decide = (contractId: string, body: unknown) =>
    server.call('POST', `/admin/api/contracts/${contractId}/inspection`, { json: body, headers: admin });
  const deliver = () => deliverDueWebhooks(server.platform.webhookDelivery);
  const contract = async (id: string) =>
    (await server.call('GET', `/cp-insurance/contract/${id}/`, { key: partner.apiKey })).json.data;
  const eventOf = async (contractId: string) =>
    server.platform.database.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();

  test('approve → status 5 → signed webhook → contract_url answer → status 7 and the completion alimtalk', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    const queue = await server.call('GET', '/admin/api/inspections?status=3', { headers: admin });
    assert.ok(queue.json.data.items.some((item: { contract_id: string }) => item.contract_id === contractId));

    const decision = await decide(contractId, { result: 0 });
    assert.equal(decision.status, 201, decision.text);
    assert.equal((await contract(contractId)).status, 5);
    assert.equal((await decide(contractId, { result: 0 })).json.error.code, 'invalid_status');

    assert.equal(await deliver(), 1);
    const received = receiver.requests.at(-1);
    assert.ok(received?.verified, 'standardwebhooks verifies the signature');
    const body = received?.body as Record<string, unknown>;
    const insurance = body.insurance as { insurance_start: string; insurance_end: string };
    assert.deepEqual(
      Object.keys(body).sort(),
      [
        'affiliate_cid',
        'affiliate_uid',
        'checkout',
        'contract_id',
        'insurance',
        'inspection_complete',
        'result',
        'type',
      ].sort(),
    );
    assert.equal(body.result, 0);
    assert.equal(body.type, 'inspection.completed');
    assert.equal(body.contract_id, contractId);
    assert.match(String(body.inspection_complete), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.match(insurance.insurance_start, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok((body.checkout as { amount: number }).amount > 0, 'monthly payment: the next premium');
    assert.equal(received?.headers['webhook-id'], (await eventOf(contractId)).id);

    const after = await contract(contractId);
    assert.equal(after.status, 7);
    assert.equal(after.contract_url, 'https://partner.example/contracts/1');
    assert.deepEqual(after.insurance, insurance);
    await deliverDueNotifications({ ...server.platform.webhookDelivery, notifier: server.platform.notifier });
    const messages = await server.platform.database.db
      .selectFrom('notifications')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('created_at')
      .execute();
    assert.deepEqual(messages.map((message) => [message.kind, message.status]).sort(), [
      ['completion', 'sent'],
      ['payment_guidance', 'sent'],
    ]);
    assert.match(
      JSON.stringify(messages.find((message) => message.kind === 'completion')?.rendered),
      /partner\.example\/contracts\/1/,
    );
  });

  test('re-inspection → reinspection_url answer → status 4 → step-2/update → status 3, round 2', async () => {
    const { contractId, qrKey } = await contractInStatus(server, partner.apiKey, 3);
    const detail = {
      front: { result: false, msg: '전면 액정이 손가락에 가려져 있습니다' },
      rear: { result: true, msg: null },
    };
    assert.equal((await decide(contractId, { result: 1, detail, msg: '재촬영이 필요합니다.' })).status, 201);
    assert.equal((await contract(contractId)).status, 3, 'stays 3 until the partner acknowledges');
    assert.equal(
      (await decide(contractId, { result: 2, reject_type: 0, msg: 'x' })).json.error.code,
      'conflict',
    );
    await deliver();
    const sent = receiver.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(sent.result, 1);
    assert.deepEqual(sent.detail, detail);
    assert.match(String(sent.due_datetime), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const reinspecting = await contract(contractId);
    assert.equal(reinspecting.status, 4);
    assert.equal(reinspecting.reinspection.reinspection_url, 'https://partner.example/reinspection/1');

    const photos = await claimPhotos(qrKey as string);
    const ids = await Promise.all(
      [...photos.front, ...photos.rear].map((bytes) => upload(server, partner.apiKey, bytes)),
    );
    const update = await server.call('POST', `/cp-insurance/contract/${contractId}/step-2/update/`, {
      key: partner.apiKey,
      json: { front_image: ids.slice(0, 3), rear_image: ids.slice(3), location: SEOUL },
    });
    assert.equal(update.status, 200, update.text);
    assert.equal(update.json.data.status, 3);
    const dossier = await server.call('GET', `/admin/api/contracts/${contractId}`, { headers: admin });
    assert.equal(dossier.json.data.round, 2);
    assert.equal(dossier.json.data.images.filter((image: { round: number }) => image.round === 2).length, 6);
    assert.equal(dossier.json.data.customer.name, '홍길동');
    assert.equal(dossier.json.data.customer.ssn, '860906-1******');
  });

  test('reject → {"result": true} → status 6', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    const bad = await decide(contractId, { result: 2, reject_type: 7, msg: '?' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'reject_type');
    assert.equal(
      (
        await decide(contractId, {
          result: 2,
          reject_type: 0,
          msg: '전면액정 파손으로 가입이 거절되었습니다.',
        })
      ).status,
      201,
    );
    await deliver();
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(receiver.requests.at(-1)?.body as object).filter(([key]) =>
          ['result', 'reject_type', 'msg'].includes(key),
        ),
      ),
      { result: 2, reject_type: 0, msg: '전면액정 파손으로 가입이 거절되었습니다.' },
    );
    assert.equal((await contract(contractId)).status, 6);
  });

  test('a re-inspection deadline that passes without new photos becomes a rejection (reject_type 4)', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    const due = kstNow(3_600_000, clock.now());
    const detail = { front: { result: false, msg: '흐림' }, rear: { result: true, msg: null } };
    assert.equal(
      (await decide(contractId, { result: 1, due_datetime: due, detail, msg: '재촬영' })).status,
      201,
    );
    await deliver();
    assert.equal((await contract(contractId)).status, 4);
    assert.equal(await rejectMissedReinspections(server.platform.database.db, clock), 0);
    clock.advance(3_600_001);
    assert.equal(await rejectMissedReinspections(server.platform.database.db, clock), 1);
    assert.equal(await rejectMissedReinspections(server.platform.database.db, clock), 0, 'once per round');
    await deliver();
    const sent = receiver.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(sent.result, 2);
    assert.equal(sent.reject_type, 4);
    assert.equal((await contract(contractId)).status, 6);
    await signIn();
  });

  test('failures are retried on the schedule with the same webhook-id; result:false is not retried', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    await decide(contractId, { result: 0 });
    const answers = [
      { status: 500 },
      { status: 503, headers: { 'retry-after': '120' } },
      { status: 200, body: 'not json' },
      { status: 200, destroy: true },
      { status: 200, delayMs: 1500 },
      { status: 200, body: { result: true } },
    ];
    for (const answer of answers) {
      receiver.respondWith(() => answer);
      const before = clock.now().getTime();
      assert.equal(await deliver(), 1, JSON.stringify(answer));
      const event = await eventOf(contractId);
      assert.equal(event.status, 'pending');
      const wait = new Date(event.next_attempt_at as Date).getTime() - before;
      if (answer.headers) assert.ok(wait >= 120_000, `Retry-After honoured: ${wait}`);
      clock.advance(Math.max(wait, 0) + 1);
    }
    const ids = new Set(
      receiver.requests.slice(-answers.length).map((request) => request.headers['webhook-id']),
    );
    assert.equal(ids.size, 1);
    const attempts = await server.platform.database.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('event_id', '=', [...ids][0] as string)
      .orderBy('attempt')
      .execute();
    assert.deepEqual(
      attempts.map((attempt) => attempt.http_status),
      [500, 503, 200, null, null, 200],
    );
    assert.deepEqual(
      attempts.map((attempt) => attempt.error),
      ['http_500', 'http_503', 'invalid_json', 'connection_reset', 'timeout', 'answer without contract_url'],
    );

    receiver.respondWith(() => ({
      status: 200,
      body: { result: false, error: 'seq 42: duplicate customer' },
    }));
    await deliver();
    const event = await eventOf(contractId);
    assert.equal(event.status, 'partner_error');
    assert.equal(event.last_error, 'seq 42: duplicate customer');
    clock.advance(48 * 3_600_000);
    assert.equal(await deliver(), 0, 'a partner-reported error is not retried');
    await signIn();
    const failed = await server.call('GET', '/admin/api/deliveries?status=failed', { headers: admin });
    assert.equal(failed.status, 200, failed.text);
    assert.ok(failed.json.data.items.some((item: { id: string }) => item.id === event.id));
    receiver.respondWith(defaultAnswer);
    assert.equal(
      (await server.call('POST', `/admin/api/deliveries/${event.id}/resend`, { headers: admin })).status,
      200,
    );
    await deliver();
    assert.equal((await contract(contractId)).status, 7);
  });

  test('a cancellation while the webhook is in flight: the answer is recorded and changes nothing', async () => {
    const { contractId } = await contractInStatus(server, partner.apiKey, 3);
    assert.equal((await decide(contractId, { result: 0 })).status, 201);
    receiver.respondWith((request) => ({ ...defaultAnswer(request), delayMs: 300 }));
    const inFlight = deliver();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancel = await server.call('POST', `/cp-insurance/contract/${contractId}/checkout/cancel/`, {
      key: partner.apiKey,
      json: { datetime: kstNow(0, clock.now()) },
    });
    assert.equal(cancel.json.data.status, 8);
    await inFlight;
    receiver.respondWith(defaultAnswer);
    const view = await contract(contractId);
    assert.equal(view.status, 8);
    assert.equal(view.contract_url, null);
    const event = await eventOf(contractId);
    assert.equal(event.status, 'cancelled');
    const attempts = await server.platform.database.db
      .selectFrom('webhook_attempts')
      .select('http_status')
      .where('event_id', '=', event.id)
      .execute();
    assert.deepEqual(
      attempts.map((attempt) => attempt.http_status),
      [200],
    );
  });

  test('after a secret rotation every delivery verifies with the old and with the new secret', async () => {
    // Receivers check webhook-timestamp against their own clock: bring ours back from the earlier tests' future.
    clock.set(new Date());
    const rotated = await server.platform.endpoints.rotateSecret(partner.affiliateId, 'test');
    const newOnly = await startWebhookReceiver({ secrets: [rotated.webhook_secret] });
    try {
      await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${newOnly.url}/hooks`);
      const { contractId } = await contractInStatus(server, partner.apiKey, 3);
      await decide(contractId, { result: 2, reject_type: 9, msg: '기타 사유' });
      await deliver();
      assert.equal(newOnly.requests.at(-1)?.verified, true);
      const signatures = String(newOnly.requests.at(-1)?.headers['webhook-signature']).split(' ');
      assert.equal(signatures.length, 2, 'signed with both secrets during the overlap');
    } finally {
      await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
      await newOnly.close();
    }
  });

  test('the partner can read its webhook URL; sessions and API keys stay on their own side', async () => {
    const own = await server.call('GET', '/cp-insurance/webhook/', { key: partner.apiKey });
    assert.deepEqual(own.json.data, { url: `${receiver.url}/hooks` });
    assert.equal((await server.call('GET', '/admin/api/inspections', { key: partner.apiKey })).status, 401);
    assert.equal((await server.call('GET', '/cp-insurance/candidate/', { headers: admin })).status, 401);
  });
});
