import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ERROR_STATUS } from '../../src/core/errors.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';

describe('errors that teach: doc_url and the error reference', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('/docs/errors lists every error code of core/errors.ts with its HTTP status and an anchor', async () => {
    const page = await fetch(`${server.baseUrl}/docs/errors`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      assert.match(
        html,
        new RegExp(
          `<tr id="${code}"><td><a href="#${code}"><code>${code}</code></a></td><td>${status}</td><td>[^<]`,
        ),
      );
    }
  });

  test("an error answer's doc_url opens the reference at its code", async () => {
    const answer = await server.call('GET', '/cp-insurance/candidate/');
    assert.equal(answer.status, 401);
    const docUrl = new URL(answer.json.error.doc_url);
    assert.equal(docUrl.hash, '#api_key_missing');
    const page = await fetch(docUrl);
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes('<tr id="api_key_missing">'));
  });
});
