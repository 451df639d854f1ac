import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { applyTransition } from '../contracts/contract-transition.js';
import type { ContractAction } from '../contracts/transitions.js';

const BATCH = 100;

export interface ExpiryPolicy {
  unfinishedTtlHours: number;
}

/**
 * Expires one batch of contracts that `action` applies to. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so several workers share the work and never expire one contract twice.
 */
async function expireBatch(
  db: Db,
  clock: Clock,
  action: ContractAction,
  pick: (now: Date) => { statuses: number[]; column: 'payment_due_at' | 'created_at'; before: Date },
  note: string,
) {
  const now = clock.now();
  const { statuses, column, before } = pick(now);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('contracts')
      .select('id')
      .where('status', 'in', statuses)
      .where(column, '<', before)
      .orderBy(column)
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const { id } of due) await applyTransition(trx, { contractId: id, action, at: now, note });
    return due.length;
  });
}

/** Unpaid contracts past their payment deadline (2 → 9) and unfinished ones past the TTL (0, 1 → 9). */
export async function expireContracts(db: Db, clock: Clock, policy: ExpiryPolicy): Promise<number> {
  const unpaid = await expireBatch(
    db,
    clock,
    'expirePayment',
    (now) => ({ statuses: [2], column: 'payment_due_at', before: now }),
    'payment deadline passed',
  );
  const unfinished = await expireBatch(
    db,
    clock,
    'expireUnfinished',
    (now) => ({
      statuses: [0, 1],
      column: 'created_at',
      before: new Date(now.getTime() - policy.unfinishedTtlHours * 3_600_000),
    }),
    `unfinished after ${policy.unfinishedTtlHours} h`,
  );
  return unpaid + unfinished;
}
