import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/platform.js';

describe('the console session cookie on the whole platform', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.platform.inspectors.createInspector(
      {
        email: 'lee@cp-insurance.test',
        password: 'correct horse battery',
        role: 'inspector',
      },
      { kind: 'cli' },
    );
  });
  after(() => server.close());

  test('the admin API takes the session from the cookie alone; the partner API sets none', async () => {
    const login = await server.call('POST', '/admin/api/login', {
      json: { email: 'lee@cp-insurance.test', password: 'correct horse battery' },
    });
    assert.equal(login.status, 200, login.text);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(cookie, /^cpi_session=.+/);

    const me = await server.call('GET', '/admin/api/me', { headers: { cookie } });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.data.inspector.email, 'lee@cp-insurance.test');

    const { apiKey } = await server.partner();
    const partnerAnswer = await server.call('GET', '/cp-insurance/contract/?limit=1', {
      key: apiKey,
      headers: { cookie },
    });
    assert.equal(partnerAnswer.status, 200);
    assert.equal(partnerAnswer.headers.get('set-cookie'), null);
  });
});
