import type { Transaction } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { isContractStatus } from './contract-status.js';
import { type ContractPatch, contractsRepository, type Owner } from './contracts.repository.js';
import { type ContractAction, describeStatusMismatch, transitionFor } from './transitions.js';

export interface TransitionRequest {
  contractId: string;
  action: ContractAction;
  at: Date;
  actorId?: string | null;
  /** Other columns written in the same UPDATE as the status (SQL expressions allowed). */
  patch?: ContractPatch;
  note?: string | null;
  /** The sandbox stands in for an inspector: the timeline says `sandbox`, the table's rules stay the inspector's. */
  recordAs?: 'sandbox';
  /** Only this affiliate's contract in this mode (partner calls); absent for inspectors and the scheduler. */
  owner?: Owner;
}

/**
 * The only way a contract's status changes, in the caller's transaction: the row is locked, the
 * status checked against the table, then updated together with its timeline row. Of two concurrent
 * calls the second waits for the lock and then sees the new status, so exactly one passes. A
 * contract in a status the table does not allow gets 409 `invalid_status` and nothing changes.
 */
export async function applyTransition(trx: Transaction<DB>, request: TransitionRequest) {
  const transition = transitionFor(request.action);
  const contracts = contractsRepository(trx);
  const current = await contracts.lockForTransition(request.contractId, request.owner);
  if (!current || !isContractStatus(current.status)) throw notFound('Contract');
  if (!(transition.from as readonly number[]).includes(current.status)) {
    throw new AppError('invalid_status', describeStatusMismatch(request.action, current.status));
  }
  const patch: ContractPatch = {
    ...request.patch,
    ...(transition.to === null ? {} : { status: transition.to }),
    updated_at: request.at,
  };
  return contracts.writeTransition(request.contractId, patch, {
    at: request.at,
    action: request.action,
    actor: request.recordAs && transition.actor === 'inspector' ? request.recordAs : transition.actor,
    actor_id: request.actorId ?? null,
    from_status: current.status,
    note: request.note ?? null,
  });
}
