import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONTRACT_STATUSES, type ContractStatus } from '../../src/modules/contracts/contract-status.js';
import { canApply, TRANSITIONS } from '../../src/modules/contracts/transitions.js';
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

/** Generated from the transition table, so the test cannot drift from it. */
const PARTNER_ACTIONS = TRANSITIONS.filter(
  (transition) => transition.actor === 'partner' && transition.to !== null,
);

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

  for (const transition of PARTNER_ACTIONS) {
    const endpoint = ENDPOINTS[transition.label];
    if (!endpoint) throw new Error(`no endpoint for ${transition.label}`);
    for (const { code } of CONTRACT_STATUSES) {
      const allowed = canApply(transition.action, code);
      if (allowed) continue;
      test(`${transition.label} in status ${code} is 409 invalid_status and changes nothing`, async () => {
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
          new RegExp(`${transition.label.replace('/', '\\/')} requires status`),
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

  test('the table covers every partner endpoint of the spec', () => {
    assert.deepEqual(
      PARTNER_ACTIONS.map((transition) => transition.label).sort(),
      Object.keys(ENDPOINTS).sort(),
    );
  });
});
