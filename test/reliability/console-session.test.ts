/**
 * Console session security over real HTTP. Every state-changing admin route, listed from the running
 * app (its OpenAPI document, checked against Fastify's own router), is refused when a browser would
 * have sent it cross-site, and reaches its handler from the console's own origin; fast-check then
 * crosses the browser's headers at random against the documented rule. Also: the session cookie's
 * flags on HTTP, behind a TLS-terminating proxy and on real HTTPS; session fixation; logout; the
 * login lockout under an injected clock; the console pages' Content-Security-Policy.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { generate } from 'selfsigned';
import { Agent, fetch as tlsFetch } from 'undici';
import { ManualClock } from '../../src/core/clock.js';
import type { DB } from '../../src/core/db/schema.js';
import { CONSOLE_DIST } from '../../src/core/http/console.js';
import type { App } from '../../src/core/http/server.js';
import { LOGIN_LIMITS } from '../../src/modules/inspectors/inspectors.service.js';
import { contractInStatus } from '../helpers/contract-flow.js';
import { databaseFingerprint } from '../helpers/db-fingerprint.js';
import { type Answer, expectedError, startTestServer, type TestServer } from '../helpers/platform.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const SEED = 20_260_512;
const PASSWORD = 'correct horse battery staple';
const ADMIN = 'admin@session.test';
const FOREIGN = 'https://evil.example';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const SESSION_SECONDS = 12 * 3_600;
const CSV = [
  'sheet,manufacturer,representative_name,model_name,model_code,release_date,phone_safe_plans',
  'LTE,삼성,(MVNO)SM-G165N,(MVNO)SM-G165N,A5,2017-11-04,X',
].join('\n');

type HeaderMap = Record<string, string>;

// ---- the database: what a refused request must leave alone ----

/** The business tables, and sessions and failed logins too: a refusal signs nobody in or out and counts as no failure. */
async function fingerprint(db: Kysely<DB>): Promise<Record<string, string>> {
  const digest = async (table: 'admin_sessions' | 'login_failures') => {
    const { rows } = await sql<{ digest: string }>`
      SELECT count(*) || ':' || coalesce(md5(string_agg(to_jsonb(t)::text, ',' ORDER BY to_jsonb(t)::text)), '') AS digest
      FROM ${sql.table(table)} AS t`.execute(db);
    return rows[0]?.digest ?? '';
  };
  return {
    ...(await databaseFingerprint(db)),
    admin_sessions: await digest('admin_sessions'),
    login_failures: await digest('login_failures'),
  };
}

// ---- the routes, from the running app ----

/** `METHOD /template` of every state-changing admin operation in /openapi.json. */
async function documentedRoutes(server: TestServer): Promise<string[]> {
  const paths = (await server.call('GET', '/openapi.json')).json.paths as Record<string, object>;
  return Object.entries(paths)
    .filter(([template]) => template.startsWith('/admin/api/'))
    .flatMap(([template, operations]) =>
      Object.keys(operations)
        .map((method) => method.toUpperCase())
        .filter((method) => UNSAFE_METHODS.includes(method))
        .map((method) => `${method} ${template}`),
    )
    .sort();
}

/** The same list from Fastify's route tree, where a route hidden from the document would still show. */
function routerRoutes(app: App): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    stack.length = (match[1] ?? '').length / 4;
    stack.push(match[2] ?? '');
    const template = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${template}`);
  }
  return routes
    .filter((route) => route.includes(' /admin/api/') && UNSAFE_METHODS.includes(route.split(' ')[0] ?? ''))
    .sort();
}

interface Targets {
  inspector: string;
  contract: string;
  affiliate: string;
  key: string;
  device: string;
}

/** A request its handler would carry out, with the status it answers; null for a route this table does not know. */
interface RouteRequest {
  path: string;
  body: string;
  type: string;
  expect: number | null;
}

const asJson = (path: string, value: unknown, expect: number | null): RouteRequest => ({
  path,
  body: JSON.stringify(value),
  type: 'application/json',
  expect,
});

const LOGIN = 'POST /admin/api/login';
const LOGOUT = 'POST /admin/api/logout';

const KNOWN_ROUTES: Record<string, (targets: Targets) => RouteRequest> = {
  [LOGIN]: () => asJson('/admin/api/login', { email: ADMIN, password: PASSWORD }, 200),
  [LOGOUT]: () => asJson('/admin/api/logout', {}, 200),
  'POST /admin/api/inspectors': () =>
    asJson('/admin/api/inspectors', { email: 'new@session.test', password: PASSWORD, role: 'admin' }, 201),
  'POST /admin/api/inspectors/{id}/deactivate': (t) =>
    asJson(`/admin/api/inspectors/${t.inspector}/deactivate`, {}, 200),
  'POST /admin/api/contracts/{contract_id}/inspection': (t) =>
    asJson(`/admin/api/contracts/${t.contract}/inspection`, { result: 0 }, 201),
  // No delivery is dead here: the handler's own 404 still shows the request got past the guard.
  'POST /admin/api/deliveries/{id}/resend': () =>
    asJson(`/admin/api/deliveries/${NO_SUCH_ID}/resend`, {}, 404),
  'POST /admin/api/affiliates/{id}/keys': (t) =>
    asJson(`/admin/api/affiliates/${t.affiliate}/keys`, { mode: 'live' }, 201),
  'POST /admin/api/keys/{id}/revoke': (t) => asJson(`/admin/api/keys/${t.key}/revoke`, {}, 200),
  'POST /admin/api/affiliates/{id}/webhook-test': (t) =>
    asJson(`/admin/api/affiliates/${t.affiliate}/webhook-test`, {}, 200),
  'PATCH /admin/api/devices/{id}': (t) =>
    asJson(`/admin/api/devices/${t.device}`, { premium_monthly: 7_700 }, 200),
  'POST /admin/api/devices/import': () => ({
    path: '/admin/api/devices/import',
    body: CSV,
    type: 'text/csv',
    expect: 200,
  }),
};

/** A route the table does not know yet is covered all the same: made-up ids, an empty JSON object. */
function requestFor(route: string, targets: Targets): RouteRequest {
  const known = KNOWN_ROUTES[route];
  if (known) return known(targets);
  return asJson(route.slice(route.indexOf(' ') + 1).replace(/\{\w+\}/g, NO_SUCH_ID), {}, null);
}

// ---- what makes a request cross-site ----

/** One way a browser marks a request; `own` is the console's origin. */
interface Way {
  name: string;
  headers?: (own: string) => HeaderMap;
  type?: string;
}

const CROSS_SITE: Way[] = [
  { name: 'an Origin of another site', headers: () => ({ origin: FOREIGN }) },
  { name: 'an Origin of another port on this host', headers: () => ({ origin: 'http://127.0.0.1:9' }) },
  { name: 'Origin: null (a sandboxed frame)', headers: () => ({ origin: 'null' }) },
  { name: 'Sec-Fetch-Site: cross-site', headers: () => ({ 'sec-fetch-site': 'cross-site' }) },
  {
    name: 'Sec-Fetch-Site: same-site (a sibling subdomain)',
    headers: () => ({ 'sec-fetch-site': 'same-site' }),
  },
  {
    name: 'Sec-Fetch-Site: cross-site beside our own Origin',
    headers: (own) => ({ 'sec-fetch-site': 'cross-site', origin: own }),
  },
  { name: 'a urlencoded form post', type: 'application/x-www-form-urlencoded' },
  { name: 'a text/plain form post carrying the JSON', type: 'text/plain;charset=UTF-8' },
  { name: 'a multipart form post', type: 'multipart/form-data; boundary=form' },
  { name: 'no Origin and a foreign Referer', headers: () => ({ referer: `${FOREIGN}/page` }) },
  {
    name: 'no Origin and a Referer on a lookalike host',
    headers: (own) => ({ referer: own.replace('127.0.0.1', '127.0.0.1.evil.example') }),
  },
];

const OWN_ORIGIN: Way[] = [
  {
    name: 'the console (Origin, Referer and fetch metadata)',
    headers: (own) => ({ origin: own, referer: `${own}/console/`, 'sec-fetch-site': 'same-origin' }),
  },
  {
    name: 'the console under no-referrer (Origin: null, fetch metadata)',
    headers: () => ({ origin: 'null', 'sec-fetch-site': 'same-origin' }),
  },
  { name: 'an older browser (Origin only)', headers: (own) => ({ origin: own }) },
  {
    name: 'an older browser without Origin (Referer only)',
    headers: (own) => ({ referer: `${own}/console/x` }),
  },
  { name: 'a script (no browser headers)' },
  { name: 'a user-initiated request (Sec-Fetch-Site: none)', headers: () => ({ 'sec-fetch-site': 'none' }) },
];

/** The documented rule, written out again for the generated cases: what a cross-site request looks like. */
interface Crossing {
  route: string;
  site: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
  type: string | undefined;
  bearer: boolean;
}

/** One of `usual` four times in five, so that about as many generated cases pass as are refused. */
function mostly<T>(usual: T[], unusual: T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...usual) },
    { weight: 1, arbitrary: fc.constantFrom(...unusual) },
  );
}

function isCrossSite(crossing: Crossing): boolean {
  if (
    crossing.type &&
    /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i.test(crossing.type)
  )
    return true;
  if (crossing.site !== undefined && crossing.site !== 'same-origin' && crossing.site !== 'none') return true;
  if (crossing.origin === 'null') return crossing.site !== 'same-origin';
  if (crossing.origin !== undefined) return crossing.origin !== 'own';
  return crossing.referer !== undefined && crossing.referer !== 'own';
}

// ---- cookies and CSP ----

interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** A Set-Cookie header as name, value and attributes (names lowercased, flags as `true`). */
function parseSetCookie(header: string | null): SetCookie {
  assert.ok(header, 'a Set-Cookie header');
  const [pair = '', ...parts] = header.split(/;\s*/);
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const [key = '', ...value] = part.split('=');
    attributes[key.toLowerCase()] = value.length ? value.join('=') : true;
  }
  const [name = '', ...value] = pair.split('=');
  return { name, value: value.join('='), attributes };
}

function sessionCookieAttributes(secure: boolean): Record<string, string | true> {
  return {
    'max-age': String(SESSION_SECONDS),
    path: '/',
    httponly: true,
    samesite: 'Strict',
    ...(secure ? { secure: true } : {}),
  };
}

function clearedCookieAttributes(secure: boolean): Record<string, string | true> {
  return {
    'max-age': '0',
    expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
    path: '/',
    httponly: true,
    samesite: 'Strict',
    ...(secure ? { secure: true } : {}),
  };
}

function cspDirectives(header: string | null): Map<string, string[]> {
  assert.ok(header, 'a Content-Security-Policy header');
  const directives = new Map<string, string[]>();
  for (const directive of header.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// ---- real HTTPS ----

/** A certificate for 127.0.0.1, made in process, as test/foundation/https.test.ts makes it. */
async function selfSignedFiles(dir: string): Promise<{ certFile: string; keyFile: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private);
  return { certFile, keyFile, cert: pems.cert };
}

describe('console session security', () => {
  const clock = new ManualClock();
  const tlsDir = mkdtempSync(join(tmpdir(), 'cpi-session-tls-'));
  let server: TestServer;
  let tls: { server: TestServer; origin: string; dispatcher: Agent };
  let receiver: WebhookReceiver;
  let db: Kysely<DB>;
  let own: string;
  let routes: string[];
  let targets: Targets;
  let addresses = 0;
  const tally = { refused: 0, passed: 0, generated: 0, generatedRefused: 0, resignedIn: 0, logins: 0 };

  // Each login test comes from an address of its own, so that the per-address limit of one never touches another.
  const nextAddress = () => `198.51.100.${++addresses}`;
  const account = (email: string, role: 'admin' | 'inspector' = 'inspector') =>
    server.platform.inspectors.createInspector({ email, password: PASSWORD, role }, { kind: 'cli' });
  const login = (email: string, password = PASSWORD, headers: HeaderMap = {}) => {
    tally.logins += 1;
    return server.call('POST', '/admin/api/login', { json: { email, password }, headers });
  };
  const signIn = async (email: string, headers: HeaderMap = {}) => {
    const answer = await login(email, PASSWORD, headers);
    assert.equal(answer.status, 200, answer.text);
    return answer.json.data.token as string;
  };
  const me = (headers: HeaderMap) => server.call('GET', '/admin/api/me', { headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const cookie = (token: string) => ({ cookie: `cpi_session=${token}` });
  const send = (route: string, request: RouteRequest, headers: HeaderMap, type = request.type) =>
    server.call(route.split(' ')[0] ?? 'POST', request.path, {
      body: request.body,
      headers: { 'content-type': type, ...headers },
    });
  const assertCrossSiteRefusal = (answer: Answer, label: string) => {
    assert.deepEqual(answer.json, expectedError(403, 'cross_site_request', answer), label);
    assert.match(answer.json.error.message, /^Refused: /, label);
    assert.equal(answer.headers.get('set-cookie'), null, label);
  };
  const isCrossSiteRefusal = (answer: Answer) =>
    answer.status === 403 && answer.json?.error?.code === 'cross_site_request';

  async function startTls() {
    const { certFile, keyFile, cert } = await selfSignedFiles(tlsDir);
    const started = await startTestServer({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile });
    await started.platform.inspectors.createInspector(
      { email: ADMIN, password: PASSWORD, role: 'admin' },
      { kind: 'cli' },
    );
    const origin = started.baseUrl.replace('http://', 'https://');
    return { server: started, origin, dispatcher: new Agent({ connect: { ca: cert } }) };
  }

  async function prepareTargets(): Promise<Targets> {
    const partner = await server.partner('test');
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    const key = await server.platform.affiliates.createKey(partner.affiliateId, 'live', { kind: 'cli' });
    const leaver = await account('leaver@session.test');
    const [device] = (await server.platform.devices.searchDevices('SM-N971N', 1, 0)).items;
    assert.ok(device, 'the catalog has an SM-N971N');
    const paid = await contractInStatus(server, partner.apiKey, 3, undefined, { sandbox_outcome: 'manual' });
    return {
      inspector: leaver.id,
      contract: paid.contractId,
      affiliate: partner.affiliateId,
      key: key.key_id,
      device: device.id,
    };
  }

  before(async () => {
    // One hop of proxy is trusted, so tests can come from addresses of their own and as HTTPS behind a proxy.
    const env = { TRUST_PROXY: '1', WEBHOOK_ALLOW_PRIVATE: 'true', OCR_WORKERS: '1' };
    [server, tls] = await Promise.all([startTestServer(env, { clock }), startTls()]);
    db = server.platform.database.db;
    own = server.baseUrl;
    await account(ADMIN, 'admin');
    targets = await prepareTargets();
    routes = await documentedRoutes(server);
  });
  after(async () => {
    await receiver?.close();
    await tls?.dispatcher.close();
    await Promise.all([server?.close(), tls?.server.close()]);
    rmSync(tlsDir, { recursive: true, force: true });
  });

  describe('CSRF on every state-changing admin route', () => {
    test('the routes are listed from the running app, and the document hides none of them', (t) => {
      assert.ok(
        routes.length >= 10,
        `only ${routes.length} state-changing admin routes: ${routes.join(', ')}`,
      );
      assert.ok(routes.includes(LOGIN) && routes.includes(LOGOUT), 'sign-in and sign-out are among them');
      assert.deepEqual(routerRoutes(server.app), routes, "Fastify's router and /openapi.json agree");
      t.diagnostic(`${routes.length} routes: ${routes.join(', ')}`);
    });

    test('each cross-site way on each route is 403 cross_site_request, with a live cookie, and changes nothing', async (t) => {
      const token = await signIn(ADMIN);
      const before_ = await fingerprint(db);
      const delivered = receiver.count;
      for (const route of routes) {
        for (const way of CROSS_SITE) {
          const request = requestFor(route, targets);
          const answer = await send(route, request, { ...cookie(token), ...way.headers?.(own) }, way.type);
          assertCrossSiteRefusal(answer, `${route}, ${way.name}`);
          tally.refused += 1;
        }
      }
      assert.deepEqual(await fingerprint(db), before_, 'no row added, changed or removed');
      assert.equal(receiver.count, delivered, 'no test webhook went out');
      assert.equal((await me(cookie(token))).status, 200, 'the session the refusals carried is still live');
      t.diagnostic(
        `${routes.length} routes × ${CROSS_SITE.length} ways = ${routes.length * CROSS_SITE.length} refusals`,
      );
    });

    test('a Bearer token does not open a cross-site request either', async () => {
      const token = await signIn(ADMIN);
      const before_ = await fingerprint(db);
      const delivered = receiver.count;
      for (const route of routes) {
        const answer = await send(route, requestFor(route, targets), { ...bearer(token), origin: FOREIGN });
        assertCrossSiteRefusal(answer, route);
        tally.refused += 1;
      }
      assert.deepEqual(await fingerprint(db), before_);
      assert.equal(receiver.count, delivered);
    });

    test('the same requests from the console’s own origin pass the guard and reach their handlers', async (t) => {
      // Sign-out last, as it ends the session; sign-in carries no session, as a browser signing in has none.
      const ordered = [...routes.filter((route) => route !== LOGOUT), LOGOUT];
      const token = await signIn(ADMIN);
      const seen = new Set<string>();
      for (const [index, route] of ordered.entries()) {
        const way = OWN_ORIGIN[index % OWN_ORIGIN.length] as Way;
        const request = requestFor(route, targets);
        const credential = route === LOGIN ? {} : cookie(token);
        const answer = await send(route, request, { ...credential, ...way.headers?.(own) });
        const label = `${route}, ${way.name}: ${answer.text.slice(0, 200)}`;
        assert.ok(!isCrossSiteRefusal(answer), label);
        if (request.expect !== null) assert.equal(answer.status, request.expect, label);
        seen.add(way.name);
        tally.passed += 1;
      }
      assert.equal(seen.size, OWN_ORIGIN.length, 'every same-origin form was tried');
      assert.ok(receiver.count > 0, 'the accepted test-webhook request did send');
      t.diagnostic(`${ordered.length} same-origin requests reached their handlers`);
    });

    test('behind a proxy the guard compares with the host the browser used (X-Forwarded-Host)', async () => {
      const proxied = { 'x-forwarded-host': 'console.example.test', 'x-forwarded-proto': 'https' };
      const through = await login(ADMIN, PASSWORD, { ...proxied, origin: 'https://console.example.test' });
      assert.equal(through.status, 200, through.text);
      // The upstream address is not where the browser was: a page there is another site.
      const upstream = await login(ADMIN, PASSWORD, { ...proxied, origin: own });
      assertCrossSiteRefusal(upstream, 'Origin of the upstream address');
    });

    test('cross-site sign-ins with a wrong password count as no failure, so they cannot lock anyone out', async () => {
      const email = 'target@session.test';
      await account(email);
      const address = nextAddress();
      for (let i = 0; i < 2 * LOGIN_LIMITS.perEmail; i++) {
        const answer = await login(email, 'not the password', {
          'x-forwarded-for': address,
          origin: FOREIGN,
        });
        assertCrossSiteRefusal(answer, `attempt ${i + 1}`);
      }
      const failures = await db
        .selectFrom('login_failures')
        .select('id')
        .where('email', '=', email)
        .execute();
      assert.deepEqual(failures, []);
      assert.equal((await login(email, PASSWORD, { 'x-forwarded-for': address })).status, 200);
    });

    test(`generated crossings of the browser's headers follow the rule (seed ${SEED})`, async (t) => {
      let token = await signIn(ADMIN);
      const crossing: fc.Arbitrary<Crossing> = fc.record({
        route: fc.constantFrom(...routes),
        site: mostly([undefined, 'same-origin', 'none'], ['same-site', 'cross-site']),
        origin: mostly([undefined, 'own'], ['null', FOREIGN, 'http://127.0.0.1:9', 'not a url']),
        referer: mostly([undefined, 'own'], [`${FOREIGN}/page`]),
        type: mostly(
          [undefined, 'application/json; charset=utf-8'],
          [
            'text/plain',
            'TEXT/PLAIN; charset=utf-8',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=form',
          ],
        ),
        bearer: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(crossing, async (c) => {
          // A generated sign-in or sign-out may have ended the session: sign in again, outside the case.
          if ((await me(bearer(token))).status === 401) {
            token = await signIn(ADMIN);
            tally.resignedIn += 1;
          }
          const request = requestFor(c.route, targets);
          const headers: HeaderMap = c.bearer ? bearer(token) : cookie(token);
          if (c.site !== undefined) headers['sec-fetch-site'] = c.site;
          if (c.origin !== undefined) headers.origin = c.origin === 'own' ? own : c.origin;
          if (c.referer !== undefined) headers.referer = c.referer === 'own' ? `${own}/console/` : c.referer;
          const crossSite = isCrossSite(c);
          const before_ = crossSite ? await fingerprint(db) : null;
          const answer = await send(c.route, request, headers, c.type ?? request.type);
          const label = `${JSON.stringify(c)} → ${answer.status} ${answer.text.slice(0, 200)}`;
          tally.generated += 1;
          tally.generatedRefused += crossSite ? 1 : 0;
          if (!crossSite) {
            assert.ok(!isCrossSiteRefusal(answer) && answer.status < 500, label);
            return;
          }
          assertCrossSiteRefusal(answer, label);
          assert.deepEqual(await fingerprint(db), before_, label);
        }),
        { seed: SEED, numRuns: 80, endOnFailure: true },
      );
      const passed = tally.generated - tally.generatedRefused;
      assert.ok(
        tally.generatedRefused >= 20 && passed >= 20,
        `both sides tried: ${tally.generatedRefused} refused, ${passed} passed`,
      );
      t.diagnostic(
        `${tally.generated} generated cases: ${tally.generatedRefused} refused, ${passed} passed; ${tally.resignedIn} fresh sign-ins between them`,
      );
    });
  });

  describe('session fixation', () => {
    test('a made-up session cookie sent to sign-in is never adopted: the token is new, the planted one is no session', async () => {
      const email = 'fixed@session.test';
      await account(email);
      const planted = 'P'.repeat(43);
      const answer = await login(email, PASSWORD, cookie(planted));
      assert.equal(answer.status, 200, answer.text);
      const set = parseSetCookie(answer.headers.get('set-cookie'));
      assert.equal(set.name, 'cpi_session');
      assert.equal(set.value, answer.json.data.token);
      assert.match(set.value, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(set.value, planted);
      for (const headers of [cookie(planted), bearer(planted)]) {
        const refused = await me(headers);
        assert.deepEqual(refused.json, expectedError(401, 'session_invalid', refused));
      }
      assert.equal((await me(cookie(set.value))).json.data.inspector.email, email);
      const stored = await db.selectFrom('admin_sessions').select('token_hash').execute();
      assert.ok(
        !stored.some((row) => row.token_hash === sha256(planted)),
        'no session row for the planted token',
      );
    });

    test("an attacker's own live session planted in the victim's browser ends at the victim's sign-in", async () => {
      const [attacker, victim] = ['attacker@session.test', 'victim@session.test'];
      const attackerId = (await account(attacker)).id;
      await account(victim);
      const planted = await signIn(attacker);
      const answer = await login(victim, PASSWORD, cookie(planted));
      assert.equal(answer.status, 200, answer.text);
      const fresh = parseSetCookie(answer.headers.get('set-cookie')).value;
      assert.notEqual(fresh, planted);
      assert.equal((await me(cookie(fresh))).json.data.inspector.email, victim);
      for (const headers of [cookie(planted), bearer(planted)]) assert.equal((await me(headers)).status, 401);
      const ended = await db
        .selectFrom('admin_sessions')
        .select('revoked_at')
        .where('token_hash', '=', sha256(planted))
        .executeTakeFirstOrThrow();
      assert.ok(ended.revoked_at, 'the planted session is revoked server-side');
      const audit = await db
        .selectFrom('audit_log')
        .select('action')
        .where('inspector_id', '=', attackerId)
        .orderBy('at')
        .execute();
      assert.deepEqual(
        audit.map((row) => row.action),
        ['session.login', 'session.logout'],
      );
    });

    test('a failed sign-in leaves the session the browser carried alone', async () => {
      const email = 'careful@session.test';
      await account(email);
      const token = await signIn(email);
      const failed = await login(email, 'not the password', {
        ...cookie(token),
        'x-forwarded-for': nextAddress(),
      });
      assert.deepEqual(failed.json, expectedError(401, 'login_failed', failed));
      assert.equal((await me(cookie(token))).status, 200);
    });
  });

  describe('logout', () => {
    const sessionRow = (token: string) =>
      db
        .selectFrom('admin_sessions')
        .select('revoked_at')
        .where('token_hash', '=', sha256(token))
        .executeTakeFirstOrThrow();

    for (const how of ['cookie', 'bearer'] as const) {
      test(`signing out with the ${how} ends the token server-side, as a cookie and as Bearer`, async () => {
        const email = `leaving-${how}@session.test`;
        await account(email);
        const token = await signIn(email);
        const other = await signIn(email);
        const answer = await server.call('POST', '/admin/api/logout', {
          json: {},
          headers: how === 'cookie' ? cookie(token) : bearer(token),
        });
        assert.deepEqual([answer.status, answer.json.data], [200, { logged_out: true }]);
        for (const headers of [cookie(token), bearer(token)]) {
          const refused = await me(headers);
          assert.deepEqual(refused.json, expectedError(401, 'session_invalid', refused));
        }
        assert.ok((await sessionRow(token)).revoked_at, 'revoked in the database');
        const again = await server.call('POST', '/admin/api/logout', { json: {}, headers: cookie(token) });
        assert.deepEqual(
          again.json,
          expectedError(401, 'session_invalid', again),
          'a second sign-out is refused',
        );
        assert.equal((await me(bearer(other))).status, 200, 'the same account’s other session lives on');
        assert.equal((await sessionRow(other)).revoked_at, null);
      });
    }
  });

  describe('the session cookie’s flags', () => {
    test('on plain HTTP: HttpOnly, SameSite=Strict, Path=/, a Max-Age, no Domain, and not Secure', async () => {
      const answer = await login(ADMIN);
      const set = parseSetCookie(answer.headers.get('set-cookie'));
      assert.deepEqual(set.attributes, sessionCookieAttributes(false));
      const out = await server.call('POST', '/admin/api/logout', { json: {}, headers: cookie(set.value) });
      const cleared = parseSetCookie(out.headers.get('set-cookie'));
      assert.deepEqual([cleared.name, cleared.value], ['cpi_session', '']);
      assert.deepEqual(
        cleared.attributes,
        clearedCookieAttributes(false),
        'cleared with the attributes it was set with',
      );
    });

    test('behind a TLS-terminating proxy (X-Forwarded-Proto: https): Secure too, and HSTS', async () => {
      const https = { 'x-forwarded-proto': 'https' };
      const answer = await login(ADMIN, PASSWORD, https);
      const set = parseSetCookie(answer.headers.get('set-cookie'));
      assert.deepEqual(set.attributes, sessionCookieAttributes(true));
      assert.match(answer.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
      const out = await server.call('POST', '/admin/api/logout', {
        json: {},
        headers: { ...https, ...cookie(set.value) },
      });
      assert.deepEqual(
        parseSetCookie(out.headers.get('set-cookie')).attributes,
        clearedCookieAttributes(true),
      );
    });

    test('on real HTTPS: Secure, HSTS, and the guard takes the https origin and refuses another', async () => {
      const call = async (path: string, headers: HeaderMap) => {
        const response = await tlsFetch(`${tls.origin}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: path.endsWith('/login') ? JSON.stringify({ email: ADMIN, password: PASSWORD }) : '{}',
          dispatcher: tls.dispatcher,
        });
        const json = (await response.json()) as { error: { code: string } | null };
        return { status: response.status, headers: response.headers, json };
      };
      const refused = await call('/admin/api/login', { origin: FOREIGN });
      assert.deepEqual([refused.status, refused.json.error?.code], [403, 'cross_site_request']);
      const answer = await call('/admin/api/login', { origin: tls.origin, 'sec-fetch-site': 'same-origin' });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      const set = parseSetCookie(answer.headers.get('set-cookie'));
      assert.deepEqual(set.attributes, sessionCookieAttributes(true));
      const out = await call('/admin/api/logout', { origin: tls.origin, ...cookie(set.value) });
      assert.equal(out.status, 200);
      assert.deepEqual(
        parseSetCookie(out.headers.get('set-cookie')).attributes,
        clearedCookieAttributes(true),
      );
    });
  });

  describe('the console pages’ Content-Security-Policy', {
    skip: existsSync(new URL('index.html', CONSOLE_DIST)) ? false : 'run npm run build first',
  }, () => {
    const PAGES = [
      '/console',
      '/console/',
      '/console/index.html',
      '/console/login',
      '/console/login?next=%2Fconsole%2Freview',
      `/console/review/${NO_SUCH_ID}`,
      '/console/devices/',
      '/console/no/such/page',
    ];
    const UNSAFE_SOURCES = [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'unsafe-hashes'",
      '*',
      'data:',
      'http:',
      'https:',
    ];

    test('every console page allows scripts from its own origin only, and no framing', async (t) => {
      for (const path of PAGES) {
        const answer = await server.call('GET', path);
        assert.equal(answer.status, 200, path);
        assert.match(answer.headers.get('content-type') ?? '', /^text\/html/, path);
        const csp = cspDirectives(answer.headers.get('content-security-policy'));
        const scripts = csp.get('script-src') ?? csp.get('default-src');
        assert.deepEqual(scripts, ["'self'"], `${path}: script-src`);
        for (const name of ['script-src-elem', 'script-src-attr', 'default-src']) {
          const unsafe = (csp.get(name) ?? []).filter((source) => UNSAFE_SOURCES.includes(source));
          assert.deepEqual(unsafe, [], `${path}: ${name}`);
        }
        assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], path);
        assert.deepEqual(csp.get('object-src'), ["'none'"], path);
        assert.deepEqual(csp.get('base-uri'), ["'self'"], path);
        assert.equal(answer.headers.get('x-frame-options'), 'DENY', path);
        assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', path);
      }
      t.diagnostic(`${PAGES.length} console pages checked`);
    });

    test('the page holds no inline script, event handler or javascript: URL, and its scripts are its own files', async () => {
      const html = (await server.call('GET', '/console/login')).text;
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      assert.ok(scripts.length > 0, 'the page loads a script');
      for (const [tag, attributes = '', content = ''] of scripts) {
        const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
        assert.ok(src, `a script without src: ${tag}`);
        assert.equal(content.trim(), '', `a script with inline content: ${tag}`);
        const url = new URL(src, own);
        assert.equal(url.origin, own, `${src} is served by the console itself`);
        const file = await server.call('GET', url.pathname);
        assert.equal(file.status, 200, src);
        assert.match(file.headers.get('content-type') ?? '', /javascript/, src);
      }
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler');
      assert.doesNotMatch(html, /javascript:/i, 'no javascript: URL');
    });
  });

  // Last: it moves the shared clock by hours, past the life of the sessions above.
  describe('login rate limit and lockout', () => {
    const attemptFrom = (address: string, email: string, password: string) =>
      login(email, password, { 'x-forwarded-for': address });
    const SPELLINGS = {
      'as created': (email: string) => email,
      'upper case': (email: string) => email.toUpperCase(),
      padded: (email: string) => ` ${email}  `,
    };
    const sessionsOf = async (id: string) =>
      (await db.selectFrom('admin_sessions').select('token_hash').where('inspector_id', '=', id).execute())
        .length;

    test(`after ${LOGIN_LIMITS.perEmail} wrong passwords the account is locked, the right one too, until the window has passed`, async () => {
      const email = 'locked@session.test';
      const { id } = await account(email);
      const address = nextAddress();
      for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
        const wrong = await attemptFrom(address, email, 'not the password');
        assert.deepEqual(wrong.json, expectedError(401, 'login_failed', wrong), `failure ${i + 1}`);
      }
      const refusedRight = async (label: string, from = address, spelling = email) => {
        const answer = await attemptFrom(from, spelling, PASSWORD);
        assert.deepEqual(answer.json, expectedError(429, 'too_many_login_attempts', answer), label);
        assert.equal(answer.headers.get('set-cookie'), null, label);
      };
      await refusedRight('the right password');
      await refusedRight('from another address', nextAddress());
      await refusedRight('the email spelled otherwise', address, `  ${email.toUpperCase()} `);
      clock.advance(LOGIN_LIMITS.windowMs - 1_000);
      await refusedRight('a second before the window ends');
      assert.equal(await sessionsOf(id), 0, 'no session was made while locked');
      clock.advance(1_000);
      const open = await attemptFrom(address, email, PASSWORD);
      assert.equal(open.status, 200, open.text);
      assert.equal(await sessionsOf(id), 1);
    });

    test(`after ${LOGIN_LIMITS.perAddress} failures from one address, that address is refused for every account`, async () => {
      const address = nextAddress();
      for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
        const answer = await attemptFrom(address, `nobody-${i}@session.test`, PASSWORD);
        assert.equal(answer.status, 401, `failure ${i + 1}`);
      }
      const email = 'bystander@session.test';
      await account(email);
      const refused = await attemptFrom(address, email, PASSWORD);
      assert.deepEqual(refused.json, expectedError(429, 'too_many_login_attempts', refused));
      assert.equal(
        (await attemptFrom(nextAddress(), email, PASSWORD)).status,
        200,
        'from elsewhere it opens',
      );
    });

    test(`generated sequences of attempts and waits follow the sliding window (seed ${SEED})`, async (t) => {
      const step = fc.record({
        right: fc.oneof(
          { weight: 3, arbitrary: fc.constant(false) },
          { weight: 1, arbitrary: fc.constant(true) },
        ),
        spelling: fc.constantFrom('as created', 'upper case', 'padded'),
        waitMinutes: fc.constantFrom(0, 0, 1, 4, 14, 15),
      });
      let runs = 0;
      let attempts = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 6, maxLength: 9 }), async (steps) => {
          const email = `window-${++runs}@session.test`;
          await account(email);
          const address = nextAddress();
          // The model: failures are remembered for the window, refusals are not failures.
          const failures: number[] = [];
          for (const [index, { right, spelling, waitMinutes }] of steps.entries()) {
            clock.advance(waitMinutes * 60_000);
            const now = clock.now().getTime();
            const live = failures.filter((at) => at > now - LOGIN_LIMITS.windowMs).length;
            const expected = live >= LOGIN_LIMITS.perEmail ? 429 : right ? 200 : 401;
            const answer = await attemptFrom(
              address,
              SPELLINGS[spelling](email),
              right ? PASSWORD : 'not the password',
            );
            attempts += 1;
            assert.equal(
              answer.status,
              expected,
              `step ${index + 1} of ${JSON.stringify(steps)}: ${answer.text}`,
            );
            if (expected === 401) failures.push(now);
          }
        }),
        { seed: SEED, numRuns: 5, endOnFailure: true },
      );
      t.diagnostic(`${runs} sequences, ${attempts} attempts; ${tally.logins} sign-in requests in the file`);
      t.diagnostic(
        `CSRF: ${tally.refused} fixed refusals, ${tally.passed} same-origin passes, ${tally.generated} generated; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1_024)} MB`,
      );
    });
  });
});
