import type { Selectable } from 'kysely';
import type { Db } from './database.js';
import type { DB } from './schema.js';

/** Outbox tables share these columns: id, status ('pending' while due work remains), attempts, next_attempt_at. */
export type OutboxTable = 'webhook_events' | 'notifications';

/**
 * Claims up to `batch` due rows of an outbox for this worker, in one statement: locked with
 * FOR UPDATE SKIP LOCKED (two workers never take one row), their attempt counted and their
 * next_attempt_at pushed out by `leaseMs` (a worker that dies mid-send lets the row come due
 * again: at-least-once). Answers the claimed rows whole.
 */
export async function claimDue<T extends OutboxTable>(
  db: Db,
  table: T,
  now: Date,
  batch: number,
  leaseMs: number,
): Promise<Array<Selectable<DB[T]>>> {
  // The two tables have the same outbox columns; Kysely cannot type a table chosen at run time.
  const outbox = table as 'notifications';
  const claimed = await db
    .updateTable(outbox)
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + leaseMs) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(outbox)
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(batch)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return claimed as unknown as Array<Selectable<DB[T]>>;
}
