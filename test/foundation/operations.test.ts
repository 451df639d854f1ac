import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/platform.js';

describe('operations endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(() => server.close());

  test('/healthz and /readyz answer in the envelope', async () => {
    assert.deepEqual((await server.call('GET', '/healthz')).json, {
      code: 200,
      data: { status: 'ok' },
      error: null,
    });
    assert.deepEqual((await server.call('GET', '/readyz')).json, {
      code: 200,
      data: { status: 'ready' },
      error: null,
    });
  });

  test('every answer carries its request id and the three security headers of a JSON API', async () => {
    const { apiKey } = await server.partner();
    for (const answer of [
      await server.call('GET', '/healthz'),
      await server.call('GET', '/cp-insurance/contract/?limit=1', { key: apiKey }),
      await server.call('GET', '/cp-insurance/contract/not-a-contract/', { key: apiKey }),
    ]) {
      assert.match(answer.headers.get('x-request-id') ?? '', /^[\w.-]{8,64}$/);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(answer.headers.get('x-frame-options'), 'DENY');
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
    }
  });

  test('/metrics counts requests by route and status', async () => {
    const { apiKey } = await server.partner();
    await server.call('GET', '/cp-insurance/candidate/', { key: apiKey });
    const metrics = await server.call('GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(
      metrics.text,
      /http_requests_total\{method="GET",route="\/cp-insurance\/candidate\/",status_code="200"\} 1/,
    );
    assert.match(
      metrics.text,
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/cp-insurance\/candidate\/"/,
    );
  });

  test('the OpenAPI 3.1 document describes the partner routes and is rendered at /docs', async () => {
    const doc = (await server.call('GET', '/openapi.json')).json;
    assert.equal(doc.openapi, '3.1.0');
    const candidate = doc.paths['/cp-insurance/candidate/'];
    assert.ok(candidate.get && candidate.post);
    assert.equal(
      candidate.post.requestBody.content['application/json'].schema.required.join(),
      'os,device_name',
    );
    assert.deepEqual(doc.components.securitySchemes.apiKey, {
      type: 'apiKey',
      in: 'header',
      name: 'X-ITECHS-API-KEY',
    });
    assert.equal(doc.paths['/healthz'], undefined);
    const docs = await server.call('GET', '/docs/');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /swagger/i);
  });

  test('a key over its rate limit gets 429 with Retry-After, another key is unaffected', async () => {
    const { apiKey } = await server.partner();
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await server.call('GET', '/cp-insurance/candidate/', { key: apiKey })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await server.call('GET', '/cp-insurance/candidate/', { key: apiKey });
    assert.equal(limited.json.error.code, 'rate_limited');
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    const other = (await server.partner()).apiKey;
    assert.equal((await server.call('GET', '/cp-insurance/candidate/', { key: other })).status, 200);
  });
});
