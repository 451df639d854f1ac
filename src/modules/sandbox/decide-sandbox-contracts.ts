import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
import { transitionFor } from '../contracts/transitions.js';
import { decideEach } from '../inspection/decide-each.js';
import { sandboxDecision } from './sandbox-decision.js';

const BATCH = 100;

/**
 * Decides test-mode contracts waiting for inspection longer than `delayMs`, with the outcome their
 * partner asked for, through the inspectors' own use case: the same decision row, outbox, signed
 * webhook and acknowledgement, with `sandbox` on the timeline.
 */
export async function decideSandboxContracts(db: Db, clock: Clock, delayMs: number): Promise<number> {
  const due = await contractsRepository(db).findSandboxDue(
    transitionFor('approveInspection').from,
    new Date(clock.now().getTime() - delayMs),
    BATCH,
  );
  const decisions = due.flatMap((contract) => {
    const body = sandboxDecision(contract.sandbox_outcome, contract.inspection_round);
    return body ? [{ id: contract.id, body }] : [];
  });
  return decideEach({ db, clock }, decisions, { kind: 'sandbox', id: null });
}
