import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generate } from 'selfsigned';
import { Agent, fetch } from 'undici';
import { openPlatform, type Platform } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { serve } from '../../src/runtime.js';
import { databaseUrl, startTestServer } from '../helpers/platform.js';

/** A certificate for 127.0.0.1, made in process (no openssl binary needed). */
async function selfSignedCertificate(dir: string) {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private);
  return { certFile, keyFile };
}

function plainRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string | undefined; hsts: string | undefined }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
      response.resume();
      resolve({
        status: response.statusCode ?? 0,
        location: response.headers.location,
        hsts: response.headers['strict-transport-security'],
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTPS with a certificate', { skip: databaseUrl ? 'covered on PGlite' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpi-tls-'));
  let certFile: string;
  let keyFile: string;
  let platform: Platform;
  let running: Awaited<ReturnType<typeof serve>>;
  let port: number;
  before(async () => {
    ({ certFile, keyFile } = await selfSignedCertificate(dir));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HTTP_REDIRECT_PORT: '0',
      DATA_DIR: dir,
      TLS_CERT_FILE: certFile,
      TLS_KEY_FILE: keyFile,
    });
    platform = await openPlatform({ config, pgliteDir: 'memory://' });
    running = await serve(platform);
    port = Number(new URL(running.url).port);
  });
  after(async () => {
    await running.stop();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers over TLS with HSTS', async () => {
    const dispatcher = new Agent({ connect: { ca: readFileSync(certFile) } });
    const response = await fetch(`https://127.0.0.1:${port}/healthz`, { dispatcher });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
    await dispatcher.close();
  });

  test('the plain-HTTP listener redirects every request to HTTPS', async () => {
    assert.ok(running.redirectPort);
    const answer = await plainRequest(running.redirectPort, '/cp-insurance/candidate/?a=1');
    assert.equal(answer.status, 308);
    assert.equal(answer.location, `https://127.0.0.1:${port}/cp-insurance/candidate/?a=1`);
  });
});

describe('behind a TLS-terminating proxy in production', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    server = await startTestServer({
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
  });
  after(() => server.close());

  test('X-Forwarded-Proto: http is redirected, https is served with HSTS', async () => {
    const port = Number(new URL(server.baseUrl).port);
    const insecure = await plainRequest(port, '/cp-insurance/candidate/', {
      'x-forwarded-proto': 'http',
      host: 'api.example.test',
    });
    assert.equal(insecure.status, 308);
    assert.equal(insecure.location, 'https://api.example.test/cp-insurance/candidate/');
    for (const probe of ['/healthz', '/readyz'])
      assert.equal(
        (await server.call('GET', probe, { headers: { 'x-forwarded-proto': 'http' } })).status,
        200,
        `${probe} answers the proxy's plain-HTTP health check`,
      );
    const secure = await server.call('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(secure.status, 200);
    assert.match(secure.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
  });
});
