import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/platform.js';

describe('Idempotency-Key on POST', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer();
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  const post = (idempotencyKey: string, body: unknown, apiKey = key) =>
    server.call('POST', '/cp-insurance/candidate/', {
      key: apiKey,
      json: body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });

  test('the same key and body replay the first answer byte for byte', async () => {
    const first = await post('idem-1', { os: 'ios', device_name: 'iPhone8,4' });
    const second = await post('idem-1', { os: 'ios', device_name: 'iPhone8,4' });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.text, first.text);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
  });

  test('the same key with another body is 422 idempotency_key_reused', async () => {
    await post('idem-2', { os: 'ios', device_name: 'iPhone8,4' });
    const answer = await post('idem-2', { os: 'aos', device_name: 'SM-N981N' });
    assert.equal(answer.status, 422);
    assert.equal(answer.json.error.code, 'idempotency_key_reused');
  });

  test('4xx answers are replayed too', async () => {
    const first = await post('idem-3', { os: 'windows', device_name: 'x' });
    const second = await post('idem-3', { os: 'windows', device_name: 'x' });
    assert.equal(first.status, 400);
    assert.equal(second.status, 400);
    assert.equal(second.text, first.text);
  });

  test('keys are scoped to the partner', async () => {
    const other = (await server.partner()).apiKey;
    await post('idem-4', { os: 'ios', device_name: 'iPhone8,4' });
    const answer = await post('idem-4', { os: 'aos', device_name: 'SM-N981N' }, other);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('idempotent-replayed'), null);
  });

  test('concurrent retries with one key are processed once', async () => {
    const body = { os: 'aos', device_name: 'SM-N981N' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('idem-5', body)));
    const fresh = answers.filter(
      (answer) => answer.status === 200 && !answer.headers.get('idempotent-replayed'),
    );
    assert.equal(fresh.length, 1);
    for (const answer of answers) {
      assert.ok(
        answer.status === 200 ||
          (answer.status === 409 && answer.json.error.code === 'idempotency_request_in_progress'),
        `unexpected ${answer.status} ${answer.text}`,
      );
    }
    const rows = await server.platform.database.db
      .selectFrom('idempotency_keys')
      .where('key', '=', 'idem-5')
      .selectAll()
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.state, 'done');
  });

  test('a claim whose lease lapsed (its process died mid-request) is taken over by the retry', async () => {
    const body = { os: 'ios', device_name: 'iPhone8,4' };
    await post('idem-lease', body);
    // The row as a first attempt leaves it when its process is killed before answering.
    const { db } = server.platform.database;
    const inProgress = (leaseUntil: Date) =>
      db
        .updateTable('idempotency_keys')
        .set({ state: 'in_progress', response_status: null, response_body: null, lease_until: leaseUntil })
        .where('key', '=', 'idem-lease')
        .execute();
    await inProgress(new Date(Date.now() + 60_000));
    const held = await post('idem-lease', body);
    assert.equal(held.status, 409);
    assert.equal(held.json.error.code, 'idempotency_request_in_progress');
    await inProgress(new Date(Date.now() - 1));
    const retried = await post('idem-lease', body);
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), null, 'run afresh, not replayed');
    const replay = await post('idem-lease', body);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true', 'and its answer stored');
  });

  test('a malformed key is 400 naming the header', async () => {
    const answer = await post('x'.repeat(300), { os: 'ios', device_name: 'iPhone8,4' });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.error.field, 'Idempotency-Key');
  });
});
