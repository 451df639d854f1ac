import type { Db } from '../../core/db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { isUuid } from '../../core/ids.js';
import type { ContractStatus } from './contract-status.js';
import { type ContractAction, canApply, describeStatusMismatch } from './transitions.js';

/**
 * The query for a contract by id, or null when the id is malformed. It filters on the primary key
 * alone: with ownership in the WHERE clause too, a planner without fresh statistics picks the
 * partner's listing index and scans all of the partner's contracts. `ownedBy` checks ownership.
 */
export function selectContractById(db: Db, contractId: string) {
  return isUuid(contractId) ? db.selectFrom('contracts').where('contracts.id', '=', contractId) : null;
}

/** The contract when it is the caller's, in the caller's mode; anything else does not exist (404). */
export function ownedBy<T extends { affiliate_id: string; mode: string }>(
  contract: T | undefined,
  owner: Caller,
): T {
  if (!contract || contract.affiliate_id !== owner.affiliateId || contract.mode !== owner.mode) {
    throw notFound('Contract');
  }
  return contract;
}

/** The caller's contract in the caller's mode; anything else, malformed ids included, does not exist (404). */
export async function findOwnedContract(db: Db, owner: Caller, contractId: string) {
  return ownedBy(await selectContractById(db, contractId)?.selectAll().executeTakeFirst(), owner);
}

/**
 * The caller's contract, refused early (409) when the table does not allow `action` in its status:
 * before any slow work (OCR, photo checks). The status is checked again, under lock, when it changes.
 */
export async function ownedContractFor(db: Db, owner: Caller, contractId: string, action: ContractAction) {
  const contract = await findOwnedContract(db, owner, contractId);
  if (!canApply(action, contract.status as ContractStatus)) {
    throw new AppError('invalid_status', describeStatusMismatch(action, contract.status as ContractStatus));
  }
  return contract;
}
