import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { addCalendar, parseWireDate, parseWireDateTime } from '../../core/time.js';
import { statusName } from '../contracts/contract-status.js';

/** Korean calendar day of a timestamptz, computed in SQL the same way on PostgreSQL and PGlite. */
const kstDay = (column: string) =>
  sql<string>`to_char((${sql.ref(column)} AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD')`;

function period(from: string | undefined, to: string | undefined, today: string) {
  const end = to ?? today;
  const start = from ?? addCalendar(end, { days: -29 });
  if (!parseWireDate(start)) throw new AppError('validation_failed', 'from must be YYYY-MM-DD.', 'from');
  if (!parseWireDate(end) || end < start)
    throw new AppError('validation_failed', 'to must be a YYYY-MM-DD date not before from.', 'to');
  return {
    from: parseWireDateTime(`${start} 00:00:00`) as Date,
    to: parseWireDateTime(`${addCalendar(end, { days: 1 })} 00:00:00`) as Date,
    start,
    end,
  };
}

/** The operators' numbers, from SQL over the real tables (contracts created in the period, decisions and deliveries made in it). */
export async function dashboard(db: Db, query: { from?: string; to?: string }, today: string) {
  const range = period(query.from, query.to, today);
  const [funnel, daily, turnaround, decisions, webhooks] = await Promise.all([
    db
      .selectFrom('contracts')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.to)
      .groupBy('status')
      .orderBy('status')
      .execute(),
    db
      .selectFrom('contracts')
      .innerJoin('affiliates', 'affiliates.id', 'contracts.affiliate_id')
      .select([
        kstDay('contracts.created_at').as('date'),
        'affiliates.name as affiliate_name',
        (eb) => eb.fn.countAll<number>().as('count'),
      ])
      .where('contracts.created_at', '>=', range.from)
      .where('contracts.created_at', '<', range.to)
      .groupBy([sql`1`, 'affiliates.name'])
      .orderBy(sql`1`)
      .execute(),
    sql<{ median: number | null; p90: number | null; count: number }>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90,
             count(*)::int AS count
      FROM (
        SELECT extract(epoch FROM d.decided_at - (
          SELECT max(e.at) FROM contract_events e WHERE e.contract_id = d.contract_id AND e.to_status = 3 AND e.at <= d.decided_at
        ))::float8 AS seconds
        FROM inspection_decisions d
        WHERE d.inspector_id IS NOT NULL AND d.decided_at >= ${range.from} AND d.decided_at < ${range.to}
      ) turnaround WHERE seconds IS NOT NULL`.execute(db),
    db
      .selectFrom('inspection_decisions')
      .select(['result', (eb) => eb.fn.countAll<number>().as('count')])
      .where('decided_at', '>=', range.from)
      .where('decided_at', '<', range.to)
      .groupBy('result')
      .execute(),
    db
      .selectFrom('webhook_events')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.to)
      .groupBy('status')
      .execute(),
  ]);
  const count = (rows: Array<{ count: number | string }>, pick: (row: never) => boolean) =>
    rows.filter(pick as (row: unknown) => boolean).reduce((sum, row) => sum + Number(row.count), 0);
  const byResult = (result: number) => count(decisions, (row: { result: number }) => row.result === result);
  const byStatus = (...statuses: string[]) =>
    count(webhooks, (row: { status: string }) => statuses.includes(row.status));
  const delivered = byStatus('delivered');
  const failed = byStatus('partner_error', 'dead');
  const stats = turnaround.rows[0];
  return {
    from: range.start,
    to: range.end,
    funnel: funnel.map((row) => ({
      status: row.status,
      status_name: statusName(row.status as 0),
      count: Number(row.count),
    })),
    daily: daily.map((row) => ({
      date: row.date,
      affiliate_name: row.affiliate_name,
      count: Number(row.count),
    })),
    turnaround: {
      median_seconds:
        stats?.median === null || stats?.median === undefined ? null : Math.round(Number(stats.median)),
      p90_seconds: stats?.p90 === null || stats?.p90 === undefined ? null : Math.round(Number(stats.p90)),
      count: Number(stats?.count ?? 0),
    },
    decisions: { approved: byResult(0), reinspection: byResult(1), rejected: byResult(2) },
    webhooks: {
      delivered,
      failed,
      pending: byStatus('pending'),
      success_rate: delivered + failed === 0 ? null : delivered / (delivered + failed),
    },
  };
}
