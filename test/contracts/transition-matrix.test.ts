import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONTRACT_STATUSES, type ContractStatus } from '../../src/modules/contracts/contract-status.js';
import { TRANSITIONS } from '../../src/modules/contracts/transitions.js';
import { contractInStatus, kstNow, SEOUL } from '../helpers/contract-flow.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';

/** Each partner endpoint, the table action it performs, and a body that passes validation. */
const ENDPOINTS: Record<string, { path: string; body: (imageIds: string[]) => unknown }> = {
  'step-1': {
    path: 'step-1',
    body: (ids) => ({ device_info: {}, device_info_image: ids[0], location: SEOUL }),
  },
  'step-2': {
    path: 'step-2',
    body: (ids) => ({
      front_image: ids.slice(0, 3),
      rear_image: ids.slice(3, 6),
      location: SEOUL,
      checkout_url: 'https://partner.example/pay',
    }),
  },
  checkout: { path: 'checkout', body: () => ({ type: '0', amount: 1000, datetime: kstNow() }) },
  'checkout/cancel': { path: 'checkout/cancel', body: () => ({ datetime: kstNow() }) },
  'step-2/update': {
    path: 'step-2/update',
    body: (ids) => ({ front_image: ids.slice(0, 3), rear_image: ids.slice(3, 6), location: SEOUL }),
  },
};

/**
 * Written out by hand from the spec, not read from the table, so that a change to the table that
 * the spec does not make fails here: the statuses in which each partner endpoint is accepted.
 */
const ACCEPTED_IN: Record<string, readonly ContractStatus[]> = {
  'step-1': [0],
  'step-2': [1],
  checkout: [2],
  'checkout/cancel': [3, 4, 5],
  'step-2/update': [4],
};
const ALL_STATUSES: readonly ContractStatus[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('every partner endpoint × every status follows the transition table', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '1' });
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  async function contractAt(status: ContractStatus): Promise<string> {
    const { contractId } = await contractInStatus(server, key, 0);
    // Arranging the state directly: the matrix is about refusals, the happy paths are tested elsewhere.
    await server.platform.database.db
      .updateTable('contracts')
      .set({ status })
      .where('id', '=', contractId)
      .execute();
    return contractId;
  }

  for (const [label, accepted] of Object.entries(ACCEPTED_IN)) {
    const endpoint = ENDPOINTS[label];
    if (!endpoint) throw new Error(`no endpoint for ${label}`);
    for (const code of ALL_STATUSES.filter((status) => !accepted.includes(status))) {
      test(`${label} in status ${code} is 409 invalid_status and changes nothing`, async () => {
        const contractId = await contractAt(code);
        const eventsBefore = await server.platform.database.db
          .selectFrom('contract_events')
          .select('id')
          .where('contract_id', '=', contractId)
          .execute();
        const answer = await server.call('POST', `/cp-insurance/contract/${contractId}/${endpoint.path}/`, {
          key,
          json: endpoint.body(Array.from({ length: 6 }, () => '00000000-0000-4000-8000-000000000000')),
        });
        assert.equal(answer.status, 409, answer.text);
        assert.equal(answer.json.error.code, 'invalid_status');
        assert.match(answer.json.error.message, new RegExp(`status ${code} \\(`));
        assert.match(
          answer.json.error.message,
          new RegExp(`${label.replace('/', '\\/')} requires status ${accepted[0]} \\(`),
        );
        const row = await server.platform.database.db
          .selectFrom('contracts')
          .select('status')
          .where('id', '=', contractId)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, code);
        const eventsAfter = await server.platform.database.db
          .selectFrom('contract_events')
          .select('id')
          .where('contract_id', '=', contractId)
          .execute();
        assert.equal(eventsAfter.length, eventsBefore.length);
      });
    }
  }

  test('the table accepts each partner endpoint in exactly the statuses written above', () => {
    assert.deepEqual(
      CONTRACT_STATUSES.map((status) => status.code),
      ALL_STATUSES,
    );
    const fromTable: Record<string, ContractStatus[]> = {};
    for (const transition of TRANSITIONS.filter((row) => row.actor === 'partner')) {
      fromTable[transition.label] = [
        ...new Set([...(fromTable[transition.label] ?? []), ...transition.from]),
      ].sort();
    }
    assert.deepEqual(fromTable, ACCEPTED_IN);
  });
});
