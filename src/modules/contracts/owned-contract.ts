import type { Db } from '../../core/db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { isUuid } from '../../core/ids.js';
import type { ContractStatus } from './contract-status.js';
import { type ContractAction, canApply, describeStatusMismatch } from './transitions.js';

/** The caller's contract in the caller's mode; anything else, malformed ids included, does not exist (404). */
export async function findOwnedContract(db: Db, owner: Caller, contractId: string) {
  const contract = isUuid(contractId)
    ? await db
        .selectFrom('contracts')
        .selectAll()
        .where('id', '=', contractId)
        .where('affiliate_id', '=', owner.affiliateId)
        .where('mode', '=', owner.mode)
        .executeTakeFirst()
    : undefined;
  if (!contract) throw notFound('Contract');
  return contract;
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
