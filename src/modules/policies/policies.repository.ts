import type { Insertable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { PoliciesTable, PremiumScheduleTable } from '../../core/db/schema.js';

/** Every read and write of `policies` and `premium_schedule`. */
export function policiesRepository(db: Db) {
  return {
    /** The policy with its schedule; nothing when the policy exists already (an acknowledgement applied twice). */
    async insert(
      policy: Insertable<PoliciesTable>,
      schedule: Insertable<PremiumScheduleTable>[],
    ): Promise<void> {
      const inserted = await db
        .insertInto('policies')
        .values(policy)
        .onConflict((conflict) => conflict.column('contract_id').doNothing())
        .returning('contract_id')
        .executeTakeFirst();
      if (inserted && schedule.length > 0) await db.insertInto('premium_schedule').values(schedule).execute();
    },

    async find(contractId: string) {
      const policy = await db
        .selectFrom('policies')
        .selectAll()
        .where('contract_id', '=', contractId)
        .executeTakeFirst();
      if (!policy) return null;
      const schedule = await db
        .selectFrom('premium_schedule')
        .select(['due_date', 'amount', 'paid_at'])
        .where('contract_id', '=', contractId)
        .orderBy('due_date')
        .execute();
      return { ...policy, schedule };
    },
  };
}

export type PoliciesRepository = ReturnType<typeof policiesRepository>;
