/**
 * Broken object-level authorisation (OWASP API1:2023), as a generated matrix: every partner and
 * admin route of /openapi.json, crossed with every credential that must not reach it and every
 * object of the owner, fast-check choosing 1,200 cases from a fixed seed. A refusal is 401, 403 or
 * 404 in the envelope, names nothing of the owner's, and the database is unchanged afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { databaseFingerprint } from '../helpers/db-fingerprint.js';
import { type Answer, startTestServer, type TestServer } from '../helpers/platform.js';
import {
  type AdminCredential,
  adminRouteTable,
  type Owned,
  type PartnerCredential,
  type PartnerRoute,
  partnerRouteTable,
  prepareWorld,
  type World,
} from './authorization-world.js';

const SEED = 20261207;

/** Draws from `items`, those that are `preferred` `weight` times as often as all the others together. */
function weighted<T>(items: T[], preferred: (item: T) => boolean, weight: number) {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...items.filter(preferred)), weight },
    { arbitrary: fc.constantFrom(...items.filter((item) => !preferred(item))), weight: 1 },
  );
}

const isOwner = (credential: PartnerCredential, target: Owned) =>
  credential.actsFor?.partner === 'A' && credential.actsFor.mode === target.mode;

describe('authorisation matrix: no credential reaches what it must not', () => {
  let server: TestServer;
  let world: World;
  let before_: Record<string, string>;
  const tally = { cases: 0, byStatus: new Map<number, number>() };

  before(async () => {
    // A generous rate limit: this suite measures authorisation, not the limiter.
    server = await startTestServer({ OCR_WORKERS: '1', RATE_LIMIT_PER_MINUTE: '1000000' });
    world = await prepareWorld(server);
    before_ = await databaseFingerprint(server.platform.database.db);
  });
  after(() => server.close());

  const count = (answer: Answer) => {
    tally.cases += 1;
    tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
  };

  /** Nothing of the owner's appears in an answer, except the id the caller itself put in the path. */
  const assertNoLeak = (answer: Answer, path: string) => {
    const foreign = world.markers.filter((marker) => !path.toLowerCase().includes(marker.toLowerCase()));
    const leaked = foreign.filter((marker) => answer.text.toLowerCase().includes(marker.toLowerCase()));
    assert.deepEqual(leaked, [], `${path}: ${answer.text.slice(0, 300)}`);
  };

  const assertRefusal = (answer: Answer, status: number, code: string, label: string) => {
    assert.equal(answer.status, status, `${label}: ${answer.text.slice(0, 300)}`);
    assert.equal(answer.json?.code, status, label);
    assert.equal(answer.json?.data, null, label);
    assert.equal(answer.json?.error?.code, code, label);
  };

  test('every route of /openapi.json is in the matrix', async () => {
    const document = (await server.call('GET', '/openapi.json')).json;
    const documented = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = [...partnerRouteTable(), ...adminRouteTable()].map((route) => route.name);
    const outside = documented.filter((route) => !route.startsWith('GET /console/'));
    assert.deepEqual(outside.filter((route) => !covered.includes(route)).sort(), []);
    assert.deepEqual(covered.filter((route) => !outside.includes(route)).sort(), []);
  });

  test('partner routes: other partners, the other mode, revoked, malformed and admin credentials', async () => {
    const routes = partnerRouteTable();
    const call = async (
      route: PartnerRoute,
      credential: PartnerCredential,
      target: Owned,
      upper: boolean,
    ) => {
      const id = upper ? target.id.toUpperCase() : target.id;
      const path = route.path(id);
      const answer = await server.call(route.method, path, {
        headers: credential.headers,
        ...(route.body ? { json: route.body(credential, id) } : {}),
      });
      count(answer);
      return { answer, path };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        // Three in four cases a real key of someone else: those are the object-level ones.
        weighted(world.partnerCredentials, (credential) => !credential.refusedWith, 3),
        fc.constantFrom(...world.owned),
        fc.boolean(),
        async (route, credential, target, upper) => {
          const expected = credential.refusedWith ? null : route.expect(credential, target);
          // The owner's own call, or a stranger's in its own world, is not an authorisation case.
          fc.pre(!isOwner(credential, target) && expected !== 'not-a-case');
          fc.pre(!(expected === 'own-data' && credential.actsFor?.partner === 'A'));
          const { answer, path } = await call(route, credential, target, upper);
          const label = `${route.name} as ${credential.name} on ${target.name}`;
          assertNoLeak(answer, path);
          if (credential.refusedWith) return assertRefusal(answer, 401, credential.refusedWith, label);
          if (expected === 'own-data') return assert.equal(answer.status, 200, label);
          if (expected) assertRefusal(answer, expected.status, expected.code, label);
        },
      ),
      { seed: SEED, numRuns: 800 },
    );
  });

  test('admin routes: partner keys, no or dead sessions everywhere, inspectors on admin-only routes', async () => {
    const routes = adminRouteTable();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        weighted(world.adminCredentials, (credential) => credential.kind === 'inspector', 1),
        async (route, credential: AdminCredential) => {
          fc.pre(route.access !== 'public');
          fc.pre(credential.kind === 'dead' || route.access === 'admin');
          const path = route.path(world.adminTargets);
          const answer = await server.call(route.method, path, {
            headers: credential.headers,
            ...(route.body ? { json: route.body } : {}),
          });
          count(answer);
          const label = `${route.name} as ${credential.name}`;
          assertNoLeak(answer, path);
          if (credential.kind === 'dead') return assertRefusal(answer, 401, 'session_invalid', label);
          assertRefusal(answer, 403, 'forbidden', label);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('afterwards: the database is as it was, and the figures', async (t) => {
    assert.deepEqual(await databaseFingerprint(server.platform.database.db), before_);
    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b);
    t.diagnostic(`cases ${tally.cases}; answers ${statuses.map(([s, n]) => `${s}×${n}`).join(', ')}`);
    assert.ok(tally.cases >= 1_000, `at least 1,000 cases, ran ${tally.cases}`);
    assert.ok(statuses.every(([status]) => [200, 401, 403, 404].includes(status)));
  });
});
