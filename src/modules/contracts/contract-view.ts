import type { PiiCipher } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import { formatKstOrNull } from '../../core/time.js';
import { type ContractStatus, statusName } from './contract-status.js';
import type { ContractRow } from './contract-transition.js';
import { maskEmail, maskName, maskPhone, maskRrn } from './customer-rules.js';

export function statusFields(status: number) {
  return { status, status_name: statusName(status as ContractStatus) };
}

/** What partners see of the customer: masked, and nothing once the personal data has been erased. */
export function maskedCustomer(contract: ContractRow, cipher: PiiCipher) {
  if (contract.personal_data_erased_at) return null;
  const extra = (contract.customer_extra ?? {}) as Record<string, string | null>;
  return {
    name: contract.customer_name ? maskName(contract.customer_name) : null,
    ssn: contract.customer_ssn_encrypted ? maskRrn(cipher.decrypt(contract.customer_ssn_encrypted)) : null,
    cellphone: contract.customer_phone ? maskPhone(contract.customer_phone) : null,
    email: contract.customer_email ? maskEmail(contract.customer_email) : null,
    extra_1: extra.extra_1 ?? null,
    extra_2: extra.extra_2 ?? null,
    extra_3: extra.extra_3 ?? null,
  };
}

export interface ContractViewDeps {
  db: Db;
  cipher: PiiCipher;
  imageUrl: (storageKey: string) => Promise<string>;
}

async function imagesOf(deps: ContractViewDeps, contractId: string) {
  const rows = await deps.db
    .selectFrom('contract_images')
    .innerJoin('images', 'images.id', 'contract_images.image_id')
    .select([
      'contract_images.image_id',
      'contract_images.role',
      'contract_images.round',
      'contract_images.checks',
      'images.storage_key',
    ])
    .where('contract_images.contract_id', '=', contractId)
    .orderBy('contract_images.round')
    .orderBy('contract_images.role')
    .orderBy('contract_images.position')
    .execute();
  return Promise.all(
    rows.map(async (row) => ({
      id: row.image_id,
      role: row.role,
      round: row.round,
      url: await deps.imageUrl(row.storage_key),
      checks: row.checks ?? null,
    })),
  );
}

async function timelineOf(db: Db, contractId: string) {
  const events = await db
    .selectFrom('contract_events')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('id')
    .execute();
  return events.map((event) => ({
    at: formatKstOrNull(event.at),
    action: event.action,
    actor: event.actor,
    from_status: event.from_status,
    to_status: event.to_status,
    note: event.note,
  }));
}

/** 계약정보 조회: the contract in any status, as its partner may see it (masked; images with 15-second links). */
export async function renderContract(
  deps: ContractViewDeps,
  contract: ContractRow,
  device: { name: string; model_name: string },
) {
  const ocr = contract.ocr as {
    imei: string | null;
    serial: string | null;
    model: string | null;
    result: boolean;
  } | null;
  const [images, timeline] = await Promise.all([
    imagesOf(deps, contract.id),
    timelineOf(deps.db, contract.id),
  ]);
  return {
    contract_id: contract.id,
    affiliate_uid: contract.affiliate_uid,
    affiliate_cid: contract.affiliate_cid,
    ...statusFields(contract.status),
    mode: contract.mode,
    customer: maskedCustomer(contract, deps.cipher),
    device: {
      os: contract.device_os,
      name: contract.device_reported_name,
      model_name: device.model_name,
      marketing_name: device.name,
    },
    ocr: ocr ? { result: ocr.result, imei: ocr.imei, sn: ocr.serial, model: ocr.model } : null,
    images,
    checkout: {
      due_datetime: formatKstOrNull(contract.payment_due_at),
      type: contract.payment_type,
      amount: contract.payment_amount,
      datetime: formatKstOrNull(contract.paid_at),
      checkout_url: contract.checkout_url,
    },
    inspection_round: contract.inspection_round,
    reinspection: {
      due_datetime: formatKstOrNull(contract.reinspection_due_at),
      reinspection_url: contract.reinspection_url,
    },
    insurance:
      contract.insurance_start && contract.insurance_end
        ? { insurance_start: contract.insurance_start, insurance_end: contract.insurance_end }
        : null,
    contract_url: contract.contract_url,
    cancelled_at: formatKstOrNull(contract.cancelled_at),
    created_at: formatKstOrNull(contract.created_at),
    updated_at: formatKstOrNull(contract.updated_at),
    timeline,
  };
}
