import type { Static } from 'typebox';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { formatKstDateTime, parseWireDateTime } from '../../core/time.js';
import { statusFields } from './contract-view.js';
import type { ContractListQuery } from './contracts.schemas.js';

function dateFilter(value: string | undefined, field: string): Date | null {
  if (value === undefined) return null;
  const parsed = parseWireDateTime(value.length === 10 ? `${value} 00:00:00` : value);
  if (!parsed) throw new AppError('validation_failed', `${field} must be a date or date-time.`, field);
  return parsed;
}

/** The partner's contracts, newest first, with keyset pagination (`starting_after` = the last id seen). */
export async function listContracts(db: Db, owner: Caller, query: Static<typeof ContractListQuery>) {
  const limit = query.limit ?? 20;
  let select = db
    .selectFrom('contracts')
    .select(['id', 'affiliate_uid', 'affiliate_cid', 'status', 'created_at', 'updated_at'])
    .where('affiliate_id', '=', owner.affiliateId)
    .where('mode', '=', owner.mode);
  if (query.affiliate_uid !== undefined) select = select.where('affiliate_uid', '=', query.affiliate_uid);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  const from = dateFilter(query.created_from, 'created_from');
  const to = dateFilter(query.created_to, 'created_to');
  if (from) select = select.where('created_at', '>=', from);
  if (to) select = select.where('created_at', '<', to);
  if (query.starting_after !== undefined) {
    const cursor = await db
      .selectFrom('contracts')
      .select(['created_at', 'id'])
      .where('id', '=', query.starting_after)
      .where('affiliate_id', '=', owner.affiliateId)
      .where('mode', '=', owner.mode)
      .executeTakeFirst();
    if (!cursor)
      throw new AppError(
        'validation_failed',
        'starting_after is not one of your contracts.',
        'starting_after',
      );
    select = select.where((eb) =>
      eb.or([
        eb('created_at', '<', cursor.created_at),
        eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
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
