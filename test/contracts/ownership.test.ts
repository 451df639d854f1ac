import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STATUS } from '../../src/modules/contracts/contract-status.js';
import {
  claimPhotos,
  contractInStatus,
  customerBody,
  type FlowState,
  kstNow,
  monthlyPremium,
  newPhone,
  SEOUL,
  screenshotOf,
  upload,
} from '../helpers/contract-flow.js';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';

/**
 * Every partner endpoint on a contract, in the status where the owner's call succeeds: each
 * `request` names the images it sends as uploaded by `uploader`, so an intruder's call is valid in
 * every way except whose contract it is.
 */
interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  arrange(): Promise<FlowState>;
  request(state: FlowState, uploader: string): Promise<unknown>;
}

describe("another partner's key and the other mode's key find no contract of the owner", () => {
  let server: TestServer;
  let owner: string;
  let intruders: Array<[string, string]>;

  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '1' });
    const partner = await server.partner();
    owner = partner.apiKey;
    const otherMode = await server.platform.affiliates.createKey(partner.affiliateId, 'live', {
      kind: 'cli',
    });
    intruders = [
      ['another partner', (await server.partner()).apiKey],
      ['another partner in live mode', (await server.partner('live')).apiKey],
      ["the owner's live key", otherMode.api_key],
    ];
  });
  after(() => server.close());

  const uploadAll = (key: string, photos: Buffer[]) =>
    Promise.all(photos.map((bytes) => upload(server, key, bytes)));
  const photosBody = async (state: FlowState, uploader: string) => {
    const photos = await claimPhotos(state.qrKey as string);
    return {
      front_image: await uploadAll(uploader, photos.front),
      rear_image: await uploadAll(uploader, photos.rear),
      location: SEOUL,
    };
  };

  const endpoints: Endpoint[] = [
    {
      name: 'step-1',
      method: 'POST',
      path: 'step-1/',
      arrange: () => contractInStatus(server, owner, 0),
      request: async (state, uploader) => ({
        device_info: { imei: state.phone.imei, model: state.phone.model },
        device_info_image: await upload(server, uploader, await screenshotOf(state.phone), 'image/png'),
        location: SEOUL,
      }),
    },
    {
      name: 'step-2',
      method: 'POST',
      path: 'step-2/',
      arrange: () => contractInStatus(server, owner, 1),
      request: async (state, uploader) => ({
        ...(await photosBody(state, uploader)),
        checkout_url: 'https://partner.example/pay/1',
      }),
    },
    {
      name: 'checkout',
      method: 'POST',
      path: 'checkout/',
      arrange: () => contractInStatus(server, owner, 2),
      request: async (state) => ({
        type: '1',
        amount: await monthlyPremium(server, state.phone),
        datetime: kstNow(0, server.platform.clock.now()),
      }),
    },
    {
      name: 'checkout/cancel',
      method: 'POST',
      path: 'checkout/cancel/',
      arrange: () => contractInStatus(server, owner, 3),
      request: async () => ({ datetime: kstNow(0, server.platform.clock.now()) }),
    },
    {
      name: 'step-2/update',
      method: 'POST',
      path: 'step-2/update/',
      arrange: async () => {
        const state = await contractInStatus(server, owner, 3);
        // A re-inspection requested and acknowledged, arranged directly: its own flow is tested elsewhere.
        await server.platform.database.db
          .updateTable('contracts')
          .set({ status: STATUS.reinspectionRequested })
          .where('id', '=', state.contractId)
          .execute();
        return state;
      },
      request: photosBody,
    },
    {
      name: 'GET contract',
      method: 'GET',
      path: '',
      arrange: () => contractInStatus(server, owner, 0),
      request: async () => undefined,
    },
  ];

  /** Everything a call could change about one contract. */
  async function stateOf(contractId: string) {
    const db = server.platform.database.db;
    const [contract, events, images, webhooks, notifications] = await Promise.all([
      db.selectFrom('contracts').selectAll().where('id', '=', contractId).executeTakeFirstOrThrow(),
      db
        .selectFrom('contract_events')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('contract_images')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('image_id')
        .execute(),
      db.selectFrom('webhook_events').select('id').where('contract_id', '=', contractId).execute(),
      db.selectFrom('notifications').select('id').where('contract_id', '=', contractId).execute(),
    ]);
    return { contract, events, images, webhooks, notifications };
  }

  for (const endpoint of endpoints) {
    test(`${endpoint.name}: 404 not_found for every other key, nothing changed; the owner's same call succeeds`, async () => {
      const state = await endpoint.arrange();
      const path = `/cp-insurance/contract/${state.contractId}/${endpoint.path}`;
      const before = await stateOf(state.contractId);
      for (const [who, key] of intruders) {
        const json = await endpoint.request(state, key);
        const answer = await server.call(endpoint.method, path, { key, ...(json ? { json } : {}) });
        assert.equal(answer.status, 404, `${who}: ${answer.text}`);
        assert.deepEqual(answer.json, expectedError(404, 'not_found', answer));
      }
      assert.deepEqual(await stateOf(state.contractId), before);
      const json = await endpoint.request(state, owner);
      const own = await server.call(endpoint.method, path, { key: owner, ...(json ? { json } : {}) });
      assert.equal(own.status, 200, own.text);
    });
  }

  test('images uploaded with another key are refused as if they did not exist: 400, nothing changed', async () => {
    const state = await contractInStatus(server, owner, 0);
    const before = await stateOf(state.contractId);
    for (const [who, key] of intruders) {
      const theirs = await upload(server, key, await screenshotOf(state.phone), 'image/png');
      const answer = await server.call('POST', `/cp-insurance/contract/${state.contractId}/step-1/`, {
        key: owner,
        json: { device_info: { imei: state.phone.imei }, device_info_image: theirs, location: SEOUL },
      });
      assert.equal(answer.status, 400, `${who}: ${answer.text}`);
      assert.deepEqual(
        answer.json,
        expectedError(400, 'validation_failed', answer, { field: 'device_info_image' }),
      );
      assert.equal(
        answer.json.error.message,
        `device_info_image: no image ${theirs} was uploaded with this API key.`,
      );
    }
    assert.deepEqual(await stateOf(state.contractId), before);
  });

  test("create: the same affiliate_cid under another key is another partner's contract, never the owner's", async () => {
    const phone = newPhone();
    const created = await server.call('POST', '/cp-insurance/contract/create/', {
      key: owner,
      json: customerBody('shared-cid', phone),
    });
    assert.equal(created.status, 201, created.text);
    for (const [who, key] of intruders) {
      const theirs = await server.call('POST', '/cp-insurance/contract/create/', {
        key,
        json: customerBody('shared-cid', phone),
      });
      assert.equal(theirs.status, 201, `${who}: ${theirs.text}`);
      assert.notEqual(theirs.json.data.contract_id, created.json.data.contract_id);
    }
  });
});
