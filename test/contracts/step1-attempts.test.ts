import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { MESSAGES } from '../../src/modules/contracts/device-check.js';
import { MAX_DEVICE_CHECK_FAILURES } from '../../src/modules/contracts/register-device.js';
import { contractInStatus, SEOUL, screenshotOf, upload } from '../helpers/contract-flow.js';
import { databaseUrl, startTestServer, type TestServer } from '../helpers/platform.js';

describe('step-1 attempts', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '2' });
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  const contractRow = (id: string) =>
    server.platform.database.db
      .selectFrom('contracts')
      .select(['status', 'device_check_failures'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const events = (id: string) =>
    server.platform.database.db
      .selectFrom('contract_events')
      .selectAll()
      .where('contract_id', '=', id)
      .where('action', '=', 'attemptDeviceCheck')
      .orderBy('id')
      .execute();

  test(`failing calls fired together count every failure: ${MAX_DEVICE_CHECK_FAILURES} recorded, the rest 422`, async () => {
    const { contractId, phone } = await contractInStatus(server, key, 0);
    const screenshot = await upload(server, key, await screenshotOf(phone), 'image/png');
    // The app reports another IMEI than the screenshot shows: every call fails the check.
    const step1 = () =>
      server.call('POST', `/cp-insurance/contract/${contractId}/step-1/`, {
        key,
        json: { device_info: { imei: '490154203237518' }, device_info_image: screenshot, location: SEOUL },
      });
    const answers = await Promise.all(Array.from({ length: MAX_DEVICE_CHECK_FAILURES + 3 }, step1));
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [...Array(MAX_DEVICE_CHECK_FAILURES).fill(200), 422, 422, 422]);
    for (const answer of answers.filter((a) => a.status === 200)) {
      assert.equal(answer.json.data.inspection.result, false);
      assert.match(answer.json.data.inspection.msg, new RegExp(MESSAGES.imeiMismatch));
    }
    for (const answer of answers.filter((a) => a.status === 422))
      assert.equal(answer.json.error.code, 'too_many_attempts');
    assert.deepEqual(await contractRow(contractId), {
      status: 0,
      device_check_failures: MAX_DEVICE_CHECK_FAILURES,
    });
    assert.equal((await events(contractId)).length, MAX_DEVICE_CHECK_FAILURES);
    const sixth = await step1();
    assert.equal(sixth.status, 422);
    assert.equal(sixth.json.error.code, 'too_many_attempts');
  });

  test('an IMEI taken by another contract between the check and the update: a failure with its actor and screenshot', {
    skip: databaseUrl ? false : 'needs two connections (PostgreSQL)',
  }, async () => {
    const taker = await contractInStatus(server, key, 0);
    const { contractId, phone } = await contractInStatus(server, key, 0);
    const screenshot = await upload(server, key, await screenshotOf(phone), 'image/png');
    const caller = await server.platform.database.db
      .selectFrom('api_keys')
      .select('id')
      .where('prefix', '=', key.slice(0, 14))
      .executeTakeFirstOrThrow();
    // Another contract takes the IMEI in a transaction still open: step-1's check does not see it,
    // and its UPDATE waits on the unique index until the transaction commits, then fails.
    const client = new pg.Client({ connectionString: databaseUrl ?? '' });
    await client.connect();
    const schema = (
      await server.platform.database.db
        .selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('schema'))
        .executeTakeFirstOrThrow()
    ).schema;
    await client.query(`SET search_path = ${schema}`);
    await client.query('BEGIN');
    await client.query('UPDATE contracts SET status = 1, imei = $1 WHERE id = $2', [
      phone.imei,
      taker.contractId,
    ]);
    const answer = server.call('POST', `/cp-insurance/contract/${contractId}/step-1/`, {
      key,
      json: { device_info: { imei: phone.imei }, device_info_image: screenshot, location: SEOUL },
    });
    let updateWaited = false;
    for (let waited = 0; waited < 60_000 && !updateWaited; waited += 100) {
      const { rows } = await client.query(
        // The wait on the other transaction's id is the unique index check of step-1's UPDATE.
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'transactionid'",
      );
      updateWaited = rows[0].n > 0;
      if (!updateWaited) await sleep(100);
    }
    assert.ok(updateWaited, "step-1's UPDATE waited on the other transaction's IMEI");
    await client.query('COMMIT');
    await client.end();
    const settled = await answer;
    assert.equal(settled.status, 200, settled.text);
    assert.equal(settled.json.data.inspection.result, false);
    assert.equal(settled.json.data.inspection.msg, MESSAGES.imeiInUse);
    assert.deepEqual(await contractRow(contractId), { status: 0, device_check_failures: 1 });
    const [failure] = await events(contractId);
    assert.equal(failure?.actor_id, caller.id, 'the partner key is the actor');
    assert.equal(failure?.note, MESSAGES.imeiInUse);
    const attached = await server.platform.database.db
      .selectFrom('contract_images')
      .select(['image_id', 'role'])
      .where('contract_id', '=', contractId)
      .execute();
    assert.deepEqual(attached, [{ image_id: screenshot, role: 'device_info' }]);
  });
});
