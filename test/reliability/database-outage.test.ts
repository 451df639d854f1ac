import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { customerBody, newPhone } from '../helpers/contract-flow.js';
import {
  type Answer,
  databaseUrl,
  expectedError,
  startTestServer,
  type TestServer,
} from '../helpers/platform.js';
import { sharedDatabaseUrl, spawnPlatform } from '../helpers/platform-process.js';

const OUTAGE_MS = 30_000;
const CLIENTS = 4;
/** The bound: an answer during the outage arrives within this, it does not hang. */
const MAX_ANSWER_MS = 2000;
const UNAVAILABLE_MESSAGE = 'The database is not reachable right now; retry with the same Idempotency-Key.';

type Outage = 'closed' | 'silent';

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL that can be stopped without stopping the server
 * other tests use: stopping cuts every open connection on both sides; while stopped, new
 * connections are closed at once ('closed', a stopped server) or accepted and never answered
 * ('silent', a host gone from the network).
 */
async function startPostgresProxy(target: URL) {
  const sockets = new Set<Socket>();
  let outage: Outage | null = null;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (outage === 'closed') client.destroy();
    if (outage) return;
    const upstream = connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  /** `url` with the proxy in place of the server it names. */
  const via = (url: string) => {
    const proxied = new URL(url);
    proxied.host = `127.0.0.1:${port}`;
    return proxied.href;
  };
  return {
    via,
    stop(mode: Outage) {
      outage = mode;
      cutAll();
    },
    start() {
      outage = null;
      cutAll(); // connections held while silent
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}

interface Attempt {
  key: string;
  cid: string;
  body: ReturnType<typeof customerBody>;
  started: number;
  ms: number;
  answer: Answer;
}

describe('PostgreSQL stopped 30 s under load', {
  skip: databaseUrl ? false : 'needs PostgreSQL (DATABASE_URL)',
}, () => {
  let proxy: Awaited<ReturnType<typeof startPostgresProxy>>;
  let server: TestServer;
  let worker: ChildProcess | null = null;

  before(async () => {
    proxy = await startPostgresProxy(new URL(databaseUrl ?? ''));
    // The clients' pace is the load; the per-key limit would otherwise answer 429 during the outage.
    server = await startTestServer({
      DATABASE_URL: proxy.via(databaseUrl ?? ''),
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await server?.close();
    await proxy?.close();
  });

  test('503 database_unavailable within 2 s, /readyz 503, then recovery without a restart and nothing acknowledged lost', async (t) => {
    const { apiKey } = await server.partner('test');
    worker = await spawnPlatform(server, 'work', {
      DATABASE_URL: proxy.via(await sharedDatabaseUrl(server)),
    });
    let workerExit: number | string | null = null;
    worker.once('exit', (code, signal) => {
      workerExit = code ?? signal;
    });

    const create = (key: string, body: Attempt['body']) =>
      server.call('POST', '/cp-insurance/contract/create/', {
        key: apiKey,
        json: body,
        headers: { 'Idempotency-Key': key },
      });
    const db = server.platform.database.db;
    /** Puts a new sandbox contract in inspection and waits for the work process to decide it. */
    const workerDecides = async () => {
      const created = await create(randomUUID(), customerBody(`worker-${randomUUID()}`, newPhone()));
      assert.equal(created.status, 201, created.text);
      const id = created.json.data.contract_id;
      await db
        .updateTable('contracts')
        .set({
          status: 3,
          inspection_round: 1,
          payment_type: '0',
          inspection_requested_at: new Date(Date.now() - 60_000),
        })
        .where('id', '=', id)
        .execute();
      const started = Date.now();
      const decided = () =>
        db.selectFrom('inspection_decisions').select('id').where('contract_id', '=', id).executeTakeFirst();
      while (!(await decided())) {
        assert.ok(Date.now() - started < 20_000, 'the work process decides a sandbox contract within 20 s');
        await sleep(50);
      }
      return Date.now() - started;
    };
    // Its loop runs before the outage (else the outage would only test a failed start).
    const workerStartMs = await workerDecides();

    const attempts: Attempt[] = [];
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const key = randomUUID();
        const cid = `outage-${n}-${i}`;
        const body = customerBody(cid, newPhone());
        const started = Date.now();
        const answer = await create(key, body);
        attempts.push({ key, cid, body, started, ms: Date.now() - started, answer });
        await sleep(200);
      }
    };
    const readyz = async () => {
      const started = Date.now();
      const answer = await server.call('GET', '/readyz');
      return { started, ms: Date.now() - started, answer };
    };

    const loops = Array.from({ length: CLIENTS }, (_, n) => client(n));
    await sleep(3000);
    const stoppedAt = Date.now();
    proxy.stop('closed');
    const probes: Awaited<ReturnType<typeof readyz>>[] = [];
    const probing = (async () => {
      while (Date.now() - stoppedAt < OUTAGE_MS - 1000) {
        probes.push(await readyz());
        await sleep(1000);
      }
    })();
    await sleep(OUTAGE_MS / 2);
    proxy.stop('silent');
    await sleep(OUTAGE_MS / 2);
    await probing;
    const restartedAt = Date.now();
    proxy.start();
    while (!attempts.some((a) => a.started >= restartedAt && a.answer.status === 201)) {
      assert.ok(Date.now() - restartedAt < 15_000, 'a contract is created again within 15 s of the restart');
      await sleep(20);
    }
    const recoveredAt = Math.min(
      ...attempts
        .filter((a) => a.started >= restartedAt && a.answer.status === 201)
        .map((a) => a.started + a.ms),
    );
    await sleep(2000);
    running = false;
    await Promise.all(loops);

    // Every answer is a success or the exact envelope of database_unavailable, with no internals.
    for (const { answer } of attempts) {
      if (answer.status === 201) continue;
      assert.equal(answer.status, 503, answer.text);
      assert.deepEqual(answer.json, expectedError(503, 'database_unavailable', answer));
      assert.equal(answer.json.error.message, UNAVAILABLE_MESSAGE);
    }
    const during = attempts.filter((a) => a.started + a.ms > stoppedAt && a.started < restartedAt);
    const failed = attempts.filter((a) => a.answer.status === 503);
    const maxDuring = Math.max(...during.map((a) => a.ms));
    assert.ok(failed.length > 0, 'the outage was felt');
    assert.ok(
      during.every((a) => a.answer.status === 503 || a.started < stoppedAt),
      'nothing started during the outage succeeded',
    );
    assert.ok(
      maxDuring <= MAX_ANSWER_MS,
      `every answer during the outage within ${MAX_ANSWER_MS} ms (max ${maxDuring} ms)`,
    );

    assert.ok(probes.length >= 20);
    for (const probe of probes) {
      assert.equal(probe.answer.status, 503);
      assert.deepEqual(probe.answer.json, expectedError(503, 'service_unavailable', probe.answer));
      assert.ok(probe.ms <= MAX_ANSWER_MS, `/readyz answered in ${probe.ms} ms`);
    }
    assert.equal((await readyz()).answer.status, 200);

    // The clients retry what failed with the same key and body: each is done once.
    let answerLost = 0;
    const retryStarted = Date.now();
    const toRetry = [...failed];
    const retrying = async () => {
      for (let attempt = toRetry.shift(); attempt; attempt = toRetry.shift()) {
        const retried = await create(attempt.key, attempt.body);
        if (retried.status === 409 && retried.json?.error?.code === 'duplicate_affiliate_cid') {
          // Committed as the connection was cut: the work was done, its answer lost on the way.
          answerLost++;
          continue;
        }
        assert.equal(retried.status, 201, retried.text);
        attempt.answer = retried;
      }
    };
    await Promise.all(Array.from({ length: 2 * CLIENTS }, retrying));
    const retryMs = Date.now() - retryStarted;

    const acknowledged = new Map(
      attempts.filter((a) => a.answer.status === 201).map((a) => [a.cid, a.answer.json.data.contract_id]),
    );
    const stored = await server.platform.database.db
      .selectFrom('contracts')
      .select(['id', 'affiliate_cid'])
      .where('affiliate_cid', 'like', 'outage-%')
      .execute();
    assert.equal(stored.length, attempts.length, 'one contract per request, none twice');
    assert.equal(new Set(stored.map((row) => row.affiliate_cid)).size, stored.length);
    for (const row of stored) {
      const id = acknowledged.get(row.affiliate_cid);
      if (id !== undefined) assert.equal(row.id, id, `${row.affiliate_cid} is the contract acknowledged`);
    }
    assert.equal(acknowledged.size + answerLost, attempts.length);

    assert.equal(workerExit, null, 'the work process survived the outage');
    const workerRecoveryMs = await workerDecides();
    const exited = new Promise((resolve) => worker?.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    assert.equal(await exited, 0, 'and stops cleanly');
    worker = null;

    t.diagnostic(
      `requests ${attempts.length} (${during.length} during the ${OUTAGE_MS / 1000} s outage), ` +
        `503 database_unavailable ${failed.length}, retried ${failed.length} ` +
        `(${answerLost} found already committed) in ${retryMs} ms, contracts ${stored.length}; ` +
        `the freshly spawned work process decided its first sandbox contract in ${workerStartMs} ms`,
    );
    t.diagnostic(
      `max answer during the outage ${maxDuring} ms (connections closed: ${maxOf(during, stoppedAt, stoppedAt + OUTAGE_MS / 2)} ms, ` +
        `unanswered: ${maxOf(during, stoppedAt + OUTAGE_MS / 2, restartedAt)} ms); /readyz max ${Math.max(...probes.map((p) => p.ms))} ms over ${probes.length} probes`,
    );
    t.diagnostic(
      `recovery: first contract created ${recoveredAt - restartedAt} ms after the restart; ` +
        `the work process decided a sandbox contract ${workerRecoveryMs} ms after it was put in inspection`,
    );
  });
});

function maxOf(attempts: Attempt[], from: number, to: number): number {
  return Math.max(0, ...attempts.filter((a) => a.started >= from && a.started < to).map((a) => a.ms));
}
