import { type Insertable, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { queryTemplate } from '../../core/db/query-template.js';
import type { ContractsTable } from '../../core/db/schema.js';

/**
 * The partner API's two hottest statements, the contract's creation and its read, as query
 * templates: built and compiled once, then run with new values (contracts.repository.ts runs them; the architecture test allows SQL only in repositories and these).
 */

/** What the partner view shows and ownership needs, no more: every column is parsed on every read. */
const VIEW_COLUMNS = [
  'id',
  'affiliate_id',
  'mode',
  'affiliate_uid',
  'affiliate_cid',
  'status',
  'customer_name',
  'customer_ssn_encrypted',
  'customer_phone',
  'customer_email',
  'customer_extra',
  'personal_data_erased_at',
  'device_id',
  'device_os',
  'device_reported_name',
  'ocr',
  'checkout_url',
  'payment_due_at',
  'payment_type',
  'payment_amount',
  'paid_at',
  'cancelled_at',
  'inspection_round',
  'reinspection_due_at',
  'reinspection_url',
  'contract_url',
  'insurance_start',
  'insurance_end',
  'created_at',
  'updated_at',
] as const;

/**
 * The contract row and its first timeline row in one statement: atomic without a transaction's
 * extra round trips. It selects nothing when the partner already used the affiliate_cid. A query
 * template: the partner API's hottest write is compiled once.
 */
export const insertStatement = queryTemplate(
  (db, { keyId, ...values }: Insertable<ContractsTable> & { keyId: string }) =>
    db
      .with('created', (cte) =>
        cte
          .insertInto('contracts')
          .values(values)
          .onConflict((conflict) => conflict.columns(['affiliate_id', 'mode', 'affiliate_cid']).doNothing())
          .returning(['id', 'affiliate_uid', 'affiliate_cid', 'status', 'created_at']),
      )
      .with('timeline', (cte) =>
        cte
          .insertInto('contract_events')
          .columns(['contract_id', 'at', 'action', 'actor', 'actor_id', 'from_status', 'to_status'])
          .expression((eb) =>
            eb
              .selectFrom('created')
              .select((select) => [
                'created.id',
                'created.created_at',
                sql.lit('createContract').as('action'),
                sql.lit('partner').as('actor'),
                select.val(keyId).as('actor_id'),
                sql.lit(null).as('from_status'),
                'created.status',
              ]),
          ),
      )
      .selectFrom('created')
      .select(['id', 'affiliate_uid', 'affiliate_cid', 'status']),
);

/** What the partner view and the inspector's dossier both show of each image. */
export const IMAGE_COLUMNS = [
  'contract_images.image_id',
  'contract_images.role',
  'contract_images.round',
  'contract_images.checks',
  'images.storage_key',
] as const;

/** The contract with its images and timeline, in one round trip: the partner's most frequent read. */
export const viewStatement = queryTemplate((db, { contractId }: { contractId: string }) =>
  db
    .selectFrom('contracts')
    .where('contracts.id', '=', contractId)
    .select(VIEW_COLUMNS)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('contract_images')
          .innerJoin('images', 'images.id', 'contract_images.image_id')
          .select(IMAGE_COLUMNS)
          .whereRef('contract_images.contract_id', '=', 'contracts.id')
          .orderBy('contract_images.round')
          .orderBy('contract_images.role')
          .orderBy('contract_images.position'),
      ).as('images'),
      jsonArrayFrom(
        eb
          .selectFrom('contract_events')
          .select(['at', 'action', 'actor', 'from_status', 'to_status', 'note'])
          .whereRef('contract_events.contract_id', '=', 'contracts.id')
          .orderBy('contract_events.id'),
      ).as('timeline'),
    ]),
);

export type ContractView = Awaited<ReturnType<typeof viewStatement.execute>>[number];
