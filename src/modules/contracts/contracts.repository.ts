import { type Insertable, type Selectable, sql, type UpdateObject } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { ContractEventsTable, ContractsTable, DB, Mode } from '../../core/db/schema.js';
import { isUuid } from '../../core/ids.js';
import type { ContractStatus } from './contract-status.js';
import { type ContractView, IMAGE_COLUMNS, insertStatement, viewStatement } from './contracts.statements.js';
import type { SandboxOutcome } from './sandbox-outcome.js';

/**
 * Every read and write of the contracts tables: `contracts`, `contract_events` (the timeline),
 * `contract_images` and `inspection_decisions`. Built over a Kysely or a transaction of one, so a
 * use case runs several of these in one transaction (`contractsRepository(trx)`).
 *
 * Look-ups by id filter on the primary key alone, and callers check ownership on the row: with the
 * owner in the WHERE clause too, a planner without fresh statistics picks the partner's listing
 * index and scans all of the partner's contracts.
 */
export interface Owner {
  affiliateId: string;
  mode: Mode;
}

export type ContractRow = Selectable<ContractsTable>;
export type ContractPatch = UpdateObject<DB, 'contracts'>;
export type TimelineEvent = Omit<Insertable<ContractEventsTable>, 'contract_id' | 'id'>;
export type ImageRole = 'device_info' | 'front' | 'rear';

/** Bits in which two 64-bit perceptual hashes (hex) differ, computed in SQL alike on PGlite and PostgreSQL. */
const hashDistance = (hash: string) =>
  sql<number>`bit_count(('x' || images.perceptual_hash)::bit(64) # ('x' || ${hash})::bit(64))`;

/** The step-1 failure counter raised in the UPDATE itself, so that concurrent failures all count. */
export const ONE_MORE_DEVICE_CHECK_FAILURE: ContractPatch = {
  device_check_failures: sql`device_check_failures + 1`,
};

type DueColumn = 'payment_due_at' | 'created_at' | 'reinspection_due_at';

/** Contracts in `statuses` whose `column` is before `before`, oldest first; `only` narrows to one (the test clock). */
export interface DueQuery {
  statuses: readonly ContractStatus[];
  column: DueColumn;
  before: Date;
  limit: number;
  only?: string;
}

/** Every point in time a contract row records: what the test clock moves. */
const TIME_COLUMNS = [
  'created_at',
  'updated_at',
  'photos_submitted_at',
  'payment_due_at',
  'paid_at',
  'inspection_requested_at',
  'cancelled_at',
  'reinspection_due_at',
  'personal_data_erased_at',
] as const;
type TimeColumn = (typeof TIME_COLUMNS)[number];

export function contractsRepository(db: Db) {
  const dueQuery = (due: DueQuery) =>
    db
      .selectFrom('contracts')
      .select('id')
      .where('status', 'in', due.statuses)
      .where(due.column, '<', due.before)
      .$if(due.only !== undefined, (query) => query.where('id', '=', due.only as string))
      .orderBy(due.column)
      .limit(due.limit);

  return {
    /** A new contract in its first status with its `createContract` timeline row; undefined for a used affiliate_cid. */
    async insert(values: Insertable<ContractsTable>, keyId: string) {
      const [created] = await insertStatement.execute(db, { ...values, keyId });
      return created;
    },

    /** The partner view's row with images and timeline; undefined for an unknown or malformed id. */
    async findView(contractId: string): Promise<ContractView | undefined> {
      return isUuid(contractId) ? (await viewStatement.execute(db, { contractId }))[0] : undefined;
    },

    async findById(contractId: string): Promise<ContractRow | undefined> {
      if (!isUuid(contractId)) return undefined;
      return db.selectFrom('contracts').selectAll().where('id', '=', contractId).executeTakeFirst();
    },

    /** The row's status, locked until the transaction ends; only the owner's when `owner` is given. */
    async lockForTransition(contractId: string, owner?: Owner) {
      if (!isUuid(contractId)) return undefined;
      let query = db.selectFrom('contracts').select('status').where('id', '=', contractId);
      if (owner) query = query.where('affiliate_id', '=', owner.affiliateId).where('mode', '=', owner.mode);
      return query.forUpdate().executeTakeFirst();
    },

    /**
     * The sandbox's test clock: every time of one of the owner's test-mode contracts, and of its
     * timeline, moved `ms` into the past, as if that long had passed for it alone. Answers the
     * deadlines as they now stand, or undefined when no such contract is the owner's.
     */
    async shiftIntoPast(contractId: string, owner: Owner, ms: number) {
      if (!isUuid(contractId) || owner.mode !== 'test') return undefined;
      const by = sql`make_interval(secs => ${ms / 1000})`;
      const earlier = (column: TimeColumn) => sql<Date>`${sql.ref(column)} - ${by}`;
      const shifted = await db
        .updateTable('contracts')
        .set(Object.fromEntries(TIME_COLUMNS.map((column) => [column, earlier(column)])))
        .where('id', '=', contractId)
        .where('affiliate_id', '=', owner.affiliateId)
        .where('mode', '=', 'test')
        .returning(['status', 'payment_due_at', 'reinspection_due_at'])
        .executeTakeFirst();
      if (shifted) {
        await db
          .updateTable('contract_events')
          .set({ at: sql<Date>`at - ${by}` })
          .where('contract_id', '=', contractId)
          .execute();
      }
      return shifted;
    },

    /** The UPDATE of a transition and its timeline row (the caller holds the row's lock). */
    async writeTransition(contractId: string, patch: ContractPatch, event: TimelineEvent) {
      const updated = await db
        .updateTable('contracts')
        .set(patch)
        .where('id', '=', contractId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await db
        .insertInto('contract_events')
        .values({ ...event, contract_id: contractId, to_status: updated.status })
        .execute();
      return updated;
    },

    /** Whether one of `imeis` is insured in another active contract of this mode (any affiliate). */
    async imeiInUse(mode: Mode, imeis: string[], active: readonly ContractStatus[], exceptId: string) {
      if (imeis.length === 0) return false;
      const row = await db
        .selectFrom('contracts')
        .select('id')
        .where('mode', '=', mode)
        .where('imei', 'in', imeis)
        .where('status', 'in', active)
        .where('id', '!=', exceptId)
        .executeTakeFirst();
      return Boolean(row);
    },

    /** The owner's contracts, newest first, from after `cursor` (keyset pagination); one more than `limit`. */
    listOwned(
      owner: Owner,
      filter: { affiliateUid?: string; status?: number; from: Date | null; to: Date | null; limit: number },
      cursor: { created_at: Date; id: string } | null,
    ) {
      let select = db
        .selectFrom('contracts')
        .select(['id', 'affiliate_uid', 'affiliate_cid', 'status', 'created_at', 'updated_at'])
        .where('affiliate_id', '=', owner.affiliateId)
        .where('mode', '=', owner.mode);
      if (filter.affiliateUid !== undefined) select = select.where('affiliate_uid', '=', filter.affiliateUid);
      if (filter.status !== undefined) select = select.where('status', '=', filter.status);
      if (filter.from) select = select.where('created_at', '>=', filter.from);
      if (filter.to) select = select.where('created_at', '<', filter.to);
      if (cursor)
        select = select.where((eb) =>
          eb.or([
            eb('created_at', '<', cursor.created_at),
            eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
          ]),
        );
      return select
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit + 1)
        .execute();
    },

    /** Where a page of the owner's listing starts: their contract `id`, or undefined. */
    listingCursor(owner: Owner, id: string) {
      if (!isUuid(id)) return Promise.resolve(undefined);
      return db
        .selectFrom('contracts')
        .select(['created_at', 'id'])
        .where('id', '=', id)
        .where('affiliate_id', '=', owner.affiliateId)
        .where('mode', '=', owner.mode)
        .executeTakeFirst();
    },

    /** The contract each of these images is attached to, if any. */
    async attachments(imageIds: string[]): Promise<Map<string, string>> {
      if (imageIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('contract_images')
        .select(['image_id', 'contract_id'])
        .where('image_id', 'in', imageIds)
        .execute();
      return new Map(rows.map((row) => [row.image_id, row.contract_id]));
    },

    async attachImages(
      contractId: string,
      round: number,
      images: Array<{ imageId: string; role: ImageRole; position: number; checks: unknown }>,
    ): Promise<void> {
      if (images.length === 0) return;
      await db
        .insertInto('contract_images')
        .values(
          images.map((image) => ({
            contract_id: contractId,
            image_id: image.imageId,
            role: image.role,
            round,
            position: image.position,
            checks: image.checks === null ? null : JSON.stringify(image.checks),
          })),
        )
        .onConflict((conflict) =>
          conflict
            .columns(['contract_id', 'image_id'])
            .doUpdateSet((eb) => ({ checks: eb.ref('excluded.checks') })),
        )
        .execute();
    },

    /** Photos of other contracts of this mode whose perceptual hash is within `maxDistance` of `hash`. */
    similarPhotos(hash: string, exceptContractId: string, mode: Mode, maxDistance: number) {
      return db
        .selectFrom('images')
        .innerJoin('contract_images', 'contract_images.image_id', 'images.id')
        .innerJoin('contracts', 'contracts.id', 'contract_images.contract_id')
        .select([
          'images.id as imageId',
          'contract_images.contract_id as contractId',
          'images.perceptual_hash as hash',
        ])
        .where('contract_images.contract_id', '!=', exceptContractId)
        .where('contracts.mode', '=', mode)
        .where(hashDistance(hash), '<=', maxDistance)
        .limit(5)
        .execute();
    },

    /** What a decision needs of the contract: its partner, round, payment type and monthly premium. */
    decisionContext(contractId: string) {
      if (!isUuid(contractId)) return Promise.resolve(undefined);
      return db
        .selectFrom('contracts')
        .innerJoin('devices', 'devices.id', 'contracts.device_id')
        .select([
          'contracts.id',
          'contracts.affiliate_id',
          'contracts.mode',
          'contracts.affiliate_uid',
          'contracts.affiliate_cid',
          'contracts.inspection_round',
          'contracts.payment_type',
          'devices.premium_monthly',
        ])
        .where('contracts.id', '=', contractId)
        .executeTakeFirst();
    },

    /** The round's decision; undefined when the round was decided already (one decision per round). */
    insertDecision(decision: {
      contractId: string;
      round: number;
      result: number;
      body: unknown;
      inspectorId: string | null;
      at: Date;
    }) {
      return db
        .insertInto('inspection_decisions')
        .values({
          contract_id: decision.contractId,
          round: decision.round,
          result: decision.result,
          body: JSON.stringify(decision.body),
          inspector_id: decision.inspectorId,
          decided_at: decision.at,
        })
        .onConflict((conflict) => conflict.columns(['contract_id', 'round']).doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    /** The inspector's dossier: the contract with its device and partner, every image, event and decision. */
    async dossier(contractId: string) {
      if (!isUuid(contractId)) return undefined;
      const contract = await db
        .selectFrom('contracts')
        .innerJoin('devices', 'devices.id', 'contracts.device_id')
        .innerJoin('affiliates', 'affiliates.id', 'contracts.affiliate_id')
        .selectAll('contracts')
        .select([
          'devices.name as device_name',
          'devices.model_name',
          'devices.premium_lump_sum',
          'devices.premium_monthly',
          'affiliates.name as affiliate_name',
        ])
        .where('contracts.id', '=', contractId)
        .executeTakeFirst();
      if (!contract) return undefined;
      const [images, timeline, decisions] = await Promise.all([
        db
          .selectFrom('contract_images')
          .innerJoin('images', 'images.id', 'contract_images.image_id')
          .select([
            ...IMAGE_COLUMNS,
            'contract_images.position',
            'images.width',
            'images.height',
            'images.taken_at',
          ])
          .where('contract_id', '=', contractId)
          .orderBy('round')
          .orderBy('role')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('contract_events')
          .selectAll()
          .where('contract_id', '=', contractId)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('inspection_decisions')
          .selectAll()
          .where('contract_id', '=', contractId)
          .orderBy('decided_at')
          .execute(),
      ]);
      return { contract, images, timeline, decisions };
    },

    /** A page of contracts in `status`, oldest request first, with the total and the current round's checks. */
    async inspectionQueue(query: {
      status: ContractStatus;
      affiliateId?: string;
      device?: string;
      limit: number;
      offset: number;
    }) {
      let select = db
        .selectFrom('contracts')
        .innerJoin('devices', 'devices.id', 'contracts.device_id')
        .innerJoin('affiliates', 'affiliates.id', 'contracts.affiliate_id')
        .where('contracts.status', '=', query.status);
      if (query.affiliateId) select = select.where('contracts.affiliate_id', '=', query.affiliateId);
      if (query.device) {
        const pattern = `%${query.device}%`;
        select = select.where((eb) =>
          eb.or([eb('devices.name', 'ilike', pattern), eb('devices.model_name', 'ilike', pattern)]),
        );
      }
      const [rows, total] = await Promise.all([
        select
          .select([
            'contracts.id',
            'contracts.status',
            'contracts.mode',
            'contracts.inspection_round',
            'contracts.inspection_requested_at',
            'contracts.created_at',
            'devices.name as device_name',
            'devices.model_name',
            'affiliates.id as affiliate_id',
            'affiliates.name as affiliate_name',
          ])
          .orderBy('contracts.inspection_requested_at')
          .orderBy('contracts.id')
          .limit(query.limit)
          .offset(query.offset)
          .execute(),
        select.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const checks = rows.length
        ? await db
            .selectFrom('contract_images')
            .innerJoin('contracts', 'contracts.id', 'contract_images.contract_id')
            .select(['contract_images.contract_id', 'contract_images.checks'])
            .where(
              'contract_images.contract_id',
              'in',
              rows.map((row) => row.id),
            )
            .whereRef('contract_images.round', '=', 'contracts.inspection_round')
            .where('contract_images.role', '!=', 'device_info')
            .execute()
        : [];
      return { rows, total: Number(total.n), checks };
    },

    /** Up to `limit` ids in `statuses` whose `column` is before `before`, oldest first. */
    findDue: (due: DueQuery) => dueQuery(due).execute(),

    /** Test-mode contracts with an automatic outcome, waiting in `statuses` since before `before`, undecided this round. */
    findSandboxDue: (statuses: readonly ContractStatus[], before: Date, limit: number) =>
      db
        .selectFrom('contracts')
        .select(['id', 'sandbox_outcome', 'inspection_round'])
        .where('mode', '=', 'test')
        .where('sandbox_outcome', 'is not', null)
        .where('sandbox_outcome', '!=', 'manual')
        .where('status', 'in', statuses)
        .where('inspection_requested_at', '<', before)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('inspection_decisions')
                .select('id')
                .whereRef('inspection_decisions.contract_id', '=', 'contracts.id')
                .whereRef('inspection_decisions.round', '=', 'contracts.inspection_round'),
            ),
          ),
        )
        .orderBy('inspection_requested_at')
        .limit(limit)
        .$narrowType<{ sandbox_outcome: SandboxOutcome }>()
        .execute(),

    /** As `findDue`, each row locked for this transaction alone: other workers skip it. */
    claimDue: (due: DueQuery) => dueQuery(due).forUpdate().skipLocked().execute(),

    /**
     * Nulls the personal fields of contracts in `statuses` last changed before `before`, recording it
     * on each timeline. One UPDATE, so several workers may run it at once. Answers how many.
     */
    async erasePersonalData(
      statuses: readonly ContractStatus[],
      before: Date,
      at: Date,
      note: string,
      only?: string,
    ) {
      const erased = await db
        .updateTable('contracts')
        .set({
          customer_name: null,
          customer_ssn_encrypted: null,
          customer_ssn_index: null,
          customer_phone: null,
          customer_email: null,
          customer_extra: null,
          device_info: null,
          location: null,
          personal_data_erased_at: at,
        })
        .where('status', 'in', statuses)
        .where('updated_at', '<', before)
        .where('personal_data_erased_at', 'is', null)
        .$if(only !== undefined, (query) => query.where('id', '=', only as string))
        .returning(['id', 'status'])
        .execute();
      if (erased.length > 0) {
        await db
          .insertInto('contract_events')
          .values(
            erased.map((row) => ({
              contract_id: row.id,
              at,
              action: 'erasePersonalData',
              actor: 'scheduler',
              from_status: row.status,
              to_status: row.status,
              note,
            })),
          )
          .execute();
      }
      return erased.length;
    },
  };
}

export type ContractsRepository = ReturnType<typeof contractsRepository>;
