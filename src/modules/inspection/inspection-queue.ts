import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { formatKstOrNull } from '../../core/time.js';
import { statusFields } from '../contracts/contract-mapping.js';
import { type ContractStatus, STATUS } from '../contracts/contract-status.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
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
  const { rows, total, checks } = await contractsRepository(db).inspectionQueue({
    status: (query.status ?? STATUS.inspectionRequested) as ContractStatus,
    ...(query.affiliate_id ? { affiliateId: query.affiliate_id } : {}),
    ...(query.device ? { device: query.device } : {}),
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
  const now = clock.now().getTime();
  return {
    total,
    items: rows.map((row) => {
      const queuedAt = row.inspection_requested_at ?? row.created_at;
      return {
        contract_id: row.id,
        ...statusFields(row.status),
        mode: row.mode,
        affiliate: { id: row.affiliate_id, name: row.affiliate_name },
        device: { name: row.device_name, model_name: row.model_name },
        round: row.inspection_round,
        reinspection: row.inspection_round > 1,
        queued_at: formatKstOrNull(queuedAt),
        age_seconds: Math.max(0, Math.round((now - new Date(queuedAt).getTime()) / 1000)),
        checks: summarise(
          checks.filter((check) => check.contract_id === row.id).map((check) => check.checks as StoredChecks),
        ),
      };
    }),
  };
}
