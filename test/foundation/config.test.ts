import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

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
    assert.equal(config.trustProxy, true);
  });

  const bad: Array<[Record<string, string>, string, RegExp]> = [
    [{ PORT: 'eighty' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /one of development, production, test/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /must be a URL/],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL', /http/],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY', /true or false/],
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
