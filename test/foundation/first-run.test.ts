import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createLogger } from '../../src/core/logger.js';
import { createFirstRunAccounts } from '../../src/first-run.js';
import { databaseUrl, startTestServer } from '../helpers/platform.js';
import { startServeProcess } from '../helpers/serve-process.js';

const BANNER =
  /Test API key {4}(cpi_test_\S+)\n {4}Webhook secret {2}(whsec_\S+)\n {4}Console {9}(\S+) {2}\((\S+) \/ (\S+)\)/;

describe('the first start', { skip: databaseUrl ? 'covered on PGlite' : false }, () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cpi-first-run-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  test('in development prints once a key that works and a console login that signs in', async () => {
    const server = await startServeProcess(dataDir);
    let printed: string;
    try {
      await waitFor(() => BANNER.test(server.printed()));
      const [, apiKey, webhookSecret, consoleUrl, email, password] = BANNER.exec(server.printed()) ?? [];
      assert.match(webhookSecret ?? '', /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.equal(consoleUrl, `${server.url}/console`);
      assert.ok(server.printed().includes(`${server.url}/docs`));
      const candidates = await fetch(`${server.url}/cp-insurance/candidate/`, {
        headers: { 'x-itechs-api-key': apiKey ?? '' },
      });
      assert.equal(candidates.status, 200);
      const login = await fetch(`${server.url}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      assert.equal(login.status, 200, await login.text());
    } finally {
      printed = await server.stop();
    }
    assert.equal(
      printed.match(/cpi_test_/g)?.length,
      2,
      'the key is printed in the banner only (twice: alone and in curl)',
    );

    const again = await startServeProcess(dataDir);
    assert.doesNotMatch(await again.stop(), /First start|cpi_test_/);
  });

  test('in production creates nothing and says how to create the first inspector', async () => {
    // In-process: the production start runs the compiled build, which a test run does not make.
    const server = await startTestServer({ NODE_ENV: 'production', HOST: '127.0.0.1' });
    try {
      const warnings: string[] = [];
      const sink = new Writable({
        write(chunk, _encoding, done) {
          warnings.push(String(chunk));
          done();
        },
      });
      const platform = { ...server.platform, logger: createLogger('warn', sink) };
      assert.equal(await createFirstRunAccounts(platform), null);
      assert.deepEqual(await server.platform.affiliates.listAffiliates(), []);
      assert.deepEqual(await server.platform.inspectors.listInspectors(), []);
      assert.match(
        warnings.join(''),
        /No inspector account exists yet: create the first with `cp-insurance inspector create/,
      );
    } finally {
      await server.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 30_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
