import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';

describe('API key authentication', () => {
  const clock = new ManualClock(new Date('2026-11-26T12:00:00Z'));
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ API_KEY_CACHE_MS: '4000' }, { clock });
  });
  after(() => server.close());

  const list = (key?: string, query = '') =>
    server.call('GET', `/cp-insurance/candidate/${query}`, key ? { key } : {});

  test('a valid key is accepted and the key is never echoed', async () => {
    const { apiKey } = await server.partner();
    assert.match(apiKey, /^cpi_test_[A-Za-z0-9_-]{43}$/);
    const answer = await list(apiKey);
    assert.equal(answer.status, 200);
    assert.doesNotMatch(answer.text, new RegExp(apiKey));
  });

  test('a missing key is 401 api_key_missing', async () => {
    const answer = await list();
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, expectedError(401, 'api_key_missing', answer));
  });

  test('malformed and unknown keys are 401 api_key_invalid', async () => {
    for (const key of ['nope', `cpi_test_${'A'.repeat(43)}`, `cpi_prod_${'A'.repeat(43)}`]) {
      const answer = await list(key);
      assert.equal(answer.status, 401, key);
      assert.deepEqual(answer.json, expectedError(401, 'api_key_invalid', answer));
    }
  });

  test('a key in the query string is refused even when valid', async () => {
    const { apiKey } = await server.partner();
    for (const name of ['api_key', 'x-itechs-api-key']) {
      const answer = await list(undefined, `?${name}=${apiKey}`);
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json, expectedError(400, 'api_key_in_query', answer));
    }
  });

  test('a revoked key stops working once the cache interval has passed', async () => {
    const { apiKey } = await server.partner();
    assert.equal((await list(apiKey)).status, 200);
    const [revoked] = await server.platform.affiliates.revokeKey(apiKey.slice(0, 14), { kind: 'cli' });
    assert.ok(revoked);
    clock.advance(4001);
    const answer = await list(apiKey);
    assert.equal(answer.status, 401);
    assert.equal(answer.json.error.code, 'api_key_invalid');
  });

  test('a key records when it was last used', async () => {
    const { apiKey, affiliateId } = await server.partner();
    await list(apiKey);
    const affiliates = await server.platform.affiliates.listAffiliates();
    const key = affiliates.find((affiliate) => affiliate.id === affiliateId)?.keys[0];
    assert.ok(key?.last_used_at instanceof Date);
    assert.equal(key?.prefix, apiKey.slice(0, 14));
  });

  test('keys are stored only as hashes', async () => {
    const { apiKey } = await server.partner('live');
    const rows = await server.platform.database.db.selectFrom('api_keys').selectAll().execute();
    assert.ok(rows.every((row) => /^[0-9a-f]{64}$/.test(row.key_hash)));
    assert.ok(!JSON.stringify(rows).includes(apiKey));
  });
});

describe('revocation across processes', () => {
  test('a key revoked through another platform instance is refused within the cache interval', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ API_KEY_CACHE_MS: '5000' }, { clock });
    try {
      const { apiKey } = await server.partner();
      assert.equal((await server.call('GET', '/cp-insurance/candidate/', { key: apiKey })).status, 200);
      // The revoking side writes straight to the shared database, as another process would.
      await server.platform.database.db.updateTable('api_keys').set({ revoked_at: new Date() }).execute();
      clock.advance(5000);
      assert.equal((await server.call('GET', '/cp-insurance/candidate/', { key: apiKey })).status, 401);
    } finally {
      await server.close();
    }
  });
});
