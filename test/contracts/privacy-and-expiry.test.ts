import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/core/clock.js';
import { expireContracts } from '../../src/modules/scheduler/contract-expiry.js';
import { erasePersonalData } from '../../src/modules/scheduler/personal-data-erasure.js';
import { contractInStatus, kstNow, monthlyPremium } from '../helpers/contract-flow.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';

const CLEAR_SSN = '8609061000000';

describe('personal data: encrypted at rest, masked on the wire, erased after retention', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer(
      { OCR_WORKERS: '1', PERSONAL_DATA_RETENTION_DAYS: '30', UNFINISHED_CONTRACT_TTL_HOURS: '168' },
      { clock },
    );
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  test('no table holds the clear resident number, and no answer shows it', async () => {
    const { contractId } = await contractInStatus(server, key, 1);
    const tables = await sql<{
      table_name: string;
    }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(
      server.platform.database.db,
    );
    let hits = 0;
    for (const { table_name } of tables.rows) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table_name)}`.execute(
        server.platform.database.db,
      );
      const dump = JSON.stringify(rows.rows);
      hits += dump.split(CLEAR_SSN).length - 1 + dump.split('860906-1000000').length - 1;
    }
    assert.ok(tables.rows.length >= 10);
    assert.equal(hits, 0);
    const stored = await server.platform.database.db
      .selectFrom('contracts')
      .select(['customer_ssn_encrypted', 'customer_ssn_index'])
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    assert.match(stored.customer_ssn_encrypted ?? '', /^v1\.k1\./);
    assert.equal(server.platform.cipher.decrypt(stored.customer_ssn_encrypted ?? ''), CLEAR_SSN);
    assert.equal(stored.customer_ssn_index, server.platform.cipher.blindIndex(CLEAR_SSN));
    const view = await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key });
    assert.ok(!view.text.includes(CLEAR_SSN));
    assert.equal(view.json.data.customer.ssn, '860906-1******');
  });

  test('the scheduler expires unpaid contracts after the deadline and unfinished ones after the TTL', async () => {
    const unpaid = await contractInStatus(server, key, 2);
    const unfinished = await contractInStatus(server, key, 0);
    assert.equal(await expireContracts(server.platform.database.db, clock, { unfinishedTtlHours: 168 }), 0);
    clock.advance(25 * 3_600_000);
    assert.equal(await expireContracts(server.platform.database.db, clock, { unfinishedTtlHours: 168 }), 1);
    const status = async (id: string) =>
      (
        await server.platform.database.db
          .selectFrom('contracts')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    assert.equal(await status(unpaid.contractId), 9);
    assert.equal(await status(unfinished.contractId), 0);
    clock.advance(7 * 24 * 3_600_000);
    await expireContracts(server.platform.database.db, clock, { unfinishedTtlHours: 168 });
    assert.equal(await status(unfinished.contractId), 9);
  });

  test('checkout after the deadline is 409 payment_deadline_passed and expires the contract', async () => {
    const { contractId, phone } = await contractInStatus(server, key, 2);
    clock.advance(24 * 3_600_000 + 1000);
    const answer = await server.call('POST', `/cp-insurance/contract/${contractId}/checkout/`, {
      key,
      json: { type: '1', amount: await monthlyPremium(server, phone), datetime: kstNow(0, clock.now()) },
    });
    assert.equal(answer.status, 409);
    assert.equal(answer.json.error.code, 'payment_deadline_passed');
    assert.equal(
      (await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key })).json.data.status,
      9,
    );
  });

  test('expired contracts lose their personal data after the retention period; the row stays', async () => {
    const { contractId } = await contractInStatus(server, key, 2);
    clock.advance(25 * 3_600_000);
    await expireContracts(server.platform.database.db, clock, { unfinishedTtlHours: 168 });
    assert.equal(await erasePersonalData(server.platform.database.db, clock, 30), 0);
    clock.advance(31 * 24 * 3_600_000);
    assert.ok((await erasePersonalData(server.platform.database.db, clock, 30)) >= 1);
    const row = await server.platform.database.db
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.customer_name, row.customer_ssn_encrypted, row.customer_phone, row.customer_email],
      [null, null, null, null],
    );
    assert.ok(row.personal_data_erased_at);
    const view = await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key });
    assert.equal(view.json.data.customer, null);
    assert.equal(view.json.data.timeline.at(-1).action, 'erasePersonalData');
  });
});
