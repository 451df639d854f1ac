import type { PiiCipher } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import { notFound } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { formatKstOrNull } from '../../core/time.js';
import { statusName } from '../contracts/contract-status.js';
import { maskedResidentNumber } from '../contracts/contract-view.js';

export interface DossierDeps {
  db: Db;
  cipher: PiiCipher;
  imageUrl: (storageKey: string) => Promise<string>;
}

async function deliveries(db: Db, contractId: string) {
  const events = await db
    .selectFrom('webhook_events')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('created_at')
    .execute();
  const attempts = events.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'event_id',
          'in',
          events.map((event) => event.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return events.map((event) => ({
    id: event.id,
    type: event.type,
    status: event.status,
    attempts: attempts
      .filter((attempt) => attempt.event_id === event.id)
      .map((attempt) => ({
        attempt: attempt.attempt,
        at: formatKstOrNull(attempt.at),
        http_status: attempt.http_status,
        latency_ms: attempt.latency_ms,
        error: attempt.error,
        response_excerpt: attempt.response_excerpt,
      })),
    next_attempt_at: formatKstOrNull(event.next_attempt_at),
    last_error: event.last_error,
    outcome: event.outcome,
    body: JSON.parse(event.body),
    created_at: formatKstOrNull(event.created_at),
  }));
}

/** Everything an inspector needs to decide: the name in full, the resident number masked, every image and check. */
export async function contractDossier(deps: DossierDeps, contractId: string) {
  const contract = isUuid(contractId)
    ? await deps.db
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
        .executeTakeFirst()
    : undefined;
  if (!contract) throw notFound('Contract');
  const [images, events, decisions, notifications, hooks] = await Promise.all([
    deps.db
      .selectFrom('contract_images')
      .innerJoin('images', 'images.id', 'contract_images.image_id')
      .select([
        'contract_images.image_id',
        'contract_images.role',
        'contract_images.round',
        'contract_images.position',
        'contract_images.checks',
        'images.storage_key',
        'images.width',
        'images.height',
        'images.taken_at',
      ])
      .where('contract_id', '=', contractId)
      .orderBy('round')
      .orderBy('role')
      .orderBy('position')
      .execute(),
    deps.db
      .selectFrom('contract_events')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('id')
      .execute(),
    deps.db
      .selectFrom('inspection_decisions')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('decided_at')
      .execute(),
    deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('created_at')
      .execute(),
    deliveries(deps.db, contractId),
  ]);
  return {
    contract_id: contract.id,
    status: contract.status,
    status_name: statusName(contract.status as 3),
    mode: contract.mode,
    affiliate: {
      id: contract.affiliate_id,
      name: contract.affiliate_name,
      uid: contract.affiliate_uid,
      cid: contract.affiliate_cid,
    },
    customer: contract.personal_data_erased_at
      ? null
      : {
          name: contract.customer_name,
          ssn: maskedResidentNumber(contract.customer_ssn_encrypted, deps.cipher),
          cellphone: contract.customer_phone,
          email: contract.customer_email,
        },
    device: {
      name: contract.device_name,
      model_name: contract.model_name,
      os: contract.device_os,
      reported: contract.device_reported_name,
      premium_lump_sum: contract.premium_lump_sum,
      premium_monthly: contract.premium_monthly,
    },
    ocr: contract.ocr,
    device_info: contract.device_info,
    payment: {
      type: contract.payment_type,
      amount: contract.payment_amount,
      paid_at: formatKstOrNull(contract.paid_at),
      due: formatKstOrNull(contract.payment_due_at),
    },
    round: contract.inspection_round,
    queued_at: formatKstOrNull(contract.inspection_requested_at),
    reinspection_due: formatKstOrNull(contract.reinspection_due_at),
    insurance: contract.insurance_start
      ? { insurance_start: contract.insurance_start, insurance_end: contract.insurance_end }
      : null,
    links: {
      checkout_url: contract.checkout_url,
      contract_url: contract.contract_url,
      reinspection_url: contract.reinspection_url,
    },
    images: await Promise.all(
      images.map(async (image) => ({
        id: image.image_id,
        role: image.role,
        round: image.round,
        position: image.position,
        width: image.width,
        height: image.height,
        taken_at: formatKstOrNull(image.taken_at),
        checks: image.checks,
        url: await deps.imageUrl(image.storage_key),
      })),
    ),
    decisions: decisions.map((decision) => ({
      id: decision.id,
      round: decision.round,
      result: decision.result,
      body: decision.body,
      inspector_id: decision.inspector_id,
      decided_at: formatKstOrNull(decision.decided_at),
    })),
    timeline: events.map((event) => ({
      at: formatKstOrNull(event.at),
      action: event.action,
      actor: event.actor,
      actor_id: event.actor_id,
      from_status: event.from_status,
      to_status: event.to_status,
      note: event.note,
    })),
    deliveries: hooks,
    notifications: notifications.map((message) => ({
      id: message.id,
      kind: message.kind,
      status: message.status,
      attempts: message.attempts,
      rendered: message.rendered,
      last_error: message.last_error,
      created_at: formatKstOrNull(message.created_at),
      sent_at: formatKstOrNull(message.sent_at),
    })),
    updated_at: formatKstOrNull(contract.updated_at),
  };
}
