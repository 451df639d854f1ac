import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import type { ContractStatus } from './contract-status.js';
import type { ContractsRepository } from './contracts.repository.js';
import { type ContractAction, canApply, describeStatusMismatch } from './transitions.js';

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
export async function findOwnedContract(contracts: ContractsRepository, owner: Caller, contractId: string) {
  return ownedBy(await contracts.findById(contractId), owner);
}

/**
 * The caller's contract, refused early (409) when the table does not allow `action` in its status:
 * before any slow work (OCR, photo checks). The status is checked again, under lock, when it changes.
 */
export async function ownedContractFor(
  contracts: ContractsRepository,
  owner: Caller,
  contractId: string,
  action: ContractAction,
) {
  const contract = await findOwnedContract(contracts, owner, contractId);
  const status = contract.status as ContractStatus;
  if (!canApply(action, status)) throw new AppError('invalid_status', describeStatusMismatch(action, status));
  return contract;
}
