import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { STATUS } from '../contracts/contract-status.js';

/** Korean calendar day of a timestamptz, computed in SQL the same way on PostgreSQL and PGlite. */
const kstDay = (column: string) =>
  sql<string>`to_char((${sql.ref(column)} AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD')`;

/**
 * The dashboard's read model: counts over contracts, decisions and deliveries in a period. Reads
 * only, across the modules' tables, as reports do; every write stays with its module.
 */
export function dashboardRepository(db: Db) {
  return {
    async figures(range: { from: Date; to: Date }) {
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
          SELECT max(e.at) FROM contract_events e WHERE e.contract_id = d.contract_id AND e.to_status = ${STATUS.inspectionRequested} AND e.at <= d.decided_at
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
      return { funnel, daily, turnaround: turnaround.rows[0], decisions, webhooks };
    },
  };
}
