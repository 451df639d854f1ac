import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { formatKstOrNull } from '../../core/time.js';
import { statusName } from '../contracts/contract-status.js';
import type { QueueQuery } from './inspection.schemas.js';

interface StoredChecks {
  role: string;
  qr: { matched: boolean } | null;
  duplicate: { result: boolean };
  capture_time: { result: boolean };
  not_screenshot: { result: boolean };
  exposure: { result: boolean };
  sharpness: { result: boolean };
}

/** The current round's automated checks at a glance, as the queue shows them. */
function summarise(checks: StoredChecks[]) {
  const front = checks.filter((check) => check.role === 'front');
  return {
    qr_matched: front.filter((check) => check.qr?.matched).length,
    qr_expected: front.length,
    duplicate: checks.some((check) => !check.duplicate.result),
    capture_time: checks.some((check) => !check.capture_time.result),
    screenshot: checks.some((check) => !check.not_screenshot.result),
    blur_or_dark: checks.some((check) => !check.sharpness.result || !check.exposure.result),
  };
}

/** Contracts waiting for an inspector (status 3 by default), oldest request first, with their SLA age. */
export async function inspectionQueue(db: Db, clock: Clock, query: Static<typeof QueueQuery>) {
  const status = query.status ?? 3;
  let select = db
    .selectFrom('contracts')
    .innerJoin('devices', 'devices.id', 'contracts.device_id')
    .innerJoin('affiliates', 'affiliates.id', 'contracts.affiliate_id')
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
    .where('contracts.status', '=', status);
  if (query.affiliate_id) select = select.where('contracts.affiliate_id', '=', query.affiliate_id);
  if (query.device)
    select = select.where((eb) =>
      eb.or([
        eb('devices.name', 'ilike', `%${query.device}%`),
        eb('devices.model_name', 'ilike', `%${query.device}%`),
      ]),
    );
  const countQuery = select.clearSelect().select((eb) => eb.fn.countAll<number>().as('n'));
  const [rows, total] = await Promise.all([
    select
      .orderBy('contracts.inspection_requested_at')
      .orderBy('contracts.id')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute(),
    countQuery.executeTakeFirstOrThrow(),
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
  const now = clock.now().getTime();
  return {
    total: Number(total.n),
    items: rows.map((row) => ({
      contract_id: row.id,
      status: row.status,
      status_name: statusName(row.status as 3),
      mode: row.mode,
      affiliate: { id: row.affiliate_id, name: row.affiliate_name },
      device: { name: row.device_name, model_name: row.model_name },
      round: row.inspection_round,
      reinspection: row.inspection_round > 1,
      queued_at: formatKstOrNull(row.inspection_requested_at ?? row.created_at),
      age_seconds: Math.max(
        0,
        Math.round((now - new Date(row.inspection_requested_at ?? row.created_at).getTime()) / 1000),
      ),
      checks: summarise(
        checks.filter((check) => check.contract_id === row.id).map((check) => check.checks as StoredChecks),
      ),
    })),
  };
}
