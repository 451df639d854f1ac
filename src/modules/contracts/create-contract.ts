import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { PiiCipher } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import type { DevicesService } from '../devices/devices.service.js';
import type { ContractsRepository } from './contracts.repository.js';
import type { CreateContractBody } from './contracts.schemas.js';
import { isValidEmail, normaliseMobileNumber, parseResidentRegistrationNumber } from './customer-rules.js';
import { sandboxOutcomeFor } from './sandbox-outcome.js';

export interface CreateContractDeps {
  contracts: ContractsRepository;
  clock: Clock;
  cipher: PiiCipher;
  devices: DevicesService;
}

const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

/** The customer fields checked and normalised; the resident number leaves this function encrypted. */
function checkCustomer(
  customer: Static<typeof CreateContractBody>['customer'],
  cipher: PiiCipher,
  now: Date,
) {
  const name = customer.name.trim();
  if (!name) throw invalid('customer.name', 'customer.name must not be blank.');
  const rrn = parseResidentRegistrationNumber(customer.ssn, now);
  if (!rrn.ok) throw invalid('customer.ssn', `customer.ssn ${rrn.reason}`);
  const phone = normaliseMobileNumber(customer.cellphone);
  if (!phone.ok) throw invalid('customer.cellphone', `customer.cellphone ${phone.reason}`);
  const email = customer.email.trim();
  if (!isValidEmail(email)) throw invalid('customer.email', 'customer.email must be an email address.');
  return {
    customer_name: name,
    customer_ssn_encrypted: cipher.encrypt(rrn.value),
    customer_ssn_index: cipher.blindIndex(rrn.value),
    customer_phone: phone.value,
    customer_email: email,
    customer_extra: JSON.stringify({
      extra_1: customer.extra_1 ?? null,
      extra_2: customer.extra_2 ?? null,
      extra_3: customer.extra_3 ?? null,
    }),
  };
}

/** 최초 가입정보 등록: validates the customer and device and opens a contract in status 0. */
export async function createContract(
  deps: CreateContractDeps,
  owner: Caller,
  body: Static<typeof CreateContractBody>,
) {
  const now = deps.clock.now();
  const customer = checkCustomer(body.customer, deps.cipher, now);
  const device = await deps.devices.findDevice(body.device.os, body.device.name);
  if (!device?.eligible) {
    throw new AppError(
      'device_not_eligible',
      `${body.device.os} device "${body.device.name}" is not eligible for insurance; see GET /cp-insurance/candidate/.`,
      'device.name',
    );
  }
  const created = await deps.contracts.insert(
    {
      affiliate_id: owner.affiliateId,
      mode: owner.mode,
      affiliate_uid: body.affiliate_uid,
      affiliate_cid: body.affiliate_cid,
      ...customer,
      device_id: device.id,
      device_os: body.device.os,
      device_reported_name: body.device.name.trim(),
      sandbox_outcome: sandboxOutcomeFor(owner.mode, body.sandbox_outcome),
      created_at: now,
      updated_at: now,
    },
    owner.keyId,
  );
  if (!created) {
    throw new AppError(
      'duplicate_affiliate_cid',
      `A contract with affiliate_cid "${body.affiliate_cid}" already exists; send an Idempotency-Key to retry safely.`,
      'affiliate_cid',
    );
  }
  return created;
}
