import type { Config } from '../../config.js';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { expireContracts } from './contract-expiry.js';
import { erasePersonalData } from './personal-data-erasure.js';
import { rejectMissedReinspections } from './reinspection-deadline.js';

/** One pass of every deadline the worker keeps, for the sandbox's test clock to run at once. */
export function deadlineTasks(db: Db, clock: Clock, config: Pick<Config, 'contracts'>) {
  return async () => {
    await expireContracts(db, clock, { unfinishedTtlHours: config.contracts.unfinishedTtlHours });
    await rejectMissedReinspections(db, clock);
    await erasePersonalData(db, clock, config.contracts.personalDataRetentionDays);
  };
}
