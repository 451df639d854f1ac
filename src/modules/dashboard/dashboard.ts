import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { addCalendar, parseWireDate, parseWireDateTime } from '../../core/time.js';
import { statusFields } from '../contracts/contract-mapping.js';
import { dashboardRepository } from './dashboard.repository.js';

function period(from: string | undefined, to: string | undefined, today: string) {
  const end = to ?? today;
  const toInvalid = () =>
    new AppError('validation_failed', 'to must be a YYYY-MM-DD date not before from.', 'to');
  // `to` is checked first: the default `from` is counted back from it.
  if (!parseWireDate(end)) throw toInvalid();
  const start = from ?? addCalendar(end, { days: -29 });
  if (!parseWireDate(start)) throw new AppError('validation_failed', 'from must be YYYY-MM-DD.', 'from');
  if (end < start) throw toInvalid();
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
  const { funnel, daily, turnaround, decisions, webhooks } = await dashboardRepository(db).figures(range);
  const count = (rows: Array<{ count: number | string }>, pick: (row: never) => boolean) =>
    rows.filter(pick as (row: unknown) => boolean).reduce((sum, row) => sum + Number(row.count), 0);
  const byResult = (result: number) => count(decisions, (row: { result: number }) => row.result === result);
  const byStatus = (...statuses: string[]) =>
    count(webhooks, (row: { status: string }) => statuses.includes(row.status));
  const delivered = byStatus('delivered');
  const failed = byStatus('partner_error', 'dead');
  const stats = turnaround;
  return {
    from: range.start,
    to: range.end,
    funnel: funnel.map((row) => ({ ...statusFields(row.status), count: Number(row.count) })),
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
