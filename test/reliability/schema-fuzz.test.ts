/**
 * Schema-driven fuzzing: requests generated from /openapi.json for every partner and admin
 * operation, broken in type, shape, size and encoding (fuzz-requests.ts), sent with valid
 * credentials so that they reach validation and the handlers. No answer may be a 5xx, every 4xx is
 * the error envelope with a code of core/errors.ts, and a refused request changes no row.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import sharp from 'sharp';
import { ERROR_STATUS } from '../../src/core/errors.js';
import { contractInStatus, upload } from '../helpers/contract-flow.js';
import { databaseFingerprint } from '../helpers/db-fingerprint.js';
import { type Answer, startTestServer, type TestServer } from '../helpers/platform.js';
import { type FuzzRequest, fuzzRequest, type Operation, operationsOf } from './fuzz-requests.js';

const SEED = 1207;
const RUNS = 1_000;
/** Signing out would end the session the admin half of the fuzzing runs in. */
const NOT_FUZZED = ['GET /console/{*}', 'POST /admin/api/logout'];

describe('schema-driven fuzzing of /openapi.json', () => {
  let server: TestServer;
  let operations: Operation[];
  let partnerHeaders: Record<string, string>;
  let adminHeaders: Record<string, string>;
  let realIds: Record<string, string>;
  const tally = { requests: 0, byStatus: new Map<number, number>(), refusedUnchanged: 0 };

  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '1', RATE_LIMIT_PER_MINUTE: '1000000' });
    const partner = await server.partner();
    partnerHeaders = { 'X-ITECHS-API-KEY': partner.apiKey };
    const password = 'correct horse battery staple';
    await server.platform.inspectors.createInspector(
      { email: 'fuzz@example.com', password, role: 'admin' },
      { kind: 'cli' },
    );
    const login = await server.call('POST', '/admin/api/login', {
      json: { email: 'fuzz@example.com', password },
    });
    adminHeaders = { authorization: `Bearer ${login.json.data.token}`, origin: server.baseUrl };
    const paid = await contractInStatus(server, partner.apiKey, 3, undefined, { sandbox_outcome: 'manual' });
    const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#08f' } })
      .jpeg()
      .toBuffer();
    realIds = {
      contract_id: paid.contractId,
      image_id: await upload(server, partner.apiKey, photo),
      id: partner.affiliateId,
    };
    const document = (await server.call('GET', '/openapi.json')).json as OpenAPIV3_1.Document;
    operations = operationsOf(document, (name) => NOT_FUZZED.includes(name));
  });
  after(() => server.close());

  const send = async (request: FuzzRequest): Promise<Answer> => {
    const answer = await server.call(request.operation.method, request.path, {
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    tally.requests += 1;
    tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
    return answer;
  };

  const assertEnvelope = (answer: Answer, label: string) => {
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, label);
    const { code, data, error } = answer.json ?? {};
    assert.equal(code, answer.status, label);
    assert.equal(data, null, label);
    assert.equal(ERROR_STATUS[error?.code as keyof typeof ERROR_STATUS], answer.status, label);
    assert.equal(typeof error.message, 'string', label);
    assert.equal(error.request_id, answer.headers.get('x-request-id'), label);
  };

  test('every operation is fuzzed, partner and admin', () => {
    assert.ok(operations.length >= 30, `${operations.length} operations`);
    assert.ok(operations.some((op) => op.template.startsWith('/admin/api/')));
    assert.ok(operations.some((op) => op.bodySchema) && operations.some((op) => op.rawTypes.length));
  });

  test(`${RUNS} generated requests: no 5xx, every 4xx in the envelope, refusals change nothing`, async (t) => {
    let fingerprint = await databaseFingerprint(server.platform.database.db);
    const request = fc
      .constantFrom(...operations)
      .chain((operation) =>
        fuzzRequest(
          operation,
          realIds,
          operation.template.startsWith('/admin/') ? adminHeaders : partnerHeaders,
        ),
      );
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const answer = await send(generated);
        const label = `${generated.operation.method} ${generated.path.slice(0, 120)} → ${answer.status} ${answer.text.slice(0, 300)}`;
        assert.ok(answer.status < 500, label);
        const now = await databaseFingerprint(server.platform.database.db);
        if (answer.status >= 400) {
          assertEnvelope(answer, label);
          assert.deepEqual(now, fingerprint, `a refused request changed rows: ${label}`);
          tally.refusedUnchanged += 1;
        }
        fingerprint = now;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b);
    t.diagnostic(
      `requests ${tally.requests} over ${operations.length} operations; answers ${statuses.map(([s, n]) => `${s}×${n}`).join(', ')}; refused and unchanged ${tally.refusedUnchanged}`,
    );
    assert.ok(statuses.every(([status]) => status < 500));
  });
});
