import { buffer } from 'node:stream/consumers';
import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import type { ScreenshotReader } from '../checks/ocr/ocr.port.js';
import { issueQrKey } from '../checks/qr/qr-key.js';
import type { DevicesService } from '../devices/devices.service.js';
import type { ImageStorage } from '../images/storage/image-storage.port.js';
import { attachImages, loadClaimableImages } from './contract-images.js';
import { applyTransition } from './contract-transition.js';
import { statusFields } from './contract-view.js';
import type { Step1Body } from './contracts.schemas.js';
import { checkScreenshot, MESSAGES, reportedModels } from './device-check.js';
import { parseLocation } from './location.js';
import { ownedContractFor } from './owned-contract.js';

export const MAX_DEVICE_CHECK_FAILURES = 5;

export interface RegisterDeviceDeps {
  db: Db;
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

async function imeiInUse(db: Db, mode: string, imeis: string[], contractId: string) {
  if (imeis.length === 0) return false;
  const row = await db
    .selectFrom('contracts')
    .select('id')
    .where('mode', '=', mode as 'live')
    .where('imei', 'in', imeis)
    .where('status', 'in', [1, 2, 3, 4, 5, 7])
    .where('id', '!=', contractId)
    .executeTakeFirst();
  return Boolean(row);
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/** step-1: OCR of the "About phone" screenshot, checked against the app's device info and the contract. */
export async function registerDevice(
  deps: RegisterDeviceDeps,
  owner: Caller,
  contractId: string,
  body: Static<typeof Step1Body>,
) {
  const location = parseLocation(body.location);
  // A status other than 0 is refused before the OCR spends a second on it.
  const contract = await ownedContractFor(deps.db, owner, contractId, 'attemptDeviceCheck');
  if (contract.status === 0 && contract.device_check_failures >= MAX_DEVICE_CHECK_FAILURES) {
    throw new AppError(
      'too_many_attempts',
      `step-1 failed ${MAX_DEVICE_CHECK_FAILURES} times for this contract; create a new contract.`,
    );
  }
  const [image] = await loadClaimableImages(deps.db, owner, contractId, [
    { field: 'device_info_image', ids: [body.device_info_image] },
  ]);
  if (!image) throw notFound('Image');
  const reading = await deps.ocr.read(await buffer(await deps.storage.get(image.storage_key)));
  const screenshot = checkScreenshot(reading, body.device_info);
  const problems = [
    ...screenshot.problems,
    ...(await modelProblems(deps, contract, reportedModels(body.device_info), reading.model)),
  ];
  if (problems.length === 0 && (await imeiInUse(deps.db, owner.mode, reading.imeis, contractId)))
    problems.push(MESSAGES.imeiInUse);

  const ocr = {
    result: screenshot.ocrOk,
    imei: reading.imei,
    imeis: reading.imeis,
    serial: reading.serial,
    model: reading.model,
    confidence: reading.confidence,
  };
  const common = {
    ocr: JSON.stringify(ocr),
    device_info: JSON.stringify(body.device_info),
    location: JSON.stringify({ step1: location }),
  };
  const at = deps.clock.now();
  const passed = problems.length === 0;
  const updated = await deps.db
    .transaction()
    .execute(async (trx) => {
      const row = passed
        ? await applyTransition(trx, {
            contractId,
            action: 'registerDevice',
            at,
            owner,
            actorId: owner.keyId,
            patch: { ...common, imei: reading.imei, serial_number: reading.serial, qr_key: issueQrKey() },
          })
        : await applyTransition(trx, {
            contractId,
            action: 'attemptDeviceCheck',
            at,
            owner,
            actorId: owner.keyId,
            note: problems.join(' '),
            patch: { ...common, device_check_failures: contract.device_check_failures + 1 },
          });
      await attachImages(trx, contractId, 0, [
        { imageId: image.id, role: 'device_info', position: 0, checks: null },
      ]);
      return row;
    })
    .catch(async (error) => {
      // Another contract took this IMEI between the check and the update: the index settled it.
      if (!passed || !isUniqueViolation(error)) throw error;
      problems.push(MESSAGES.imeiInUse);
      return deps.db.transaction().execute((trx) =>
        applyTransition(trx, {
          contractId,
          action: 'attemptDeviceCheck',
          at,
          owner,
          note: MESSAGES.imeiInUse,
          patch: { ...common, device_check_failures: contract.device_check_failures + 1 },
        }),
      );
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
