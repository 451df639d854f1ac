import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { ConfigError, loadConfig } from '../../src/config.js';
import { fastifyTrustProxy } from '../../src/core/http/server.js';

describe('configuration', () => {
  test('defaults: port 8080, localhost in development, everywhere in production, ./data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, null);
    assert.match(config.dataDir, /\/data$/);
    assert.equal(config.publicBaseUrl, 'http://127.0.0.1:8080');
    assert.equal(loadConfig({ NODE_ENV: 'production' }).host, '0.0.0.0');
  });

  test('values are read and trimmed', () => {
    const config = loadConfig({
      PORT: ' 9000 ',
      PUBLIC_BASE_URL: 'https://api.example.test/',
      TRUST_PROXY: 'true',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.publicBaseUrl, 'https://api.example.test');
    assert.equal(config.trustProxy, 1, 'true trusts the one proxy in front, not every hop');
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, '10.0.0.0/8, 127.0.0.1');
    assert.equal(loadConfig({}).trustProxy, false);
  });

  test("TRUST_PROXY=true: a client's own X-Forwarded-For does not become its address", async () => {
    const app = Fastify({ trustProxy: fastifyTrustProxy(loadConfig({ TRUST_PROXY: 'true' }).trustProxy) });
    app.get('/', async (request) => request.ip);
    const answer = await app.inject({
      url: '/',
      remoteAddress: '172.18.0.2',
      headers: { 'x-forwarded-for': '6.6.6.6, 172.18.0.9' },
    });
    assert.equal(answer.body, '172.18.0.9', 'the address the one proxy saw');
    await app.close();
  });

  const bad: Array<[Record<string, string>, string, RegExp]> = [
    [{ PORT: 'eighty' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /one of development, production, test/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /must be a URL/],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL', /http/],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY', /true, false, a hop count/],
    [{ TLS_CERT_FILE: '/nonexistent.pem' }, 'TLS_CERT_FILE', /does not exist/],
    [{ API_KEY_CACHE_MS: '60000' }, 'API_KEY_CACHE_MS', /between 0 and 5000/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
  ];
  for (const [env, variable, problem] of bad) {
    test(`${variable}=${Object.values(env)[0]} is refused, naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) =>
          error instanceof ConfigError && error.variable === variable && problem.test(error.message),
      );
    });
  }
});
