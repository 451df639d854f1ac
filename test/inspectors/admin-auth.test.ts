import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { ManualClock } from '../../src/core/clock.js';
import { adminAuth, inspectorOf, requireRole } from '../../src/core/http/admin-auth.js';
import { registerErrorHandling } from '../../src/core/http/error-handler.js';
import { registerOpenApi } from '../../src/core/http/openapi.js';
import { registerValidation } from '../../src/core/http/validation.js';
import {
  inspectorAdminRoutes,
  loginRoutes,
  sessionRoutes,
} from '../../src/modules/inspectors/inspectors.routes.js';
import {
  type InspectorsService,
  inspectorsService,
} from '../../src/modules/inspectors/inspectors.service.js';
import { openTestDatabase } from '../helpers/test-database.js';

const PASSWORD = 'correct horse battery';
const PARTNER_KEY = `cpi_live_${'A'.repeat(43)}`;

interface CallOptions {
  headers?: Record<string, string>;
  json?: unknown;
}

/** The admin scope as the platform mounts it: login open, everything else behind the session hook. */
async function buildAdminApp(service: InspectorsService): Promise<FastifyInstance> {
  // As server.ts builds it: the not-found handler's router needs trailing slashes ignored.
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  registerErrorHandling(app, 'http://127.0.0.1/docs/errors');
  registerValidation(app);
  await registerOpenApi(app, { publicBaseUrl: 'http://127.0.0.1', webhooks: {} });
  app.decorateRequest('inspector', null);
  const cookieOptions = { alwaysSecure: true };
  await app.register(
    async (admin) => {
      // Only the admin scope parses cookies, as in server.ts.
      await admin.register(cookie);
      await admin.register(async (open) => loginRoutes(service, cookieOptions)(open));
      await admin.register(async (secured) => {
        secured.addHook('onRequest', adminAuth(service.authenticateSession));
        sessionRoutes(service, cookieOptions, { inspectionSlaHours: 4 })(secured);
        inspectorAdminRoutes(service)(secured);
        secured.get('/whoami', async (request) => ({ email: inspectorOf(request).email }));
        secured.get('/admins-only', { preHandler: requireRole('admin') }, async () => ({ ok: true }));
      });
    },
    { prefix: '/admin/api' },
  );
  return app;
}

describe('admin API authentication over HTTP', () => {
  const clock = new ManualClock();
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let service: InspectorsService;
  let app: FastifyInstance;
  let baseUrl: string;

  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers = { ...options.headers };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const response = await fetch(`${baseUrl}/admin/api${path}`, { method, headers, body });
    // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert their exact shape.
    return { status: response.status, headers: response.headers, json: (await response.json()) as any };
  }
  const login = async (email: string, password = PASSWORD) =>
    call('POST', '/login', { json: { email, password } });
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const signIn = async (role: 'inspector' | 'admin', email: string) => {
    await service.createInspector({ email, password: PASSWORD, role }, { kind: 'cli' });
    const answer = await login(email);
    assert.equal(answer.status, 200);
    return answer.json.data.token as string;
  };

  before(async () => {
    database = await openTestDatabase();
    service = inspectorsService({ db: database.db, clock });
    app = await buildAdminApp(service);
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  test('login answers the token and sets a strict, HttpOnly, Secure session cookie', async () => {
    const created = await service.createInspector(
      {
        email: 'lee@example.com',
        password: PASSWORD,
        role: 'inspector',
      },
      { kind: 'cli' },
    );
    const answer = await login('Lee@Example.com');
    assert.equal(answer.status, 200);
    const { token, inspector, expires_at } = answer.json.data;
    assert.deepEqual(inspector, { id: created.id, email: 'lee@example.com', name: null, role: 'inspector' });
    assert.equal(expires_at, new Date(clock.now().getTime() + 12 * 3_600_000).toISOString());
    const setCookie = answer.headers.get('set-cookie') ?? '';
    assert.match(setCookie, new RegExp(`^cpi_session=${token};`));
    for (const attribute of ['Max-Age=43200', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) {
      assert.ok(setCookie.split('; ').includes(attribute), `${attribute} in ${setCookie}`);
    }
    assert.equal(answer.headers.get('cache-control'), 'no-store');
  });

  test('a wrong password is 401 login_failed in the envelope', async () => {
    const answer = await login('lee@example.com', 'not the password');
    assert.equal(answer.status, 401);
    assert.equal(answer.json.error.code, 'login_failed');
    assert.equal(answer.json.error.message, 'Email or password is wrong.');
    assert.equal(answer.headers.get('set-cookie'), null);
  });

  test('the session cookie and the bearer token both authenticate', async () => {
    const token = await signIn('inspector', 'park@example.com');
    const byCookie = await call('GET', '/whoami', { headers: { cookie: `cpi_session=${token}` } });
    assert.deepEqual([byCookie.status, byCookie.json], [200, { email: 'park@example.com' }]);
    const byBearer = await call('GET', '/me', bearer(token));
    assert.equal(byBearer.status, 200);
    assert.equal(byBearer.json.data.inspector.email, 'park@example.com');
  });

  test('no token, an unknown token or a partner API key is 401 session_invalid', async () => {
    const attempts: CallOptions[] = [
      {},
      bearer('A'.repeat(43)),
      { headers: { cookie: 'cpi_session=nope' } },
      { headers: { 'x-itechs-api-key': PARTNER_KEY } },
      bearer(PARTNER_KEY),
    ];
    for (const options of attempts) {
      const answer = await call('GET', '/me', options);
      assert.equal(answer.status, 401, JSON.stringify(options));
      assert.equal(answer.json.error.code, 'session_invalid');
      assert.equal(answer.json.data, null);
    }
  });

  test('admin-only routes are 403 forbidden for an inspector and open to an admin', async () => {
    const inspector = await signIn('inspector', 'choi@example.com');
    const admin = await signIn('admin', 'boss@example.com');
    for (const path of ['/admins-only', '/inspectors']) {
      const refused = await call('GET', path, bearer(inspector));
      assert.equal(refused.status, 403, path);
      assert.equal(refused.json.error.code, 'forbidden');
      assert.equal((await call('GET', path, bearer(admin))).status, 200, path);
    }
    const created = await call('POST', '/inspectors', {
      ...bearer(inspector),
      json: { email: 'x@example.com', password: PASSWORD, role: 'admin' },
    });
    assert.equal(created.status, 403);
  });

  test('an admin creates and deactivates accounts, and each action is audited', async () => {
    const admin = await signIn('admin', 'chief@example.com');
    const body = { email: 'New.One@example.com', password: PASSWORD, name: 'New One', role: 'inspector' };
    const created = await call('POST', '/inspectors', { ...bearer(admin), json: body });
    assert.equal(created.status, 201);
    const id = created.json.data.inspector.id;
    assert.deepEqual(
      { ...created.json.data.inspector, id: 'x', created_at: 'x' },
      {
        id: 'x',
        email: 'new.one@example.com',
        name: 'New One',
        role: 'inspector',
        active: true,
        created_at: 'x',
      },
    );
    assert.equal((await call('POST', '/inspectors', { ...bearer(admin), json: body })).status, 409);
    const short = await call('POST', '/inspectors', {
      ...bearer(admin),
      json: { ...body, password: 'short' },
    });
    assert.deepEqual([short.status, short.json.error.field], [400, 'password']);

    const theirs = (await login('new.one@example.com')).json.data.token;
    const deactivated = await call('POST', `/inspectors/${id}/deactivate`, bearer(admin));
    assert.deepEqual([deactivated.status, deactivated.json.data.revoked_sessions], [200, 1]);
    assert.equal((await call('GET', '/me', bearer(theirs))).status, 401);
    const me = (await call('GET', '/me', bearer(admin))).json.data.inspector.id;
    assert.equal((await call('POST', `/inspectors/${me}/deactivate`, bearer(admin))).status, 409);

    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('inspector_id', '=', me)
      .execute();
    assert.deepEqual(
      audit.map((row) => [row.action, row.target]),
      [
        ['session.login', me],
        ['inspector.create', id],
        ['inspector.deactivate', id],
      ],
    );
    assert.ok(!JSON.stringify(audit).includes(PASSWORD));
  });

  test('logout ends the session and clears the cookie', async () => {
    const token = await signIn('inspector', 'han@example.com');
    const answer = await call('POST', '/logout', { headers: { cookie: `cpi_session=${token}` } });
    assert.deepEqual([answer.status, answer.json.data], [200, { logged_out: true }]);
    assert.match(answer.headers.get('set-cookie') ?? '', /^cpi_session=;.*Expires=Thu, 01 Jan 1970/);
    assert.equal((await call('GET', '/me', bearer(token))).status, 401);
  });

  test('the admin routes are described in the OpenAPI document', async () => {
    const paths = Object.keys((app.swagger() as { paths: Record<string, unknown> }).paths);
    for (const path of ['/admin/api/login', '/admin/api/me', '/admin/api/inspectors/{id}/deactivate']) {
      assert.ok(paths.includes(path), path);
    }
  });
});
