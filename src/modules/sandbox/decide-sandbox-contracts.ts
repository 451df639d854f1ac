import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
import { transitionFor } from '../contracts/transitions.js';
import { decideInspection } from '../inspection/decide-inspection.js';
import { sandboxDecision } from './sandbox-decision.js';

const BATCH = 100;

/**
 * Decides test-mode contracts waiting for inspection longer than `delayMs`, with the outcome their
 * partner asked for, through the inspectors' own use case: the same decision row, outbox, signed
 * webhook and acknowledgement, with `sandbox` on the timeline. A second worker's attempt on the same
 * round is a harmless 409.
 */
export async function decideSandboxContracts(db: Db, clock: Clock, delayMs: number): Promise<number> {
  const due = await contractsRepository(db).findSandboxDue(
    transitionFor('approveInspection').from,
    new Date(clock.now().getTime() - delayMs),
    BATCH,
  );
  let decided = 0;
  for (const contract of due) {
    const body = sandboxDecision(contract.sandbox_outcome, contract.inspection_round);
    if (!body) continue;
    try {
      await decideInspection({ db, clock }, contract.id, body, { kind: 'sandbox', id: null });
      decided++;
    } catch (error) {
      if (!(error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_status')))
        throw error;
    }
  }
  return decided;
}
