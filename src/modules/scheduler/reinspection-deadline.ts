import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
import { transitionFor } from '../contracts/transitions.js';
import { decideEach } from '../inspection/decide-each.js';
import { NO_RESUBMISSION } from '../inspection/reject-types.js';

const BATCH = 100;
const MESSAGE = '재검수 기한까지 사진이 제출되지 않아 가입이 거절되었습니다.';

/**
 * Re-inspections whose deadline passed without new photos are rejected (reject_type 4), delivered by
 * webhook like an inspector's rejection. The per-round decision row makes a second worker's attempt
 * a harmless 409.
 */
export async function rejectMissedReinspections(db: Db, clock: Clock, only?: string): Promise<number> {
  const due = await contractsRepository(db).findDue({
    statuses: transitionFor('rejectUnresubmitted').from,
    column: 'reinspection_due_at',
    before: clock.now(),
    limit: BATCH,
    only,
  });
  const body = { result: 2 as const, reject_type: NO_RESUBMISSION, msg: MESSAGE };
  return decideEach(
    { db, clock },
    due.map(({ id }) => ({ id, body })),
    { kind: 'scheduler', id: null },
  );
}
