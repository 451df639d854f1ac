/**
 * kill -9 under load. `serve` and `work` run as processes of their own on one PostgreSQL schema;
 * load drivers run test-mode contracts through create, step-1, six uploads, step-2 and checkout,
 * retrying every call with its Idempotency-Key on any reset or 5xx, while a seeded killer sends
 * SIGKILL to one or both processes ten times and restarts them. The sandbox then approves every
 * contract and the partner's receiver acknowledges the completions.
 *
 * Afterwards: each contract the drivers started exists once, with one of each timeline step (no
 * second payment), its seven images, one decision with one outbox event, delivered and
 * acknowledged once; none is stuck short of status 7.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { prng } from '../../scripts/about-phone-screen.js';
import { TEST_IMEIS } from '../../src/modules/contracts/test-imeis.js';
import { customerBody, kstNow, monthlyPremium, newPhone, SEOUL } from '../helpers/contract-flow.js';
import {
  type Answer,
  call,
  databaseUrl,
  freePort,
  startTestServer,
  type TestServer,
} from '../helpers/platform.js';
import { spawnPlatform } from '../helpers/platform-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const SEED = 20261208;
const ROUNDS = 10;
const DRIVERS = 4;
/** A call not through by then (every retry included) fails the test: a retry stuck behind a dead process's claim, say. */
const CALL_DEADLINE_MS = 60_000;
const STEPS = [
  'registerDevice',
  'submitPhotos',
  'recordPayment',
  'approveInspection',
  'acknowledgeCompletion',
];

const tally = { calls: 0, retries: 0, replays: 0, recovered: 0, kills: { serve: 0, work: 0 } };

describe('kill -9 of serve and work under load', {
  skip: databaseUrl ? false : 'needs PostgreSQL (DATABASE_URL): serve and work share its database',
}, () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let key: string;
  let baseUrl: string;
  const processes: Record<'serve' | 'work', ChildProcess | null> = { serve: null, work: null };
  let env: Record<'serve' | 'work', Record<string, string>>;

  async function launch(role: 'serve' | 'work'): Promise<void> {
    processes[role] = await spawnPlatform(server, role, env[role]);
  }
  async function kill(role: 'serve' | 'work'): Promise<void> {
    const child = processes[role];
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    tally.kills[role] += 1;
  }

  before(async () => {
    server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const partner = await server.partner('test');
    key = partner.apiKey;
    receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const common = { NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE: 'true' };
    env = {
      serve: {
        ...common,
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_BASE_URL: baseUrl,
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      work: { ...common, SANDBOX_DECISION_DELAY_MS: '200' },
    };
    await launch('serve');
    await launch('work');
  });
  after(async () => {
    await kill('serve');
    await kill('work');
    await receiver?.close();
    await server?.close();
  });

  /**
   * One partner call, sent again with the same Idempotency-Key after any reset, 5xx or "in
   * progress" until it answers. `recover` settles a 4xx that means the first attempt did land
   * before its process died, unrecorded: it answers what the call would have.
   */
  async function reliably(
    label: string,
    send: { method: string; path: string; json?: unknown; body?: Buffer; type?: string },
    recover?: (answer: Answer) => Promise<Answer | null>,
  ): Promise<Answer> {
    const idempotencyKey = `${label}-${Math.random().toString(36).slice(2)}`;
    const deadline = Date.now() + CALL_DEADLINE_MS;
    tally.calls += 1;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) tally.retries += 1;
      assert.ok(Date.now() < deadline, `${label}: not through after ${CALL_DEADLINE_MS / 1000} s`);
      const answer = await call(baseUrl, send.method, send.path, {
        key,
        ...(send.json !== undefined ? { json: send.json } : {}),
        ...(send.body ? { body: send.body } : {}),
        headers: { 'Idempotency-Key': idempotencyKey, ...(send.type ? { 'content-type': send.type } : {}) },
      }).catch(() => null);
      const retry =
        !answer || answer.status >= 500 || answer.json?.error?.code === 'idempotency_request_in_progress';
      if (retry) {
        await sleep(100 + attempt * 20);
        continue;
      }
      if (answer.headers.get('idempotent-replayed') === 'true') tally.replays += 1;
      if (answer.status < 400) return answer;
      const recovered = recover ? await recover(answer) : null;
      assert.ok(recovered, `${label}: ${answer.status} ${answer.text.slice(0, 300)}`);
      tally.recovered += 1;
      return recovered;
    }
  }

  const view = (contractId: string) =>
    reliably(`view-${contractId}`, { method: 'GET', path: `/cp-insurance/contract/${contractId}/` });
  /** A step refused as out of order (409) after its unrecorded first attempt: done if the contract moved on. */
  const movedOn = (contractId: string, status: number) => async (answer: Answer) => {
    if (answer.status !== 409) return null;
    const seen = await view(contractId);
    return seen.json.data.status >= status ? seen : null;
  };

  async function findByCid(cid: string): Promise<Answer | null> {
    const row = await server.platform.database.db
      .selectFrom('contracts')
      .select('id')
      .where('affiliate_cid', '=', cid)
      .executeTakeFirst();
    return row ? view(row.id) : null;
  }

  async function uploadImage(label: string, bytes: Buffer, type: string): Promise<string> {
    const answer = await reliably(label, { method: 'POST', path: '/cp-insurance/image/', body: bytes, type });
    return answer.json.data.id;
  }

  async function runContract(cid: string, images: { screenshot: Buffer; photos: Buffer[] }) {
    const phone = newPhone();
    const created = await reliably(
      `create-${cid}`,
      { method: 'POST', path: '/cp-insurance/contract/create/', json: customerBody(cid, phone) },
      async (answer) => (answer.json?.error?.code === 'duplicate_affiliate_cid' ? findByCid(cid) : null),
    );
    const id: string = created.json.data.contract_id;
    const screenshot = await uploadImage(`screenshot-${cid}`, images.screenshot, 'image/png');
    await reliably(
      `step1-${cid}`,
      {
        method: 'POST',
        path: `/cp-insurance/contract/${id}/step-1/`,
        json: {
          device_info: { imei: TEST_IMEIS.reads.imei },
          device_info_image: screenshot,
          location: SEOUL,
        },
      },
      movedOn(id, 1),
    );
    const photos = [];
    for (const [i, bytes] of images.photos.entries())
      photos.push(await uploadImage(`photo${i}-${cid}`, bytes, 'image/jpeg'));
    await reliably(
      `step2-${cid}`,
      {
        method: 'POST',
        path: `/cp-insurance/contract/${id}/step-2/`,
        json: {
          front_image: photos.slice(0, 3),
          rear_image: photos.slice(3),
          location: SEOUL,
          checkout_url: 'https://partner.example/pay/1',
        },
      },
      movedOn(id, 2),
    );
    await reliably(
      `checkout-${cid}`,
      {
        method: 'POST',
        path: `/cp-insurance/contract/${id}/checkout/`,
        json: { type: '1', amount: await monthlyPremium(server, phone), datetime: kstNow() },
      },
      movedOn(id, 3),
    );
    return { cid, id };
  }

  test(`${ROUNDS} rounds of SIGKILL: nothing lost, nothing twice, nothing stuck`, async (t) => {
    const screenshot = await sharp({
      create: { width: 720, height: 1280, channels: 3, background: '#f4f4f4' },
    })
      .png()
      .toBuffer();
    const photos = await Promise.all(
      ['#335', '#353', '#533', '#355', '#535', '#553'].map((background) =>
        sharp({ create: { width: 800, height: 600, channels: 3, background } })
          .jpeg()
          .toBuffer(),
      ),
    );
    const started: string[] = [];
    const finished: { cid: string; id: string }[] = [];
    let loading = true;
    const drivers = Array.from({ length: DRIVERS }, async (_, driver) => {
      for (let n = 0; loading; n++) {
        const cid = `kill9-${driver}-${n}`;
        started.push(cid);
        finished.push(await runContract(cid, { screenshot, photos }));
      }
    });

    const random = prng(SEED);
    const killer = (async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await sleep(1000 + random() * 3000);
        const pick = random();
        const victims: ('serve' | 'work')[] =
          pick < 0.4 ? ['serve'] : pick < 0.8 ? ['work'] : ['serve', 'work'];
        for (const role of victims) await kill(role);
        await sleep(200 + random() * 800);
        for (const role of victims) await launch(role);
      }
      loading = false;
    })();
    await killer;
    await Promise.all(drivers);

    // Settling: the sandbox decides, the receiver acknowledges; the scheduler has nothing left to move.
    const { db } = server.platform.database;
    const ids = finished.map((contract) => contract.id);
    const settledBy = Date.now() + 120_000;
    const unsettled = () =>
      db
        .selectFrom('contracts')
        .select(['id', 'status'])
        .where('id', 'in', ids)
        .where('status', '!=', 7)
        .execute();
    while ((await unsettled()).length > 0 && Date.now() < settledBy) await sleep(250);
    assert.deepEqual(await unsettled(), [], 'every contract reached 7 (계약완료)');

    const contracts = await db.selectFrom('contracts').select(['id', 'affiliate_cid']).execute();
    assert.deepEqual(
      contracts.map((c) => c.affiliate_cid).sort(),
      [...started].sort(),
      'each started contract once',
    );
    assert.equal(finished.length, started.length);

    const steps = await db
      .selectFrom('contract_events')
      .select(['contract_id', 'action'])
      .where('contract_id', 'in', ids)
      .where('action', 'in', STEPS)
      .execute();
    const timeline = new Map<string, string[]>();
    for (const { contract_id, action } of steps)
      timeline.set(contract_id, [...(timeline.get(contract_id) ?? []), action]);
    for (const id of ids)
      assert.deepEqual((timeline.get(id) ?? []).sort(), [...STEPS].sort(), `steps of ${id}`);

    const attached = await db
      .selectFrom('contract_images')
      .select(['contract_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('contract_id')
      .execute();
    assert.deepEqual(
      attached.map((row) => Number(row.n)),
      ids.map(() => 7),
      'a screenshot and six photos each',
    );
    const images = Number(
      (
        await db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    const decisions = await db.selectFrom('inspection_decisions').select(['id', 'contract_id']).execute();
    assert.deepEqual(decisions.map((d) => d.contract_id).sort(), [...ids].sort(), 'one decision each');
    const events = await db.selectFrom('webhook_events').select(['decision_id', 'status']).execute();
    assert.deepEqual(
      events.map((e) => e.decision_id).sort(),
      decisions.map((d) => d.id).sort(),
      'one outbox row per decision',
    );
    assert.ok(
      events.every((event) => event.status === 'delivered'),
      'every event delivered',
    );
    const received = receiver.requests.map((request) => request.headers['webhook-id']);
    const distinct = new Set(received);
    assert.equal(distinct.size, events.length, 'the receiver saw every event');

    t.diagnostic(
      `rounds ${ROUNDS}: SIGKILL serve ×${tally.kills.serve}, work ×${tally.kills.work}; contracts ${finished.length}, ` +
        `calls ${tally.calls}, retries ${tally.retries}, replayed ${tally.replays}, settled by lookup ${tally.recovered}`,
    );
    t.diagnostic(
      `images stored ${images}, attached ${ids.length * 7}, unattached (upload landed, answer lost) ${images - ids.length * 7}; ` +
        `webhooks ${events.length}, received ${received.length} (${received.length - distinct.size} redelivered after a kill)`,
    );
  });
});
