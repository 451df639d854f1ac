import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
import { transitionFor } from '../contracts/transitions.js';
import { decideInspection } from '../inspection/decide-inspection.js';
import { NO_RESUBMISSION } from '../inspection/reject-types.js';

const BATCH = 100;
const MESSAGE = '재검수 기한까지 사진이 제출되지 않아 가입이 거절되었습니다.';

/**
 * Re-inspections whose deadline passed without new photos are rejected (reject_type 4), delivered by
 * webhook like an inspector's rejection. The per-round decision row makes a second worker's attempt
 * a harmless 409.
 */
export async function rejectMissedReinspections(db: Db, clock: Clock): Promise<number> {
  const due = await contractsRepository(db).findDue(
    transitionFor('rejectUnresubmitted').from,
    'reinspection_due_at',
    clock.now(),
    BATCH,
  );
  let rejected = 0;
  for (const { id } of due) {
    try {
      await decideInspection(
        { db, clock },
        id,
        { result: 2, reject_type: NO_RESUBMISSION, msg: MESSAGE },
        { kind: 'scheduler', id: null },
      );
      rejected++;
    } catch (error) {
      if (!(error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_status')))
        throw error;
    }
  }
  return rejected;
}
