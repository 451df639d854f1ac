/**
 * Personal data (issue 14, point 9): resident registration numbers go in through the partner API
 * and never come out in clear. Nine numbers (both sexes, both centuries, registered foreigners, a
 * leap day, with and without the dash, one refused) run through live and test-mode flows: creates,
 * refused bodies, idempotent replays, approval, re-inspection, rejection, sandbox decisions,
 * cancellation, expiry and erasure, with webhooks to a real receiver and live alimtalk to a real
 * HTTP vendor endpoint, both on 127.0.0.1, and every view a partner or an inspector has. Then each
 * number is searched in every log line (level trace, and anything else the process printed), every
 * webhook and alimtalk request (headers and body), every answer the test got, and the database:
 * every row as text, and on PostgreSQL the real `pg_dump` of the test's schema. 0 hits expected.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createLogger } from '../../src/core/logger.js';
import { deliverDueNotifications } from '../../src/modules/notifications/notifications-outbox.js';
import { decideSandboxContracts } from '../../src/modules/sandbox/decide-sandbox-contracts.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import {
  contractInStatus,
  customerBody,
  type FlowServer,
  kstNow,
  newPhone,
  resubmitPhotos,
} from '../helpers/contract-flow.js';
import { type Answer, type CallOptions, databaseUrl, startTestServer } from '../helpers/platform.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

/** Valid-looking numbers; the 7th digit is sex and century (1/2: 1900s, 3/4: 2000s, 5–8 foreigners). */
const NUMBERS = {
  liveApproved: '900101-1734826',
  liveRejected: '9203152845913',
  sandboxApproved: '010203-3957146',
  sandboxRejected: '0512244618372',
  replayed: '751130-5283649',
  cancelledErased: '8807086492751',
  expiredErased: '150817-7362918',
  refusedBodies: '680229-2519637',
} as const;
/** A typo (month 13): refused, and must not be echoed either. */
const INVALID_NUMBER = '991332-1846203';
const SEARCHED = [...Object.values(NUMBERS), INVALID_NUMBER];

const ALIMTALK_ENV = {
  NOTIFIER: 'http',
  ALIMTALK_API_KEY: 'vendor-key',
  ALIMTALK_SENDER_KEY: 'sender-key',
};
const INSPECTOR = { email: 'privacy@cp-insurance.test', password: 'correct horse battery' };
const REINSPECTION = {
  result: 1,
  detail: { front: { result: false, msg: '화면이 가려져 있습니다.' }, rear: { result: true, msg: null } },
  msg: '재촬영이 필요합니다.',
};
const RETENTION_DAYS = 30;

interface Place {
  name: string;
  texts: string[];
}

/** The spellings a leak could take: as sent, bare digits, back part near the birth date, hex (bytea). */
function patternsOf(number: string): { variant: string; pattern: RegExp }[] {
  const digits = number.replace('-', '');
  const [front, back] = [digits.slice(0, 6), digits.slice(6)];
  return [
    { variant: 'dashed', pattern: new RegExp(`${front}-${back}`, 'g') },
    { variant: 'digits', pattern: new RegExp(digits, 'g') },
    { variant: 'back part beside birth date', pattern: new RegExp(`${front}\\D{0,40}${back}`, 'g') },
    { variant: 'hex', pattern: new RegExp(Buffer.from(digits).toString('hex'), 'gi') },
  ];
}

function hitsIn(place: Place): { number: string; variant: string; count: number }[] {
  const hits = [];
  for (const number of SEARCHED) {
    for (const { variant, pattern } of patternsOf(number)) {
      const count = place.texts.reduce((sum, text) => sum + (text.match(pattern)?.length ?? 0), 0);
      if (count > 0) hits.push({ number, variant, count });
    }
  }
  return hits;
}

function flattenHeaders(headers: IncomingHttpHeaders | Headers): string {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return entries.map(([name, value]) => `${name}: ${String(value)}`).join('\n');
}

/** A vendor endpoint on 127.0.0.1 that accepts every alimtalk and keeps what it was sent. */
async function startAlimtalkVendor() {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ messageId: randomUUID() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Everything the process prints (console, stray writes) while the flows run, passed through. */
function captureProcessOutput() {
  const chunks: string[] = [];
  const restores = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  });
  return {
    chunks,
    restore: () => {
      for (const restore of restores) restore();
    },
  };
}

function customer(ssn: string, index: number) {
  return {
    name: `고객${index}`,
    ssn,
    cellphone: `010-5${String(index).padStart(3, '0')}-${String(4000 + index)}`,
    email: `customer${index}@example.com`,
    extra_1: '',
    extra_2: '',
    extra_3: null,
  };
}

const execFileAsync = promisify(execFile);

test('no clear resident number in logs, webhooks, alimtalk, answers or the database', async (t) => {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const processOutput = captureProcessOutput();
  const vendor = await startAlimtalkVendor();
  const server = await startTestServer(
    {
      ...ALIMTALK_ENV,
      ALIMTALK_BASE_URL: vendor.url,
      OCR_WORKERS: '1',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      PERSONAL_DATA_RETENTION_DAYS: String(RETENTION_DAYS),
    },
    { logger: createLogger('trace', sink, { format: 'json' }) },
  );
  const live = await server.partner('live');
  const sandbox = await server.partner('test');
  const receiver = await startWebhookReceiver({ secrets: [live.webhookSecret, sandbox.webhookSecret] });
  t.after(async () => {
    processOutput.restore();
    await server.close();
    await receiver.close();
    await vendor.close();
  });
  await server.platform.endpoints.setUrl(live.affiliateId, 'live', `${receiver.url}/live`);
  await server.platform.endpoints.setUrl(sandbox.affiliateId, 'test', `${receiver.url}/test`);

  const answers: Answer[] = [];
  const api: FlowServer = {
    platform: server.platform,
    async call(method: string, path: string, options?: CallOptions) {
      const answer = await server.call(method, path, options);
      answers.push(answer);
      return answer;
    },
  };
  await server.platform.inspectors.createInspector({ ...INSPECTOR, role: 'admin' }, { kind: 'cli' });
  const login = await api.call('POST', '/admin/api/login', { json: INSPECTOR });
  assert.equal(login.status, 200, login.text);
  const admin = { authorization: `Bearer ${login.json.data.token}` };
  const decide = async (contractId: string, body: unknown) => {
    const answer = await api.call('POST', `/admin/api/contracts/${contractId}/inspection`, {
      json: body,
      headers: admin,
    });
    assert.equal(answer.status, 201, answer.text);
  };
  const deliver = async () => {
    while ((await deliverDueWebhooks(server.platform.webhookDelivery)) > 0);
    const notifications = { ...server.platform.webhookDelivery, notifier: server.platform.notifier };
    while ((await deliverDueNotifications(notifications)) > 0);
  };
  const statusOf = async (key: string, contractId: string) =>
    (await api.call('GET', `/cp-insurance/contract/${contractId}/`, { key })).json.data.status;
  let index = 0;
  const open = (key: string, ssn: string, status: 0 | 1 | 2 | 3, extras: Record<string, unknown> = {}) =>
    contractInStatus(api, key, status, undefined, { customer: customer(ssn, ++index), ...extras });
  const contracts: { key: string; id: string }[] = [];

  // Live: approval to completion; re-inspection, new photos, rejection.
  const approved = await open(live.apiKey, NUMBERS.liveApproved, 3);
  await decide(approved.contractId, { result: 0 });
  await deliver();
  assert.equal(await statusOf(live.apiKey, approved.contractId), 7);
  const rejected = await open(live.apiKey, NUMBERS.liveRejected, 3);
  await decide(rejected.contractId, REINSPECTION);
  await deliver();
  assert.equal((await resubmitPhotos(api, live.apiKey, rejected)).json.data.status, 3);
  await decide(rejected.contractId, { result: 2, reject_type: 0, msg: '전면 액정 파손' });
  await deliver();
  assert.equal(await statusOf(live.apiKey, rejected.contractId), 6);
  contracts.push(
    { key: live.apiKey, id: approved.contractId },
    { key: live.apiKey, id: rejected.contractId },
  );

  // Test mode: the sandbox decides; a cancellation and an expiry are erased after retention.
  const sandboxApproved = await open(sandbox.apiKey, NUMBERS.sandboxApproved, 3);
  const sandboxRejected = await open(sandbox.apiKey, NUMBERS.sandboxRejected, 3, {
    sandbox_outcome: 'reject',
  });
  await decideSandboxContracts(server.platform.database.db, server.platform.clock, 0);
  await deliver();
  assert.equal(await statusOf(sandbox.apiKey, sandboxApproved.contractId), 7);
  assert.equal(await statusOf(sandbox.apiKey, sandboxRejected.contractId), 6);
  const cancelled = await open(sandbox.apiKey, NUMBERS.cancelledErased, 3, { sandbox_outcome: 'manual' });
  const cancel = await api.call('POST', `/cp-insurance/contract/${cancelled.contractId}/checkout/cancel/`, {
    key: sandbox.apiKey,
    json: { datetime: kstNow() },
  });
  assert.equal(cancel.json?.data?.status, 8, cancel.text);
  const expired = await open(sandbox.apiKey, NUMBERS.expiredErased, 2);
  const advance = (contractId: string, body: Record<string, unknown>) =>
    api.call('POST', '/cp-insurance/test/clock/advance', {
      key: sandbox.apiKey,
      json: { contract_id: contractId, ...body },
    });
  assert.equal((await advance(expired.contractId, { until: 'payment_deadline' })).json.data.status, 9);
  // Views while the numbers are still held, then erasure.
  for (const { contractId } of [cancelled, expired]) {
    await api.call('GET', `/admin/api/contracts/${contractId}`, { headers: admin });
    await api.call('GET', `/cp-insurance/contract/${contractId}/`, { key: sandbox.apiKey });
    assert.equal((await advance(contractId, { hours: 24 * (RETENTION_DAYS + 1) })).status, 200);
    const erased = await api.call('GET', `/cp-insurance/contract/${contractId}/`, { key: sandbox.apiKey });
    assert.equal(erased.json.data.customer?.ssn ?? null, null, 'erased after retention');
  }
  await deliver();
  contracts.push(
    ...[sandboxApproved, sandboxRejected, cancelled, expired].map(({ contractId }) => ({
      key: sandbox.apiKey,
      id: contractId,
    })),
  );

  // Idempotent creates: the first answer is stored and replayed; the same key with another body is refused.
  const idempotencyKey = randomUUID();
  const replayedBody = {
    ...customerBody('cid-replayed', newPhone()),
    customer: customer(NUMBERS.replayed, ++index),
  };
  const create = (json: unknown, headers: Record<string, string> = {}) =>
    api.call('POST', '/cp-insurance/contract/create/', { key: live.apiKey, json, headers });
  const first = await create(replayedBody, { 'Idempotency-Key': idempotencyKey });
  assert.equal(first.status, 201, first.text);
  for (let replay = 0; replay < 2; replay++) {
    const again = await create(replayedBody, { 'Idempotency-Key': idempotencyKey });
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, first.text);
  }
  const otherBody = { ...replayedBody, customer: customer(NUMBERS.refusedBodies, index) };
  assert.equal(
    (await create(otherBody, { 'Idempotency-Key': idempotencyKey })).json.error.code,
    'idempotency_key_reused',
  );
  contracts.push({ key: live.apiKey, id: first.json.data.contract_id });

  // Refused bodies that carry a number: another field wrong, the number itself wrong, a duplicate.
  const refused = (ssn: unknown, change: Record<string, unknown> = {}, customerChange = {}) => ({
    ...customerBody(`cid-refused-${++index}`, newPhone()),
    customer: { ...customer(NUMBERS.refusedBodies, index), ssn, ...customerChange },
    ...change,
  });
  const refusals: [unknown, string | null][] = [
    [refused(NUMBERS.refusedBodies, {}, { email: 'not an email' }), 'validation_failed'],
    [refused(NUMBERS.refusedBodies, {}, { cellphone: '02-123-4567' }), 'validation_failed'],
    [refused(NUMBERS.refusedBodies, { device: { os: 'windows', name: 'SM-N981N' } }), 'validation_failed'],
    [refused(NUMBERS.refusedBodies, { device: { os: 'aos', name: 'Nokia 3310' } }), 'device_not_eligible'],
    [refused(NUMBERS.refusedBodies, { affiliate_cid: 'cid-replayed' }), 'duplicate_affiliate_cid'],
    [refused(INVALID_NUMBER), 'validation_failed'],
    [refused(`${NUMBERS.refusedBodies}-0000000`), 'validation_failed'],
    [refused(Number(NUMBERS.refusedBodies.replace('-', ''))), 'validation_failed'],
    // Accepted: an unknown field is ignored, so the number it carries must not be kept either.
    [refused(NUMBERS.refusedBodies, { note: NUMBERS.refusedBodies }), null],
  ];
  for (const [body, code] of refusals) {
    const answer = await create(body);
    assert.equal(answer.json?.error?.code ?? null, code, answer.text);
  }
  const truncated = JSON.stringify(refused(NUMBERS.refusedBodies)).slice(0, 120);
  const broken = await api.call('POST', '/cp-insurance/contract/create/', {
    key: live.apiKey,
    body: truncated,
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(broken.json.error.code, 'invalid_json');

  // Every view a partner or an inspector has of these contracts.
  for (const { key, id } of contracts) {
    await api.call('GET', `/cp-insurance/contract/${id}/`, { key });
    await api.call('GET', `/admin/api/contracts/${id}`, { headers: admin });
  }
  for (const key of [live.apiKey, sandbox.apiKey]) {
    await api.call('GET', '/cp-insurance/contract/', { key });
    await api.call('GET', '/cp-insurance/webhook/', { key });
  }
  for (const path of [
    'inspections',
    'inspections?status=3',
    'audit',
    'deliveries',
    'notifications',
    'dashboard',
  ]) {
    const answer = await api.call('GET', `/admin/api/${path}`, { headers: admin });
    assert.equal(answer.status, 200, `${path}: ${answer.text}`);
  }
  // The search sees a number where one is: answers carry the masked form of each created contract.
  const answered = answers.map((answer) => answer.text).join('\n');
  for (const number of Object.values(NUMBERS).slice(0, 7))
    assert.ok(answered.includes(`${number.slice(0, 6)}-${number.replace('-', '')[6]}******`), number);
  assert.ok(vendor.requests.length >= 4, 'live alimtalk reached the vendor');
  assert.ok(receiver.requests.length >= 5, 'webhooks reached the partner');

  const rows = await databaseRows(server.platform.database.db);
  processOutput.restore();
  const places: Place[] = [
    { name: 'log lines', texts: logLines },
    { name: 'process stdout/stderr', texts: processOutput.chunks },
    {
      name: 'webhook requests',
      texts: receiver.requests.map((r) => `${r.path}\n${flattenHeaders(r.headers)}\n${r.rawBody}`),
    },
    {
      name: 'alimtalk requests',
      texts: vendor.requests.map((r) => `${flattenHeaders(r.headers)}\n${r.body}`),
    },
    { name: 'answers', texts: answers.map((a) => `${flattenHeaders(a.headers)}\n${a.text}`) },
    { name: 'database rows', texts: rows },
  ];
  const dump = await pgDump(server.schema);
  if (typeof dump === 'string') places.push({ name: 'pg_dump', texts: [dump] });
  else t.diagnostic(`pg_dump not searched: ${dump.skipped}`);

  const leaks: string[] = [];
  for (const place of places) {
    const bytes = place.texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const hits = hitsIn(place);
    const total = hits.reduce((sum, hit) => sum + hit.count, 0);
    t.diagnostic(`${place.name}: ${place.texts.length} items, ${bytes} bytes, ${total} hits`);
    for (const hit of hits) leaks.push(`${place.name}: ${hit.number} (${hit.variant}) ×${hit.count}`);
  }
  t.diagnostic(
    `${SEARCHED.length} numbers × 4 spellings; ${contracts.length} contracts, ${answers.length} answers`,
  );
  assert.deepEqual(leaks, []);
});

/** Every row of every table of the platform's schema, as PostgreSQL writes a row as text. */
async function databaseRows(db: FlowServer['platform']['database']['db']): Promise<string[]> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
  const rows: string[] = [];
  for (const { table_name } of tables.rows) {
    const result = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table_name)} t`.execute(
      db,
    );
    rows.push(...result.rows.map(({ row }) => `${table_name} ${row}`));
  }
  return rows;
}

/** The real pg_dump of the test's schema (data and definitions), or why it could not run. */
async function pgDump(schema: string | null): Promise<string | { skipped: string }> {
  if (!databaseUrl || !schema)
    return { skipped: 'PGlite (no PostgreSQL server); its rows are searched through SQL' };
  try {
    const { stdout } = await execFileAsync('pg_dump', ['--dbname', databaseUrl, '--schema', schema], {
      maxBuffer: 512 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { skipped: 'pg_dump is not on PATH' };
    throw error;
  }
}
