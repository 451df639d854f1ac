import type { PiiCipher } from '../../core/crypto.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { formatKstOrNull } from '../../core/time.js';
import type { DevicesService } from '../devices/devices.service.js';
import { policyView } from '../policies/issue-policy.js';
import type { PoliciesRepository } from '../policies/policies.repository.js';
import { imageEntries, maskedResidentNumber, statusFields, timelineEntries } from './contract-mapping.js';
import type { ContractsRepository } from './contracts.repository.js';
import type { ContractView } from './contracts.statements.js';
import { maskEmail, maskName, maskPhone } from './customer-rules.js';
import { ownedBy } from './owned-contract.js';

type CustomerColumns = Pick<
  ContractView,
  | 'personal_data_erased_at'
  | 'customer_extra'
  | 'customer_name'
  | 'customer_ssn_encrypted'
  | 'customer_phone'
  | 'customer_email'
>;

/** What partners see of the customer: masked, and nothing once the personal data has been erased. */
function maskedCustomer(contract: CustomerColumns, cipher: PiiCipher) {
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
  contracts: ContractsRepository;
  policies: PoliciesRepository;
  cipher: PiiCipher;
  devices: DevicesService;
  imageUrl: (storageKey: string) => Promise<string>;
}

interface StoredOcr {
  imei: string | null;
  serial: string | null;
  model: string | null;
  result: boolean;
}

/** 계약정보 조회: the contract in any status, as its partner may see it (masked; images with 15-second links). */
export async function viewContract(deps: ContractViewDeps, owner: Caller, contractId: string) {
  const contract = ownedBy(await deps.contracts.findView(contractId), owner);
  const device = await deps.devices.deviceById(contract.device_id);
  const ocr = contract.ocr as StoredOcr | null;
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
    images: await imageEntries(contract.images, deps.imageUrl),
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
    policy: policyView(await deps.policies.find(contract.id)),
    cancelled_at: formatKstOrNull(contract.cancelled_at),
    created_at: formatKstOrNull(contract.created_at),
    updated_at: formatKstOrNull(contract.updated_at),
    timeline: timelineEntries(contract.timeline),
  };
}
