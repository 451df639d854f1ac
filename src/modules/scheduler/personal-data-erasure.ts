import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';

/** Finished without a contract: rejected, cancelled, expired. Their personal data is kept only for the retention period. */
const FINISHED_WITHOUT_CONTRACT = [6, 8, 9];

/**
 * Erases the personal data of contracts that finished without insurance more than `retentionDays`
 * ago: the row stays (for statistics and disputes), its personal fields are nulled, and the timeline
 * records it. One UPDATE, so it is safe to run on several workers at once.
 */
export async function erasePersonalData(db: Db, clock: Clock, retentionDays: number): Promise<number> {
  const now = clock.now();
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const erased = await trx
      .updateTable('contracts')
      .set({
        customer_name: null,
        customer_ssn_encrypted: null,
        customer_ssn_index: null,
        customer_phone: null,
        customer_email: null,
        customer_extra: null,
        device_info: null,
        location: null,
        personal_data_erased_at: now,
      })
      .where('status', 'in', FINISHED_WITHOUT_CONTRACT)
      .where('updated_at', '<', before)
      .where('personal_data_erased_at', 'is', null)
      .returning(['id', 'status'])
      .execute();
    if (erased.length > 0) {
      await trx
        .insertInto('contract_events')
        .values(
          erased.map((row) => ({
            contract_id: row.id,
            at: now,
            action: 'erasePersonalData',
            actor: 'scheduler',
            from_status: row.status,
            to_status: row.status,
            note: `retention of ${retentionDays} days over`,
          })),
        )
        .execute();
    }
    return erased.length;
  });
}
