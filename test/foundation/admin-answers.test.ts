import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { formatKstDate, formatKstDateTime } from '../../src/core/time.js';
import { auditRepository } from '../../src/modules/audit/audit.repository.js';
import { dashboard } from '../../src/modules/dashboard/dashboard.js';
import { readDeviceCsv } from '../../src/modules/devices/catalog/tallcare-csv.js';
import { deliverDueNotifications } from '../../src/modules/notifications/notifications-outbox.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import { contractInStatus } from '../helpers/contract-flow.js';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';
import { defaultAnswer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/** What the handler's value looked like on the wire before its route had a response schema. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

const CSV = [
  'sheet,manufacturer,representative_name,model_name,model_code,release_date,phone_safe_plans',
  'LTE,삼성,(MVNO)SM-G165N,(MVNO)SM-G165N,A5,2017-11-04,X',
  'LTE,애플,IPAD AIR 2019_64GB,IPAD AIR 2019_64GB,A4,2019-04-23,X',
].join('\n');

/**
 * The admin routes' response schemas are also their serializers (fast-json-stringify), which drop
 * a field the schema leaves out and coerce a value of another type. Every admin answer, on data
 * with every part filled (photos and checks, OCR, decisions, deliveries with attempts, messages with
 * attempt logs, audit details, revoked keys), equals what its handler returned, as JSON.
 */
describe('admin answers carry everything their handlers return', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let receiver: WebhookReceiver;
  let partner: { affiliateId: string; apiKey: string; webhookSecret: string };
  let admin: { authorization: string };
  let decided: string;
  let waiting: string;

  const get = async (path: string) => {
    const answer = await server.call('GET', `/admin/api${path}`, { headers: admin });
    assert.equal(answer.status, 200, answer.text);
    return answer.json.data;
  };
  const send = async (method: string, path: string, expected: number, options = {}) => {
    const answer = await server.call(method, `/admin/api${path}`, { headers: admin, ...options });
    assert.equal(answer.status, expected, answer.text);
    return answer.json.data;
  };

  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '1', WEBHOOK_ALLOW_PRIVATE: 'true' }, { clock });
    partner = await server.partner();
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    await server.platform.inspectors.createInspector(
      { email: 'answers@cp-insurance.test', password: 'correct horse battery', role: 'admin' },
      { kind: 'cli' },
    );
    const login = await server.call('POST', '/admin/api/login', {
      json: { email: 'answers@cp-insurance.test', password: 'correct horse battery' },
    });
    admin = { authorization: `Bearer ${login.json.data.token}` };
    decided = (await contractInStatus(server, partner.apiKey, 3)).contractId;
    waiting = (await contractInStatus(server, partner.apiKey, 3)).contractId;
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  test('a decision answers its decision, webhook id, status and the queued webhook body', async () => {
    const answer = await send('POST', `/contracts/${decided}/inspection`, 201, { json: { result: 0 } });
    const event = await server.platform.database.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('contract_id', '=', decided)
      .executeTakeFirstOrThrow();
    assert.deepEqual(answer, {
      decision_id: event.decision_id,
      webhook_id: event.id,
      status: 5,
      webhook: JSON.parse(event.body),
    });

    // The partner refuses it (a partner error an admin may resend), then accepts the resend.
    receiver.respondWith(() => ({ status: 200, body: { result: false, error: 'not today' } }));
    await deliverDueWebhooks(server.platform.webhookDelivery);
    receiver.respondWith(defaultAnswer);
    assert.deepEqual(await send('POST', `/deliveries/${event.id}/resend`, 200), {
      id: event.id,
      status: 'pending',
    });
    await deliverDueWebhooks(server.platform.webhookDelivery);
    await deliverDueNotifications({ ...server.platform.webhookDelivery, notifier: server.platform.notifier });
  });

  test('keys: issued, then revoked', async () => {
    const key = await send('POST', `/affiliates/${partner.affiliateId}/keys`, 201, {
      json: { mode: 'live' },
    });
    assert.deepEqual(Object.keys(key).sort(), ['api_key', 'key_id', 'mode', 'prefix']);
    assert.match(key.api_key, /^cpi_live_/);
    assert.deepEqual(await send('POST', `/keys/${key.key_id}/revoke`, 200), [
      { id: key.key_id, prefix: key.prefix, affiliate_id: partner.affiliateId, mode: 'live' },
    ]);
  });

  test('devices: an edit answers the whole row, an import its counts and skipped rows', async () => {
    const [device] = (await server.platform.devices.searchDevices('SM-N971N', 1, 0)).items;
    assert.ok(device);
    const updated = await send('PATCH', `/devices/${device.id}`, 200, { json: { premium_monthly: 7_700 } });
    const row = await server.platform.database.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(updated, plain(row));

    const imported = await send('POST', '/devices/import', 200, {
      body: CSV,
      headers: { ...admin, 'content-type': 'text/csv' },
    });
    const parsed = readDeviceCsv(CSV);
    assert.deepEqual(Object.keys(imported).sort(), ['inserted', 'skipped', 'updated']);
    assert.equal(imported.inserted + imported.updated, parsed.devices.length);
    assert.deepEqual(imported.skipped, plain(parsed.skipped));
    assert.ok(imported.skipped.length > 0);
  });

  test('input the fuzzer found answering 500 is a 400 naming the field, and changes nothing', async () => {
    const [device] = (await server.platform.devices.searchDevices('SM-N971N', 1, 0)).items;
    assert.ok(device);
    const refused = async (method: string, path: string, field: string, options = {}) => {
      const answer = await server.call(method, `/admin/api${path}`, { headers: admin, ...options });
      assert.deepEqual(answer.json, expectedError(400, 'validation_failed', answer, { field }), path);
    };
    // An unknown field used to reach the UPDATE as a column.
    await refused('PATCH', `/devices/${device.id}`, 'extra', { json: { eligible: false, extra: 0 } });
    await refused('GET', `/devices?offset=${'9'.repeat(30)}`, 'offset');
    await refused('GET', '/inspections?affiliate_id=-0', 'affiliate_id');
    // `to` was counted back from before it was checked.
    await refused('GET', '/dashboard?to=0', 'to');
    const row = await server.platform.database.db
      .selectFrom('devices')
      .select('eligible')
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.eligible, device.eligible);
  });

  test('every list and the dossier, field for field', async () => {
    const { platform } = server;
    const dossier = await get(`/contracts/${decided}`);
    assert.deepEqual(dossier, plain(await platform.inspection.dossier(decided)));
    assert.ok(dossier.images.some((image: { checks: unknown }) => image.checks !== null));
    assert.ok(dossier.ocr && dossier.decisions.length === 1);
    assert.ok(dossier.deliveries[0].attempts.length >= 2);
    assert.ok(
      dossier.notifications.some((message: { attempt_log: unknown[] }) => message.attempt_log.length),
    );
    assert.deepEqual(await get(`/contracts/${waiting}`), plain(await platform.inspection.dossier(waiting)));

    assert.deepEqual(await get('/inspections'), plain(await platform.inspection.queue({})));
    assert.deepEqual(
      await get('/inspections?status=7'),
      plain(await platform.inspection.queue({ status: 7 })),
    );
    assert.deepEqual(await get('/deliveries'), {
      items: plain(await platform.deliveries.webhooks(undefined, 50)),
    });
    assert.deepEqual(await get('/notifications'), {
      items: plain(await platform.deliveries.notifications(undefined, 50)),
    });
    assert.deepEqual(await get('/affiliates'), plain(await platform.affiliates.listAffiliates()));
    assert.deepEqual(
      await get('/devices?q=SM-N97'),
      plain(await platform.devices.searchDevices('SM-N97', 50, 0)),
    );
    const today = formatKstDate(clock.now());
    assert.deepEqual(await get('/dashboard'), plain(await dashboard(platform.database.db, {}, today)));
    const audit = await auditRepository(platform.database.db).list(100);
    assert.ok(audit.some((entry) => entry.details !== null));
    assert.deepEqual(await get('/audit'), {
      items: plain(audit.map((entry) => ({ ...entry, at: formatKstDateTime(entry.at) }))),
    });
  });
});
