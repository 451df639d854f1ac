import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { applyTransition } from '../contracts/contract-transition.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
import { type ContractAction, transitionFor } from '../contracts/transitions.js';

const BATCH = 100;

export interface ExpiryPolicy {
  unfinishedTtlHours: number;
}

/**
 * Expires one batch of the contracts `action` applies to (its `from` statuses in the table) whose
 * `column` is before `before`. Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers
 * share the work and never expire one contract twice.
 */
async function expireBatch(
  db: Db,
  at: Date,
  action: ContractAction,
  due: { column: 'payment_due_at' | 'created_at'; before: Date; only?: string },
  note: string,
) {
  return db.transaction().execute(async (trx) => {
    const claimed = await contractsRepository(trx).claimDue({
      statuses: transitionFor(action).from,
      limit: BATCH,
      ...due,
    });
    for (const { id } of claimed) await applyTransition(trx, { contractId: id, action, at, note });
    return claimed.length;
  });
}

/** Unpaid contracts past their payment deadline (2 → 9) and unfinished ones past the TTL (0, 1 → 9). */
export async function expireContracts(
  db: Db,
  clock: Clock,
  policy: ExpiryPolicy,
  only?: string,
): Promise<number> {
  const now = clock.now();
  const unpaid = await expireBatch(
    db,
    now,
    'expirePayment',
    { column: 'payment_due_at', before: now, only },
    'payment deadline passed',
  );
  const unfinished = await expireBatch(
    db,
    now,
    'expireUnfinished',
    {
      column: 'created_at',
      before: new Date(now.getTime() - policy.unfinishedTtlHours * 3_600_000),
      only,
    },
    `unfinished after ${policy.unfinishedTtlHours} h`,
  );
  return unpaid + unfinished;
}
