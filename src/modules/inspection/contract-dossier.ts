import type { PiiCipher } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import { notFound } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { formatKstOrNull } from '../../core/time.js';
import {
  imageEntries,
  maskedResidentNumber,
  statusFields,
  timelineEntries,
} from '../contracts/contract-mapping.js';
import { contractsRepository } from '../contracts/contracts.repository.js';
import type { DeliveriesService } from '../webhooks/deliveries.service.js';

export interface DossierDeps {
  db: Db;
  cipher: PiiCipher;
  deliveries: DeliveriesService;
  imageUrl: (storageKey: string) => Promise<string>;
}

/** Everything an inspector needs to decide: the name in full, the resident number masked, every image and check. */
export async function contractDossier(deps: DossierDeps, contractId: string) {
  if (!isUuid(contractId)) throw notFound('Contract');
  const [dossier, sent] = await Promise.all([
    contractsRepository(deps.db).dossier(contractId),
    deps.deliveries.ofContract(contractId),
  ]);
  if (!dossier) throw notFound('Contract');
  const { contract, images, timeline, decisions } = dossier;
  return {
    contract_id: contract.id,
    ...statusFields(contract.status),
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
    images: await imageEntries(images, deps.imageUrl, (image) => ({
      position: image.position,
      width: image.width,
      height: image.height,
      taken_at: formatKstOrNull(image.taken_at),
    })),
    decisions: decisions.map((decision) => ({
      id: decision.id,
      round: decision.round,
      result: decision.result,
      body: decision.body,
      inspector_id: decision.inspector_id,
      decided_at: formatKstOrNull(decision.decided_at),
    })),
    timeline: timelineEntries(timeline, (event) => ({ actor_id: event.actor_id })),
    deliveries: sent.deliveries,
    notifications: sent.notifications,
    updated_at: formatKstOrNull(contract.updated_at),
  };
}
