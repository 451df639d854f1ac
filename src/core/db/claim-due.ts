import type { Db } from './database.js';

/** Outbox tables share these columns: id, status ('pending' while due work remains), attempts, next_attempt_at. */
export type OutboxTable = 'webhook_events' | 'notifications';

/**
 * Claims up to `batch` due rows of an outbox for this worker: locked with FOR UPDATE SKIP LOCKED
 * (two workers never take one row), their attempt counted and their next_attempt_at pushed out by
 * `leaseMs` (a worker that dies mid-send lets the row come due again: at-least-once).
 */
export async function claimDue(
  db: Db,
  table: OutboxTable,
  now: Date,
  batch: number,
  leaseMs: number,
): Promise<Array<{ id: string; attempts: number }>> {
  // The two tables have the same outbox columns; Kysely cannot type a table chosen at run time.
  const outbox = table as 'notifications';
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom(outbox)
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable(outbox)
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + leaseMs) }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returning(['id', 'attempts'])
      .execute();
  });
}
