import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_DIST } from '../../src/core/http/console.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';

describe('the console is served at /console', {
  skip: existsSync(new URL('index.html', CONSOLE_DIST)) ? false : 'run npm run build first',
}, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('the app, its client-side routes, and a CSP without inline scripts', async () => {
    for (const path of ['/console', '/console/', '/console/contracts/x']) {
      const answer = await server.call('GET', path);
      assert.equal(answer.status, 200, path);
      assert.match(answer.text, /<div id="root">|<script type="module"/);
      const csp = answer.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    }
  });
});
