import { type Selectable, sql } from 'kysely';
import type { Db } from './database.js';
import type { DB } from './schema.js';

/** Outbox tables share these columns: id, status ('pending' while due work remains), attempts, next_attempt_at. */
export type OutboxTable = 'webhook_events' | 'notifications';

/**
 * Claims up to `batch` due rows of an outbox for this worker, in one statement: locked with
 * FOR UPDATE SKIP LOCKED (two workers never take one row), their attempt counted and their
 * next_attempt_at pushed out by `leaseMs` (a worker that dies mid-send lets the row come due
 * again: at-least-once). Answers the claimed rows whole.
 *
 * `inOrderPerContract`: only a contract's oldest pending row is due, so that its rows go out one at a
 * time in the order they were written (a contract's events are steps of its flow, far apart in
 * time), however many workers claim; a later row waits while an earlier one is still being retried.
 */
export async function claimDue<T extends OutboxTable>(
  db: Db,
  table: T,
  now: Date,
  batch: number,
  leaseMs: number,
  { inOrderPerContract = false } = {},
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
        .$if(inOrderPerContract, (query) =>
          query.where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom(`${outbox} as earlier` as 'notifications as earlier')
                  .select(sql.lit(1).as('one'))
                  .whereRef('earlier.contract_id', '=', `${outbox}.contract_id`)
                  .where('earlier.status', '=', 'pending')
                  .where((eb) =>
                    eb.or([
                      eb('earlier.created_at', '<', eb.ref(`${outbox}.created_at`)),
                      // Rows written in one millisecond: one still goes first, in id order.
                      eb.and([
                        eb('earlier.created_at', '=', eb.ref(`${outbox}.created_at`)),
                        eb('earlier.id', '<', eb.ref(`${outbox}.id`)),
                      ]),
                    ]),
                  ),
              ),
            ),
          ),
        )
        .orderBy('next_attempt_at')
        .limit(batch)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return claimed as unknown as Array<Selectable<DB[T]>>;
}
