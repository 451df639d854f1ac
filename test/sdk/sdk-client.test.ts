import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CpInsurance, CpInsuranceError } from '@cp-insurance/sdk';
import { TEST_IMEIS } from '../../src/modules/contracts/test-imeis.js';
import { customerBody, newPhone, SEOUL } from '../helpers/contract-flow.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';

const SAMPLES = join(import.meta.dirname, '../../src/modules/sandbox/samples');
const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 50 };

describe('the SDK drives the partner API with retries, idempotency keys and typed errors', () => {
  let server: TestServer;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  let partner: { affiliateId: string; apiKey: string };
  let sdk: CpInsurance;

  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '1' });
    partner = await server.partner('test');
    proxy = await startFaultProxy(server.baseUrl);
    sdk = new CpInsurance({ apiKey: partner.apiKey, baseUrl: proxy.url, retry: FAST_RETRY });
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });
  const contractsOf = (cid: string) =>
    server.platform.database.db
      .selectFrom('contracts')
      .select('id')
      .where('affiliate_cid', '=', cid)
      .execute();
  const requestsSince = (from: number) => proxy.seen.slice(from);

  test('a connection reset after the platform did the work is retried with the same key: one contract', async () => {
    const cid = `sdk-reset-${Date.now()}`;
    const from = proxy.seen.length;
    proxy.queue({ kind: 'reset-after-forwarding' });
    const created = await sdk.createContract({ ...customerBody(cid, newPhone()), sandbox_outcome: 'manual' });
    const attempts = requestsSince(from);
    assert.equal(attempts.length, 2);
    assert.ok(attempts[0]?.headers['idempotency-key']);
    assert.equal(attempts[0]?.headers['idempotency-key'], attempts[1]?.headers['idempotency-key']);
    assert.deepEqual(
      (await contractsOf(cid)).map((row) => row.id),
      [created.contract_id],
    );
  });

  test('503 with Retry-After and 429 are retried; the answer is the success that follows', async () => {
    const from = proxy.seen.length;
    proxy.queue(
      { kind: 'answer', status: 503, headers: { 'retry-after': '0' } },
      { kind: 'answer', status: 429 },
    );
    const { device_list } = await sdk.eligibleDevices();
    assert.ok(device_list.some((device) => device.model_name === 'SM-N981N'));
    assert.equal(requestsSince(from).length, 3);
  });

  test('after every attempt fails the last answer becomes a CpInsuranceError; a 4xx is never retried', async () => {
    proxy.queue(...Array.from({ length: 4 }, () => ({ kind: 'answer' as const, status: 502 })));
    await assert.rejects(sdk.eligibleDevices(), (error: unknown) => {
      assert.ok(error instanceof CpInsuranceError);
      assert.deepEqual([error.status, error.code], [502, 'http_502']);
      return true;
    });
    const from = proxy.seen.length;
    await assert.rejects(
      sdk.createContract({
        ...customerBody('sdk-bad', newPhone()),
        customer: { ...customerBody('', newPhone()).customer, ssn: '123' },
      }),
      (error: unknown) => {
        assert.ok(error instanceof CpInsuranceError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'validation_failed');
        assert.equal(error.field, 'customer.ssn');
        assert.match(error.requestId ?? '', /.+/);
        assert.equal(error.docUrl, `${server.platform.config.publicBaseUrl}/docs/errors#validation_failed`);
        return true;
      },
    );
    assert.equal(requestsSince(from).length, 1);
    assert.deepEqual(await contractsOf('sdk-bad'), []);
  });

  test('a closed port is a network_error after the attempts', async () => {
    const offline = new CpInsurance({
      apiKey: partner.apiKey,
      baseUrl: 'http://127.0.0.1:9',
      retry: { ...FAST_RETRY, maxAttempts: 2 },
    });
    await assert.rejects(offline.eligibleDevices(), (error: unknown) => {
      assert.ok(error instanceof CpInsuranceError);
      assert.deepEqual([error.status, error.code], [0, 'network_error']);
      return true;
    });
  });

  test('images upload from a path, a Buffer and a Blob; a caller-chosen idempotency key replays', async () => {
    const path = join(SAMPLES, 'front-1.jpg');
    const bytes = readFileSync(join(SAMPLES, 'about-phone.png'));
    const fromPath = await sdk.uploadImage(path);
    const fromBuffer = await sdk.uploadImage(bytes);
    const fromBlob = await sdk.uploadImage(new Blob([readFileSync(join(SAMPLES, 'rear-1.jpg'))]));
    assert.equal(new Set([fromPath.id, fromBuffer.id, fromBlob.id]).size, 3);
    const again = await sdk.uploadImage(path, { idempotencyKey: `upload-${fromPath.id}` });
    const replay = await sdk.uploadImage(path, { idempotencyKey: `upload-${fromPath.id}` });
    assert.equal(replay.id, again.id);
    await assert.rejects(sdk.uploadImage(Buffer.from('not an image')), TypeError);
  });

  test('a test contract through step-1 with the test IMEI, read back typed', async () => {
    const created = await sdk.createContract(customerBody(`sdk-flow-${Date.now()}`, newPhone()));
    const screenshot = await sdk.uploadImage(join(SAMPLES, 'about-phone.png'));
    const step1 = await sdk.registerDevice(created.contract_id, {
      device_info: { imei: TEST_IMEIS.reads.imei, model: 'SM-N981N' },
      device_info_image: screenshot.id,
      location: SEOUL,
    });
    assert.equal(step1.status, 1);
    assert.equal(step1.inspection.result, true);
    const contract = await sdk.contract(created.contract_id);
    assert.equal(contract.status, 1);
    const page = await sdk.contracts({ limit: 100 });
    assert.ok(page.contracts.some((row) => row.contract_id === created.contract_id));
  });

  test('sandbox calls with a live key: CpInsuranceError 403 test_mode_only', async () => {
    const live = await server.partner('live');
    const liveSdk = new CpInsurance({ apiKey: live.apiKey, baseUrl: server.baseUrl });
    await assert.rejects(liveSdk.sandbox.advanceClock({ contract_id: 'x', hours: 1 }), (error: unknown) => {
      assert.ok(error instanceof CpInsuranceError);
      assert.deepEqual([error.status, error.code], [403, 'test_mode_only']);
      return true;
    });
  });
});
