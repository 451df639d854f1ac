import type { Transaction, Updateable } from 'kysely';
import type { ContractsTable, DB, Mode } from '../../core/db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { isContractStatus } from './contract-status.js';
import { type ContractAction, describeStatusMismatch, transitionFor } from './transitions.js';

export interface TransitionRequest {
  contractId: string;
  action: ContractAction;
  at: Date;
  actorId?: string | null;
  /** Other columns written in the same UPDATE as the status. */
  patch?: Updateable<ContractsTable>;
  note?: string | null;
  /** Only this affiliate's contract in this mode (partner calls); absent for inspectors and the scheduler. */
  owner?: { affiliateId: string; mode: Mode };
}

/**
 * The only way a contract's status changes, in the caller's transaction: the row is locked, the
 * status checked against the table, then updated together with its timeline row. Of two concurrent
 * calls the second waits for the lock and then sees the new status, so exactly one passes. A
 * contract in a status the table does not allow gets 409 `invalid_status` and nothing changes.
 */
export async function applyTransition(trx: Transaction<DB>, request: TransitionRequest) {
  const transition = transitionFor(request.action);
  if (!isUuid(request.contractId)) throw notFound('Contract');
  let query = trx.selectFrom('contracts').select('status').where('id', '=', request.contractId);
  if (request.owner) {
    query = query
      .where('affiliate_id', '=', request.owner.affiliateId)
      .where('mode', '=', request.owner.mode);
  }
  const current = await query.forUpdate().executeTakeFirst();
  if (!current || !isContractStatus(current.status)) throw notFound('Contract');
  if (!(transition.from as readonly number[]).includes(current.status)) {
    throw new AppError('invalid_status', describeStatusMismatch(request.action, current.status));
  }
  const updated = await trx
    .updateTable('contracts')
    .set({
      ...request.patch,
      ...(transition.to === null ? {} : { status: transition.to }),
      updated_at: request.at,
    })
    .where('id', '=', request.contractId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('contract_events')
    .values({
      contract_id: request.contractId,
      at: request.at,
      action: request.action,
      actor: transition.actor,
      actor_id: request.actorId ?? null,
      from_status: current.status,
      to_status: updated.status,
      note: request.note ?? null,
    })
    .execute();
  return updated;
}

export type ContractRow = Awaited<ReturnType<typeof applyTransition>>;
