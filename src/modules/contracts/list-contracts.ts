import type { Static } from 'typebox';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { formatKstDateTime, parseWireDateTime } from '../../core/time.js';
import { statusFields } from './contract-mapping.js';
import type { ContractsRepository } from './contracts.repository.js';
import type { ContractListQuery } from './contracts.schemas.js';

function dateFilter(value: string | undefined, field: string): Date | null {
  if (value === undefined) return null;
  const parsed = parseWireDateTime(value.length === 10 ? `${value} 00:00:00` : value);
  if (!parsed) throw new AppError('validation_failed', `${field} must be a date or date-time.`, field);
  return parsed;
}

async function cursorOf(contracts: ContractsRepository, owner: Caller, startingAfter: string | undefined) {
  if (startingAfter === undefined) return null;
  const cursor = await contracts.listingCursor(owner, startingAfter);
  if (!cursor)
    throw new AppError('validation_failed', 'starting_after is not one of your contracts.', 'starting_after');
  return cursor;
}

/** The partner's contracts, newest first, with keyset pagination (`starting_after` = the last id seen). */
export async function listContracts(
  contracts: ContractsRepository,
  owner: Caller,
  query: Static<typeof ContractListQuery>,
) {
  const limit = query.limit ?? 20;
  const filter = {
    ...(query.affiliate_uid !== undefined ? { affiliateUid: query.affiliate_uid } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    from: dateFilter(query.created_from, 'created_from'),
    to: dateFilter(query.created_to, 'created_to'),
    limit,
  };
  const rows = await contracts.listOwned(
    owner,
    filter,
    await cursorOf(contracts, owner, query.starting_after),
  );
  return {
    contracts: rows.slice(0, limit).map((row) => ({
      contract_id: row.id,
      affiliate_uid: row.affiliate_uid,
      affiliate_cid: row.affiliate_cid,
      ...statusFields(row.status),
      created_at: formatKstDateTime(row.created_at),
      updated_at: formatKstDateTime(row.updated_at),
    })),
    has_more: rows.length > limit,
  };
}
