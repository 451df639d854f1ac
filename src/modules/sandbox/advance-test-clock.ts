import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { statusFields } from '../contracts/contract-mapping.js';
import { type ContractStatus, describeStatus } from '../contracts/contract-status.js';
import { type ContractRow, contractsRepository } from '../contracts/contracts.repository.js';
import { transitionFor } from '../contracts/transitions.js';

export const MAX_ADVANCE_HOURS = 400 * 24;
const HOUR_MS = 3_600_000;

export interface AdvanceRequest {
  contract_id: string;
  hours?: number;
  until?: 'payment_deadline' | 'reinspection_deadline';
}

export interface TestClockDeps {
  db: Db;
  clock: Clock;
  /** The worker's deadline tasks (expiry, missed re-inspections, erasure) for one contract, run at once after a move. */
  runDeadlines: (contractId: string) => Promise<void>;
}

const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

function checkHours(hours: number): number {
  if (hours <= 0) throw invalid('hours', 'hours must be more than 0: the test clock only moves forward.');
  if (hours > MAX_ADVANCE_HOURS)
    throw invalid('hours', `hours must be at most ${MAX_ADVANCE_HOURS} (400 days).`);
  return hours * HOUR_MS;
}

/** The deadline `until` names, the action it triggers once passed, and the contract's time of it. */
const DEADLINES = {
  payment_deadline: { action: 'expirePayment', column: 'payment_due_at' },
  reinspection_deadline: { action: 'rejectUnresubmitted', column: 'reinspection_due_at' },
} as const;

/** How far to move so that the deadline has just passed (a second beyond it); 409 when it does not apply. */
function untilDeadline(contract: ContractRow, until: keyof typeof DEADLINES, now: Date): number {
  const { action, column } = DEADLINES[until];
  const deadline = contract[column];
  const status = contract.status as ContractStatus;
  if (!deadline || !transitionFor(action).from.includes(status)) {
    throw new AppError(
      'invalid_status',
      `The contract has no ${until.replace('_', ' ')} that matters now: it is in status ${describeStatus(status)}.`,
    );
  }
  return Math.max(0, deadline.getTime() - now.getTime() + 1000);
}

/**
 * The sandbox's test clock for one of the caller's test-mode contracts: its times move into the
 * past as if `hours` had passed (or until a deadline has), then the deadline tasks run, so expiry,
 * a missed re-inspection or the erasure of personal data can be tried in seconds. Live rows are
 * never touched: the scheduler sees only what really is due.
 */
export async function advanceTestClock(deps: TestClockDeps, caller: Caller, request: AdvanceRequest) {
  if (caller.mode !== 'test')
    throw new AppError('test_mode_only', 'The test clock moves test-mode contracts (cpi_test_… keys) only.');
  if (request.hours !== undefined && request.until !== undefined)
    throw invalid('hours', 'Send either hours or until, not both.');
  if (request.hours === undefined && request.until === undefined)
    throw invalid('hours', 'Send hours (how long passes) or until (a deadline of the contract).');
  const now = deps.clock.now();
  const owner = { affiliateId: caller.affiliateId, mode: caller.mode };
  const advancedMs = await deps.db.transaction().execute(async (trx) => {
    const contracts = contractsRepository(trx);
    const contract = await contracts.findById(request.contract_id);
    if (!contract || contract.affiliate_id !== owner.affiliateId || contract.mode !== owner.mode)
      throw notFound('Contract');
    const ms =
      request.hours !== undefined
        ? checkHours(request.hours)
        : untilDeadline(contract, request.until ?? 'payment_deadline', now);
    await contracts.shiftIntoPast(request.contract_id, owner, ms);
    return ms;
  });
  await deps.runDeadlines(request.contract_id);
  const after = await contractsRepository(deps.db).findById(request.contract_id);
  if (!after) throw notFound('Contract');
  return {
    contract_id: request.contract_id,
    advanced_hours: Math.round((advancedMs / HOUR_MS) * 1000) / 1000,
    ...statusFields(after.status),
  };
}
