import type { Config } from '../../config.js';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { expireContracts } from './contract-expiry.js';
import { erasePersonalData } from './personal-data-erasure.js';
import { rejectMissedReinspections } from './reinspection-deadline.js';

export interface DeadlineTask {
  name: string;
  /** How long the worker waits between passes that found nothing. */
  idleMs: number;
  /** One pass over every contract that is due, or over the one contract `only` (the test clock). */
  run(only?: string): Promise<number>;
}

/** Every deadline the worker keeps: the worker runs them in turn, the sandbox's test clock for one contract. */
export function deadlineTasks(db: Db, clock: Clock, config: Pick<Config, 'contracts'>): DeadlineTask[] {
  const { unfinishedTtlHours, personalDataRetentionDays } = config.contracts;
  return [
    {
      name: 'expire-contracts',
      idleMs: 30_000,
      run: (only) => expireContracts(db, clock, { unfinishedTtlHours }, only),
    },
    {
      name: 'reject-missed-reinspections',
      idleMs: 30_000,
      run: (only) => rejectMissedReinspections(db, clock, only),
    },
    {
      name: 'erase-personal-data',
      idleMs: 3_600_000,
      run: (only) => erasePersonalData(db, clock, personalDataRetentionDays, only),
    },
  ];
}

/** The deadlines of one contract, at once: what the test clock runs after moving it. */
export function contractDeadlines(tasks: DeadlineTask[]) {
  return async (contractId: string) => {
    for (const task of tasks) await task.run(contractId);
  };
}
