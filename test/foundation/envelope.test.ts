import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';

describe('the envelope on every path', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer();
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  const check = (body: unknown) => server.call('POST', '/cp-insurance/candidate/', { key, json: body });
  const raw = (body: string | Buffer, contentType = 'application/json') =>
    server.call('POST', '/cp-insurance/candidate/', { key, body, headers: { 'content-type': contentType } });

  test('success carries code, data and a null error, and X-Request-Id', async () => {
    const answer = await check({ os: 'aos', device_name: 'SM-N981N' });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.code, 200);
    assert.equal(answer.json.error, null);
    assert.equal(answer.json.data.available, true);
    assert.match(answer.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('a safe X-Request-Id from the caller is echoed', async () => {
    const answer = await server.call('GET', '/cp-insurance/candidate/', {
      key,
      headers: { 'x-request-id': 'partner-req-0001' },
    });
    assert.equal(answer.headers.get('x-request-id'), 'partner-req-0001');
    const unsafe = await server.call('GET', '/healthz', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    assert.notEqual(unsafe.headers.get('x-request-id'), 'bad id with spaces');
  });

  test('an unknown route is 404 route_not_found', async () => {
    const answer = await server.call('GET', '/cp-insurance/nothing-here/', { key });
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.json, expectedError(404, 'route_not_found', answer));
  });

  test('a known path with the wrong method is 405 with Allow', async () => {
    const answer = await server.call('DELETE', '/cp-insurance/candidate/', { key });
    assert.equal(answer.status, 405);
    assert.deepEqual(answer.json, expectedError(405, 'method_not_allowed', answer));
    assert.match(answer.headers.get('allow') ?? '', /GET/);
    assert.match(answer.headers.get('allow') ?? '', /POST/);
  });

  test('the path without its trailing slash works too', async () => {
    const answer = await server.call('GET', '/cp-insurance/candidate', { key });
    assert.equal(answer.status, 200);
  });

  test('a missing field is 400 naming it', async () => {
    const answer = await check({ os: 'ios' });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, expectedError(400, 'validation_failed', answer, { field: 'device_name' }));
    assert.match(answer.json.error.message, /device_name/);
  });

  test('a wrong type is 400 naming the field', async () => {
    const answer = await check({ os: 'ios', device_name: 42 });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.error.field, 'device_name');
  });

  test('malformed JSON is 400 invalid_json', async () => {
    const answer = await raw('{"os": "ios", ');
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, expectedError(400, 'invalid_json', answer));
  });

  test('an empty body is 400', async () => {
    const answer = await raw('');
    assert.equal(answer.status, 400);
    assert.equal(answer.json.error.code, 'invalid_json');
  });

  test('a JSON array or string instead of an object is 400', async () => {
    for (const body of ['[1,2]', '"ios"', '42', 'null']) {
      const answer = await raw(body);
      assert.equal(answer.status, 400, body);
      assert.equal(answer.json.error.code, 'validation_failed', body);
    }
  });

  test('nesting 5,000 deep is 400 json_too_deep', async () => {
    const deep = `{"os":"ios","device_name":"x","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const answer = await raw(deep);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, expectedError(400, 'json_too_deep', answer));
  });

  test('__proto__ and constructor keys are refused and pollute nothing', async () => {
    for (const body of [
      '{"os":"ios","device_name":"x","__proto__":{"polluted":"yes"}}',
      '{"os":"ios","device_name":"x","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"os":"ios","device_name":"x","nested":{"constructor":{"polluted":"yes"}}}',
    ]) {
      const answer = await raw(body);
      assert.equal(answer.status, 400, body);
      assert.deepEqual(answer.json, expectedError(400, 'forbidden_key', answer));
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a body over the limit is 413 before parsing', async () => {
    const answer = await raw(Buffer.alloc(20 * 1024 * 1024, 0x20));
    assert.equal(answer.status, 413);
    assert.deepEqual(answer.json, expectedError(413, 'payload_too_large', answer));
  });

  test('a wrong content type is 415', async () => {
    const answer = await raw('os=ios&device_name=x', 'application/x-www-form-urlencoded');
    assert.equal(answer.status, 415);
    assert.deepEqual(answer.json, expectedError(415, 'unsupported_media_type', answer));
  });

  test('non-UTF-8 bytes are 400 invalid_encoding', async () => {
    const answer = await raw(Buffer.from([0x7b, 0x22, 0x6f, 0x73, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, expectedError(400, 'invalid_encoding', answer));
  });

  test('the NUL character, which PostgreSQL text cannot hold, is 400 invalid_encoding in body and URL', async () => {
    const inBody = await raw('{"os":"aos","device_name":"SM\\u0000N981N"}');
    assert.deepEqual(inBody.json, expectedError(400, 'invalid_encoding', inBody));
    const escapedBackslash = await raw('{"os":"aos","device_name":"SM\\\\u0000"}');
    assert.equal(escapedBackslash.status, 200, 'a literal backslash-u is text, not NUL');
    const inQuery = await server.call('GET', '/cp-insurance/contract/?affiliate_uid=a%00b', { key });
    assert.deepEqual(inQuery.json, expectedError(400, 'invalid_encoding', inQuery));
  });

  test("the router's refusals are the envelope too: an id over 100 characters, broken percent-encoding", async () => {
    const long = await server.call('GET', `/cp-insurance/contract/${'a'.repeat(101)}/`, { key });
    assert.equal(long.status, 414);
    assert.deepEqual(long.json, expectedError(414, 'path_too_long', long));
    assert.equal(long.headers.get('x-content-type-options'), 'nosniff');
    const broken = await server.call('GET', '/cp-insurance/contract/%E0%A4%A/', { key });
    assert.equal(broken.status, 400);
    assert.deepEqual(broken.json, expectedError(400, 'invalid_path', broken));
  });

  test("headers over Node's 16 KB limit are 431 headers_too_large in the envelope", async () => {
    const answer = await server.call('GET', `/cp-insurance/candidate/?q=${'x'.repeat(20_000)}`, { key });
    assert.equal(answer.status, 431);
    assert.deepEqual(answer.json, expectedError(431, 'headers_too_large', answer));
  });

  test('a failure on our side is 500 without internals', async () => {
    const fresh = await server.partner();
    await server.platform.database.close();
    const answer = await server.call('GET', '/cp-insurance/candidate/', { key: fresh.apiKey });
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.json, expectedError(500, 'internal_error', answer));
    assert.doesNotMatch(answer.text, /at .*\.ts|stack|PGlite|closed/i);
    assert.match(answer.json.error.message, new RegExp(answer.headers.get('x-request-id') ?? 'missing'));
  });
});
