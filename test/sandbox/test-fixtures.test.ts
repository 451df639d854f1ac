import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { MESSAGES } from '../../src/modules/contracts/device-check.js';
import { TEST_IMEIS, TEST_SERIAL } from '../../src/modules/contracts/test-imeis.js';
import { deliverDueNotifications } from '../../src/modules/notifications/notifications-outbox.js';
import type { Notifier } from '../../src/modules/notifications/notifier.port.js';
import { decideSandboxContracts } from '../../src/modules/sandbox/decide-sandbox-contracts.js';
import { SANDBOX_SAMPLES } from '../../src/modules/sandbox/sandbox-samples.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import { customerBody, kstNow, monthlyPremium, newPhone, SEOUL, upload } from '../helpers/contract-flow.js';
import type { TestServer } from '../helpers/platform.js';
import { startServerWithReceiver } from '../helpers/webhook-receiver.js';

const SAMPLES = join(import.meta.dirname, '../../src/modules/sandbox/samples');
const sample = (file: string) => readFileSync(join(SAMPLES, file));

describe('sandbox fixtures: test IMEIs and sample images let an emulator run the whole flow', () => {
  let server: TestServer;
  let testKey: string;
  let liveKey: string;
  let close: () => Promise<void>;

  before(async () => {
    const started = await startServerWithReceiver({ OCR_WORKERS: '1' });
    ({ server, close } = started);
    testKey = started.partner.apiKey;
    liveKey = (
      await server.platform.affiliates.createKey(started.partner.affiliateId, 'live', { kind: 'cli' })
    ).api_key;
  });
  after(() => close());

  async function created(key: string): Promise<string> {
    const answer = await server.call('POST', '/cp-insurance/contract/create/', {
      key,
      json: customerBody(`cid-${Math.random().toString(36).slice(2)}`, newPhone()),
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.json.data.contract_id;
  }
  async function step1(key: string, contractId: string, imei: string) {
    const screenshot = await upload(server, key, sample('about-phone.png'), 'image/png');
    return server.call('POST', `/cp-insurance/contract/${contractId}/step-1/`, {
      key,
      json: { device_info: { imei, model: 'SM-N981N' }, device_info_image: screenshot, location: SEOUL },
    });
  }
  const uploadSamples = (key: string, kind: 'front' | 'rear') =>
    Promise.all(
      SANDBOX_SAMPLES.filter((s) => s.kind === kind).map((s) => upload(server, key, sample(s.file))),
    );

  test('the "reads" IMEI passes step-1 without OCR, for any number of test contracts at once', async () => {
    const [first, second] = [await created(testKey), await created(testKey)];
    for (const id of [first, second]) {
      const answer = await step1(testKey, id, TEST_IMEIS.reads.imei);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json.data.ocr, { result: true, imei: TEST_IMEIS.reads.imei, sn: TEST_SERIAL });
      assert.equal(answer.json.data.inspection.result, true);
      assert.equal(answer.json.data.status, 1);
    }
  });

  test('with sample photos (no QR code) a test contract goes on to status 7 through the sandbox', async () => {
    const id = await created(testKey);
    assert.equal((await step1(testKey, id, TEST_IMEIS.reads.imei)).json.data.status, 1);
    const step2 = await server.call('POST', `/cp-insurance/contract/${id}/step-2/`, {
      key: testKey,
      json: {
        front_image: await uploadSamples(testKey, 'front'),
        rear_image: await uploadSamples(testKey, 'rear'),
        location: SEOUL,
        checkout_url: 'http://127.0.0.1/pay',
      },
    });
    assert.equal(step2.json.data.status, 2, step2.text);
    assert.ok(step2.json.data.checks.photos.some((photo: { qr: { found: boolean } }) => !photo.qr.found));
    const checkout = await server.call('POST', `/cp-insurance/contract/${id}/checkout/`, {
      key: testKey,
      json: {
        type: '1',
        amount: await monthlyPremium(server, { os: 'aos', model: 'SM-N981N', imei: '', serial: '' }),
        datetime: kstNow(0, server.platform.clock.now()),
      },
    });
    assert.equal(checkout.json.data.status, 3, checkout.text);
    await decideSandboxContracts(server.platform.database.db, server.platform.clock, 0);
    await deliverDueWebhooks(server.platform.webhookDelivery);
    const view = await server.call('GET', `/cp-insurance/contract/${id}/`, { key: testKey });
    assert.equal(view.json.data.status, 7);

    // Its customer is whoever the developer typed in: the alimtalk is recorded, never sent.
    const sent: string[] = [];
    const notifier: Notifier = {
      send: async (message) => {
        sent.push(message.id);
        return { status: 'sent', providerMessageId: `vendor:${message.id}` };
      },
    };
    await deliverDueNotifications({ ...server.platform.webhookDelivery, notifier });
    const messages = await server.platform.database.db
      .selectFrom('notifications')
      .select(['id', 'kind', 'status', 'provider_message_id'])
      .where('contract_id', '=', id)
      .orderBy('kind')
      .execute();
    assert.deepEqual(
      messages.map((message) => [message.kind, message.status, message.provider_message_id]),
      [
        ['completion', 'sent', `sandbox:${messages[0]?.id}`],
        ['payment_guidance', 'sent', `sandbox:${messages[1]?.id}`],
      ],
    );
    assert.ok(messages.every((message) => !sent.includes(message.id)));
  });

  test('the "already insured" and "unreadable" IMEIs fail step-1 with the customer-facing message', async () => {
    const insured = await step1(testKey, await created(testKey), TEST_IMEIS.already_insured.imei);
    assert.equal(insured.json.data.status, 0);
    assert.deepEqual(insured.json.data.inspection, { result: false, msg: MESSAGES.imeiInUse });
    const unreadable = await step1(testKey, await created(testKey), TEST_IMEIS.unreadable.imei);
    assert.equal(unreadable.json.data.status, 0);
    assert.deepEqual(unreadable.json.data.ocr, { result: false, imei: null, sn: null });
    assert.equal(unreadable.json.data.inspection.msg, `${MESSAGES.noImei} ${MESSAGES.noSerial}`);
  });

  test('in live mode test IMEIs are ordinary: the real OCR reads the sample, and the IMEI is then in use', async () => {
    const first = await step1(liveKey, await created(liveKey), TEST_IMEIS.reads.imei);
    assert.deepEqual(first.json.data.ocr, { result: true, imei: TEST_IMEIS.reads.imei, sn: TEST_SERIAL });
    assert.equal(first.json.data.status, 1);
    const second = await step1(liveKey, await created(liveKey), TEST_IMEIS.reads.imei);
    assert.deepEqual(second.json.data.inspection, { result: false, msg: MESSAGES.imeiInUse });
    const unreadable = await step1(liveKey, await created(liveKey), TEST_IMEIS.unreadable.imei);
    assert.deepEqual(unreadable.json.data.inspection, { result: false, msg: MESSAGES.imeiMismatch });
  });

  test('the active-IMEI index exempts exactly the "reads" test IMEI, in test mode', async () => {
    const { rows } = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND indexname = 'contracts_active_imei'`.execute(
      server.platform.database.db,
    );
    const exempted = [...(rows[0]?.indexdef ?? '').matchAll(/imei = '(\d+)'/g)].map(([, imei]) => imei);
    assert.deepEqual(exempted, [TEST_IMEIS.reads.imei]);
  });

  test('/docs/samples/ lists every sample and magic value; each file downloads', async () => {
    const page = await server.call('GET', '/docs/samples/');
    assert.equal(page.status, 200);
    for (const { file } of SANDBOX_SAMPLES)
      assert.ok(page.text.includes(`href="/docs/samples/${file}"`), file);
    for (const { imei } of Object.values(TEST_IMEIS)) assert.ok(page.text.includes(imei), imei);
    for (const outcome of ['approve', 'reinspect', 'reject', 'manual'])
      assert.ok(page.text.includes(outcome));
    for (const { file } of SANDBOX_SAMPLES) {
      const answer = await server.call('GET', `/docs/samples/${file}`);
      assert.equal(answer.status, 200, file);
      assert.equal(answer.headers.get('content-type'), file.endsWith('.png') ? 'image/png' : 'image/jpeg');
    }
    assert.equal((await server.call('GET', '/docs/samples/../package.json')).status, 404);
  });
});
