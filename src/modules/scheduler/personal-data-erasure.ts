import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { ENDED_WITHOUT_COVER } from '../contracts/contract-status.js';
import { contractsRepository } from '../contracts/contracts.repository.js';

/**
 * Erases the personal data of contracts that finished without insurance more than `retentionDays`
 * ago: the row stays (for statistics and disputes), its personal fields are nulled, and the timeline
 * records it. One UPDATE, so it is safe to run on several workers at once.
 */
export async function erasePersonalData(
  db: Db,
  clock: Clock,
  retentionDays: number,
  only?: string,
): Promise<number> {
  const now = clock.now();
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  return db
    .transaction()
    .execute((trx) =>
      contractsRepository(trx).erasePersonalData(
        ENDED_WITHOUT_COVER,
        before,
        now,
        `retention of ${retentionDays} days over`,
        only,
      ),
    );
}
