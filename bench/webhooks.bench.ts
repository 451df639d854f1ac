import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { request } from 'undici';
import type { Platform } from '../src/app.js';
import { decideInspection } from '../src/modules/inspection/decide-inspection.js';
import { deliverDueWebhooks } from '../src/modules/webhooks/webhook-delivery.js';
import { startWorker } from '../src/worker.js';
import { startChildServer } from './lib/child-server.js';
import { type BenchDatabase, type BenchPlatform, openBenchPlatform } from './lib/in-process-platform.js';
import { median, percentile, round1 } from './lib/load.js';
import { writeResult } from './lib/results.js';

/** As the worker claims them. */
const BATCH = 50;

interface DrainFigures {
  delivered: number;
  notDelivered: number;
  deliveriesPerSecond: number;
  /** Decision (event created_at) → delivery (finished_at): includes the wait behind the whole backlog. */
  decisionToDeliveryP50Ms: number;
  decisionToDeliveryP99Ms: number;
  /** Drain start → delivery: the same, less the time the arrangement took to queue the events. */
  drainStartToDeliveryP50Ms: number;
  drainStartToDeliveryP99Ms: number;
  /** The HTTP attempt alone, as webhook_attempts.latency_ms records it. */
  attemptP50Ms: number;
  attemptP99Ms: number;
  arrangeMs: number;
}

type SteadyFigures = Awaited<ReturnType<typeof steadyLatency>>;

interface PlainFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** `count` contracts straight into status 3 with fast SQL (the flow up to 3 is not what is measured). */
async function contractsAwaitingDecision(platform: Platform, affiliateId: string, count: number) {
  const device = await platform.devices.findDevice('aos', 'SM-N981N');
  if (!device) throw new Error('SM-N981N is not in the catalog');
  const prefix = `wh-${randomBytes(4).toString('hex')}-`;
  const { rows } = await sql<{ id: string }>`
    INSERT INTO contracts (affiliate_id, mode, affiliate_uid, affiliate_cid, status, inspection_round,
      payment_type, customer_name, customer_phone, customer_email, device_id, device_os,
      device_reported_name, inspection_requested_at, created_at, updated_at)
    SELECT ${affiliateId}::uuid, 'test', 'user-1', ${prefix} || n::text, 3, 1, '0', '홍길동', '01012345678',
      'customer@example.com', ${device.id}::uuid, 'aos', 'SM-N981N', now(), now(), now()
    FROM generate_series(1, ${count}::int) AS n
    RETURNING id`.execute(platform.database.db);
  return rows.map((row) => row.id);
}

/** A real approval of the contract: its webhook lands in the outbox as the inspector's would. */
function approve(platform: Platform, contractId: string) {
  return decideInspection(
    { db: platform.database.db, clock: platform.clock },
    contractId,
    { result: 0 },
    { kind: 'inspector', id: null },
  );
}

async function queueApprovals(platform: Platform, affiliateId: string, count: number): Promise<void> {
  const ids = await contractsAwaitingDecision(platform, affiliateId, count);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(ids.slice(i, i + 10).map((id) => approve(platform, id)));
  }
}

/**
 * Decision → delivery as a partner sees it in steady traffic: approvals at `perSecond` while the
 * platform's worker runs as `cp-insurance work` does (its 200 ms idle poll included).
 */
async function steadyLatency(
  platform: Platform,
  affiliateId: string,
  options: { perSecond: number; count: number },
): Promise<{ p50Ms: number; p99Ms: number; maxMs: number; delivered: number }> {
  const ids = await contractsAwaitingDecision(platform, affiliateId, options.count);
  const worker = startWorker(platform);
  const started = new Date();
  try {
    const gapMs = 1000 / options.perSecond;
    const decisions = ids.map(
      (id, index) =>
        new Promise<void>((resolve, reject) => {
          setTimeout(() => approve(platform, id).then(() => resolve(), reject), index * gapMs);
        }),
    );
    await Promise.all(decisions);
    await waitUntilDelivered(platform, started, options.count);
  } finally {
    await worker.stop();
  }
  const latencies = (
    await platform.database.db
      .selectFrom('webhook_events')
      .select(['created_at', 'finished_at'])
      .where('created_at', '>=', started)
      .where('status', '=', 'delivered')
      .execute()
  )
    .map((event) => (event.finished_at as Date).getTime() - event.created_at.getTime())
    .sort((a, b) => a - b);
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    delivered: latencies.length,
  };
}

async function waitUntilDelivered(platform: Platform, since: Date, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const row = await platform.database.db
      .selectFrom('webhook_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('created_at', '>=', since)
      .where('status', '!=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('steady-rate webhooks were not all delivered within a minute');
}

/** The worker's loop, alone: passes of deliverDueWebhooks until nothing is due. */
async function drain(platform: Platform, arrangeMs: number): Promise<DrainFigures> {
  const drainStart = new Date();
  const started = performance.now();
  while ((await deliverDueWebhooks(platform.webhookDelivery, BATCH)) > 0) {}
  const elapsedMs = performance.now() - started;
  const { db } = platform.database;
  const events = await db
    .selectFrom('webhook_events')
    .select(['status', 'created_at', 'finished_at'])
    .where('created_at', '>=', new Date(drainStart.getTime() - arrangeMs - 1000))
    .execute();
  const delivered = events.filter((event) => event.status === 'delivered' && event.finished_at);
  const ms = (from: (event: (typeof delivered)[number]) => number) =>
    delivered.map((event) => (event.finished_at as Date).getTime() - from(event)).sort((a, b) => a - b);
  const sinceDecision = ms((event) => event.created_at.getTime());
  const sinceDrain = ms(() => drainStart.getTime());
  const attempts = (
    await db.selectFrom('webhook_attempts').select('latency_ms').where('at', '>=', drainStart).execute()
  )
    .map((attempt) => attempt.latency_ms ?? 0)
    .sort((a, b) => a - b);
  return {
    delivered: delivered.length,
    notDelivered: events.length - delivered.length,
    deliveriesPerSecond: round1(delivered.length / (elapsedMs / 1000)),
    decisionToDeliveryP50Ms: percentile(sinceDecision, 50),
    decisionToDeliveryP99Ms: percentile(sinceDecision, 99),
    drainStartToDeliveryP50Ms: percentile(sinceDrain, 50),
    drainStartToDeliveryP99Ms: percentile(sinceDrain, 99),
    attemptP50Ms: percentile(attempts, 50),
    attemptP99Ms: percentile(attempts, 99),
    arrangeMs: Math.round(arrangeMs),
  };
}

/** The floor: the same number of POSTs of the same body, 50 at a time, answers read and parsed. */
async function plainUndici(url: string, body: string, count: number, reset: boolean): Promise<PlainFigures> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let sent = 0; sent < count; sent += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count - sent) }, async () => {
        const t = performance.now();
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          reset,
        });
        JSON.parse(await response.body.text());
        latencies.push(performance.now() - t);
      }),
    );
  }
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: round1(count / (elapsedMs / 1000)),
    p50Ms: round1(percentile(latencies, 50)),
    p99Ms: round1(percentile(latencies, 99)),
  };
}

/**
 * 1,000 queued approval webhooks delivered by the worker's loop (deliverDueWebhooks, batch 50) to a
 * partner that answers at once, on PGlite and on PostgreSQL, beside plain undici POSTs of the same
 * body to the same receiver, in alternating rounds.
 */
export async function benchWebhooks(options: {
  rounds: number;
  events: number;
  steady: { perSecond: number; count: number };
}) {
  const receiver = await startChildServer<{ port: number }>('bench/servers/webhook-receiver-server.ts');
  const receiverUrl = `http://127.0.0.1:${receiver.info.port}/hooks`;
  const opened: BenchPlatform[] = [];
  try {
    const setups: Array<{ bench: BenchPlatform; affiliateId: string }> = [];
    for (const database of ['pglite', 'postgres'] as BenchDatabase[]) {
      const bench = await openBenchPlatform(database, 'webhooks', { WEBHOOK_ALLOW_PRIVATE: 'true' });
      opened.push(bench);
      const partner = await bench.platform.affiliates.createAffiliate({
        name: 'bench',
        mode: 'test',
        webhookUrl: null,
      });
      await bench.platform.endpoints.setUrl(partner.affiliate_id, 'test', receiverUrl);
      setups.push({ bench, affiliateId: partner.affiliate_id });
      // Warm-up: a few events through every path (JIT, the pool's connections, undici's agent).
      await queueApprovals(bench.platform, partner.affiliate_id, BATCH);
      await drain(bench.platform, 0);
    }
    const sample = await setups[0]?.bench.platform.database.db
      .selectFrom('webhook_events')
      .select('body')
      .executeTakeFirstOrThrow();
    const body = sample?.body ?? '{}';
    await plainUndici(receiverUrl, body, 200, true);

    const rounds: Array<
      Record<BenchDatabase, DrainFigures & { steady: SteadyFigures }> & {
        plainReset: PlainFigures;
        plainKeepAlive: PlainFigures;
      }
    > = [];
    for (let round = 0; round < options.rounds; round++) {
      const figures: Partial<Record<BenchDatabase, DrainFigures & { steady: SteadyFigures }>> = {};
      for (const { bench, affiliateId } of setups) {
        const arrangeStart = performance.now();
        await queueApprovals(bench.platform, affiliateId, options.events);
        const backlog = await drain(bench.platform, performance.now() - arrangeStart);
        figures[bench.database] = {
          ...backlog,
          steady: await steadyLatency(bench.platform, affiliateId, options.steady),
        };
      }
      rounds.push({
        pglite: figures.pglite as DrainFigures & { steady: SteadyFigures },
        postgres: figures.postgres as DrainFigures & { steady: SteadyFigures },
        plainReset: await plainUndici(receiverUrl, body, options.events, true),
        plainKeepAlive: await plainUndici(receiverUrl, body, options.events, false),
      });
    }

    const med = (pick: (round: (typeof rounds)[number]) => number) => round1(median(rounds.map(pick)));
    const perDatabase = (database: BenchDatabase) => ({
      deliveriesPerSecond: med((round) => round[database].deliveriesPerSecond),
      ratioToPlainReset: median(
        rounds.map((round) => round[database].deliveriesPerSecond / round.plainReset.requestsPerSecond),
      ),
      ratioToPlainKeepAlive: median(
        rounds.map((round) => round[database].deliveriesPerSecond / round.plainKeepAlive.requestsPerSecond),
      ),
      decisionToDeliveryP50Ms: med((round) => round[database].decisionToDeliveryP50Ms),
      decisionToDeliveryP99Ms: med((round) => round[database].decisionToDeliveryP99Ms),
      drainStartToDeliveryP50Ms: med((round) => round[database].drainStartToDeliveryP50Ms),
      drainStartToDeliveryP99Ms: med((round) => round[database].drainStartToDeliveryP99Ms),
      attemptP50Ms: med((round) => round[database].attemptP50Ms),
      attemptP99Ms: med((round) => round[database].attemptP99Ms),
      notDelivered: rounds.reduce((sum, round) => sum + round[database].notDelivered, 0),
      steadyP50Ms: med((round) => round[database].steady.p50Ms),
      steadyP99Ms: med((round) => round[database].steady.p99Ms),
    });
    const summary = {
      scenario: `deliverDueWebhooks (batch ${BATCH}) until ${options.events} queued approvals are delivered`,
      events: options.events,
      bodyBytes: Buffer.byteLength(body),
      rounds,
      pglite: perDatabase('pglite'),
      postgres: perDatabase('postgres'),
      plainResetRps: med((round) => round.plainReset.requestsPerSecond),
      plainKeepAliveRps: med((round) => round.plainKeepAlive.requestsPerSecond),
      steady: options.steady,
      targets: { deliveriesPerSecond: 300, steadyP99Ms: 1000 },
    };
    const receiverExit = await receiver.stop();
    await writeResult('webhooks', {
      ...summary,
      database: 'pglite and postgres',
      receiverRequests: receiverExit?.received,
    });
    const row = (name: string, figures: ReturnType<typeof perDatabase>) =>
      `| ${name} | ${figures.steadyP50Ms} / ${figures.steadyP99Ms} | ${figures.deliveriesPerSecond} | ${figures.ratioToPlainReset.toFixed(2)} / ${figures.ratioToPlainKeepAlive.toFixed(2)} | ${figures.decisionToDeliveryP50Ms} / ${figures.decisionToDeliveryP99Ms} | ${figures.drainStartToDeliveryP50Ms} / ${figures.drainStartToDeliveryP99Ms} | ${figures.attemptP50Ms} / ${figures.attemptP99Ms} | ${figures.notDelivered} |`;
    return [
      `plain undici, same body (${summary.bodyBytes} B), 50 at a time: ${summary.plainResetRps} req/s with a new connection each (as the platform sends), ${summary.plainKeepAliveRps} req/s on keep-alive.`,
      '',
      '| database | steady decision → delivered p50 / p99 ms (target p99 < 1000) | backlog deliveries/s (target ≥ 300) | / plain new-conn / plain keep-alive | backlog: decision → delivered p50 / p99 ms | backlog: drain start → delivered p50 / p99 ms | attempt p50 / p99 ms | not delivered |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      row('PGlite', summary.pglite),
      row('PostgreSQL', summary.postgres),
    ].join('\n');
  } finally {
    await receiver.stop();
    for (const bench of opened) await bench.close();
  }
}
