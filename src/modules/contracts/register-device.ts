import { buffer } from 'node:stream/consumers';
import type { Transaction } from 'kysely';
import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { DB } from '../../core/db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import type { ScreenshotReader, ScreenshotReading } from '../checks/ocr/ocr.port.js';
import { issueQrKey } from '../checks/qr/qr-key.js';
import type { DevicesService } from '../devices/devices.service.js';
import type { ImagesRepository } from '../images/images.repository.js';
import type { ImageStorage } from '../images/storage/image-storage.port.js';
import { loadClaimableImages } from './contract-images.js';
import { statusFields } from './contract-mapping.js';
import { ACTIVE_STATUSES } from './contract-status.js';
import { applyTransition } from './contract-transition.js';
import {
  type ContractPatch,
  contractsRepository,
  ONE_MORE_DEVICE_CHECK_FAILURE,
} from './contracts.repository.js';
import type { Step1Body } from './contracts.schemas.js';
import { checkScreenshot, MESSAGES, reportedModels } from './device-check.js';
import { parseLocation } from './location.js';
import { ownedContractFor } from './owned-contract.js';
import { testImeiReading } from './test-imeis.js';

export const MAX_DEVICE_CHECK_FAILURES = 5;

export interface RegisterDeviceDeps {
  db: Db;
  images: ImagesRepository;
  clock: Clock;
  ocr: ScreenshotReader;
  storage: ImageStorage;
  devices: DevicesService;
}

/** Models the phone or its screenshot name must belong to the contract's device, when the catalog knows them. */
async function modelProblems(
  deps: RegisterDeviceDeps,
  contract: { device_id: string; device_os: 'ios' | 'aos' },
  appModels: string[],
  screenshotModel: string | null,
) {
  const problems: string[] = [];
  for (const model of appModels) {
    const device = await deps.devices.findDevice(contract.device_os, model);
    if (device && device.id !== contract.device_id) problems.push(MESSAGES.appModelMismatch);
  }
  if (screenshotModel) {
    const device = await deps.devices.findDevice(contract.device_os, screenshotModel);
    if (device && device.id !== contract.device_id) problems.push(MESSAGES.screenshotModelMismatch);
  }
  return problems;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

const tooManyAttempts = () =>
  new AppError(
    'too_many_attempts',
    `step-1 failed ${MAX_DEVICE_CHECK_FAILURES} times for this contract; create a new contract.`,
  );

/** One step-1 call's outcome, as written in its transaction. */
interface Attempt {
  contractId: string;
  owner: Caller;
  at: Date;
  imageId: string;
  /** The OCR reading, the app's device info and the location: stored whether or not the check passed. */
  recorded: ContractPatch;
}

async function attachScreenshot(trx: Transaction<DB>, attempt: Attempt): Promise<void> {
  await contractsRepository(trx).attachImages(attempt.contractId, 0, [
    { imageId: attempt.imageId, role: 'device_info', position: 0, checks: null },
  ]);
}

/**
 * A failed check stays in status 0. The counter goes up in SQL under the row's lock, so concurrent
 * failures all count; the one past the limit is refused and records nothing.
 */
async function recordFailure(trx: Transaction<DB>, attempt: Attempt, note: string) {
  const row = await applyTransition(trx, {
    contractId: attempt.contractId,
    action: 'attemptDeviceCheck',
    at: attempt.at,
    owner: attempt.owner,
    actorId: attempt.owner.keyId,
    note,
    patch: { ...attempt.recorded, ...ONE_MORE_DEVICE_CHECK_FAILURE },
  });
  if (row.device_check_failures > MAX_DEVICE_CHECK_FAILURES) throw tooManyAttempts();
  await attachScreenshot(trx, attempt);
  return row;
}

async function recordPass(trx: Transaction<DB>, attempt: Attempt, reading: ScreenshotReading) {
  const row = await applyTransition(trx, {
    contractId: attempt.contractId,
    action: 'registerDevice',
    at: attempt.at,
    owner: attempt.owner,
    actorId: attempt.owner.keyId,
    patch: { ...attempt.recorded, imei: reading.imei, serial_number: reading.serial, qr_key: issueQrKey() },
  });
  await attachScreenshot(trx, attempt);
  return row;
}

/** step-1: OCR of the "About phone" screenshot, checked against the app's device info and the contract. */
export async function registerDevice(
  deps: RegisterDeviceDeps,
  owner: Caller,
  contractId: string,
  body: Static<typeof Step1Body>,
) {
  const location = parseLocation(body.location);
  const contracts = contractsRepository(deps.db);
  // Refused before the OCR spends a second on it; checked again under the lock when recorded.
  const contract = await ownedContractFor(contracts, owner, contractId, 'attemptDeviceCheck');
  if (contract.device_check_failures >= MAX_DEVICE_CHECK_FAILURES) throw tooManyAttempts();
  const [image] = await loadClaimableImages({ images: deps.images, contracts }, owner, contractId, [
    { field: 'device_info_image', ids: [body.device_info_image] },
  ]);
  if (!image) throw notFound('Image');
  const testImei = testImeiReading(owner.mode, body.device_info);
  const reading =
    testImei?.reading ?? (await deps.ocr.read(await buffer(await deps.storage.get(image.storage_key))));
  const screenshot = checkScreenshot(reading, body.device_info);
  const problems = [
    ...screenshot.problems,
    ...(await modelProblems(deps, contract, reportedModels(body.device_info), reading.model)),
  ];
  const inUse = async () =>
    testImei
      ? testImei.alreadyInsured
      : await contracts.imeiInUse(owner.mode, reading.imeis, ACTIVE_STATUSES, contractId);
  if (problems.length === 0 && (await inUse())) problems.push(MESSAGES.imeiInUse);

  const ocr = {
    result: screenshot.ocrOk,
    imei: reading.imei,
    imeis: reading.imeis,
    serial: reading.serial,
    model: reading.model,
    confidence: reading.confidence,
  };
  const attempt: Attempt = {
    contractId,
    owner,
    at: deps.clock.now(),
    imageId: image.id,
    recorded: {
      ocr: JSON.stringify(ocr),
      device_info: JSON.stringify(body.device_info),
      location: JSON.stringify({ step1: location }),
    },
  };
  const transact = <T>(work: (trx: Transaction<DB>) => Promise<T>) => deps.db.transaction().execute(work);
  const updated =
    problems.length > 0
      ? await transact((trx) => recordFailure(trx, attempt, problems.join(' ')))
      : await transact((trx) => recordPass(trx, attempt, reading)).catch((error) => {
          // Another contract took this IMEI between the check and the update: the index settled it.
          if (!isUniqueViolation(error)) throw error;
          problems.push(MESSAGES.imeiInUse);
          return transact((trx) => recordFailure(trx, attempt, MESSAGES.imeiInUse));
        });

  const inspection = {
    result: problems.length === 0,
    msg: problems.length === 0 ? MESSAGES.ok : problems.join(' '),
  };
  return {
    ocr: { result: ocr.result, imei: ocr.imei, sn: ocr.serial },
    inspection,
    insepection: inspection,
    qr: updated.qr_key && inspection.result ? { key: updated.qr_key } : null,
    ...statusFields(updated.status),
  };
}
