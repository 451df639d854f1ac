import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { PiiCipher } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import { queryTemplate } from '../../core/db/query-template.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { isUuid } from '../../core/ids.js';
import { formatKstOrNull } from '../../core/time.js';
import type { DevicesService } from '../devices/devices.service.js';
import { type ContractStatus, statusName } from './contract-status.js';
import type { ContractRow } from './contract-transition.js';
import { maskEmail, maskName, maskPhone, maskRrn } from './customer-rules.js';
import { ownedBy } from './owned-contract.js';

export function statusFields(status: number) {
  return { status, status_name: statusName(status as ContractStatus) };
}

type CustomerColumns = Pick<
  ContractRow,
  | 'personal_data_erased_at'
  | 'customer_extra'
  | 'customer_name'
  | 'customer_ssn_encrypted'
  | 'customer_phone'
  | 'customer_email'
>;

/**
 * The resident number as answers show it (`860906-1******`). Decrypted on each read: no part of
 * the number is stored in clear, not even the masked part.
 */
export function maskedResidentNumber(encrypted: string | null, cipher: PiiCipher): string | null {
  return encrypted ? maskRrn(cipher.decrypt(encrypted)) : null;
}

/** What partners see of the customer: masked, and nothing once the personal data has been erased. */
export function maskedCustomer(contract: CustomerColumns, cipher: PiiCipher) {
  if (contract.personal_data_erased_at) return null;
  const extra = (contract.customer_extra ?? {}) as Record<string, string | null>;
  return {
    name: contract.customer_name ? maskName(contract.customer_name) : null,
    ssn: maskedResidentNumber(contract.customer_ssn_encrypted, cipher),
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
  devices: DevicesService;
  imageUrl: (storageKey: string) => Promise<string>;
}

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
 * The contract with its images and timeline, in one round trip (the partner's most frequent read).
 * By primary key alone, as `selectContractById` explains; the id must be well formed (`isUuid`), else
 * PostgreSQL refuses it. Exported for the benchmark, which gives pgbench the same SQL.
 */
export const contractView = queryTemplate((db, { contractId }: { contractId: string }) =>
  db
    .selectFrom('contracts')
    .where('contracts.id', '=', contractId)
    // What the view shows and ownership needs, no more: every column is parsed on every read.
    .select(VIEW_COLUMNS)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('contract_images')
          .innerJoin('images', 'images.id', 'contract_images.image_id')
          .select([
            'contract_images.image_id',
            'contract_images.role',
            'contract_images.round',
            'contract_images.checks',
            'images.storage_key',
          ])
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

type ContractView = Awaited<ReturnType<typeof contractView.execute>>[number];

/** The contract's view row; undefined for an unknown or malformed id. */
async function selectContractView(db: Db, contractId: string): Promise<ContractView | undefined> {
  return isUuid(contractId) ? (await contractView.execute(db, { contractId }))[0] : undefined;
}

function renderImages(deps: ContractViewDeps, images: ContractView['images']) {
  return Promise.all(
    images.map(async (image) => ({
      id: image.image_id,
      role: image.role,
      round: image.round,
      url: await deps.imageUrl(image.storage_key),
      checks: image.checks ?? null,
    })),
  );
}

function renderTimeline(events: ContractView['timeline']) {
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
export async function viewContract(deps: ContractViewDeps, owner: Caller, contractId: string) {
  const contract = ownedBy(await selectContractView(deps.db, contractId), owner);
  const device = await deps.devices.deviceById(contract.device_id);
  const ocr = contract.ocr as {
    imei: string | null;
    serial: string | null;
    model: string | null;
    result: boolean;
  } | null;
  const images = await renderImages(deps, contract.images);
  const timeline = renderTimeline(contract.timeline);
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
      model_name: device?.model_name ?? null,
      marketing_name: device?.name ?? null,
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
