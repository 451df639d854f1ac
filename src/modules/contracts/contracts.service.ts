import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { PiiCipher } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import type { ScreenshotReader } from '../checks/ocr/ocr.port.js';
import type { PhotoInspection } from '../checks/photo-checks-pool.js';
import type { DevicesService } from '../devices/devices.service.js';
import type { ImagesRepository } from '../images/images.repository.js';
import type { ImageStorage } from '../images/storage/image-storage.port.js';
import { policiesRepository } from '../policies/policies.repository.js';
import { statusFields } from './contract-mapping.js';
import { viewContract } from './contract-view.js';
import { contractsRepository } from './contracts.repository.js';
import type { ContractListQuery, CreateContractBody } from './contracts.schemas.js';
import { createContract } from './create-contract.js';
import { listContracts } from './list-contracts.js';
import { type CancellationSubscriber, cancelPayment, recordPayment } from './payments.js';
import { registerDevice } from './register-device.js';
import { resubmitPhotos, submitPhotos } from './submit-photos.js';

export interface ContractsDeps {
  db: Db;
  clock: Clock;
  cipher: PiiCipher;
  devices: DevicesService;
  images: ImagesRepository;
  storage: ImageStorage;
  imageUrl: (storageKey: string) => Promise<string>;
  ocr: ScreenshotReader;
  inspectPhoto(input: { path: string; expectedQrKey: string | null }): Promise<PhotoInspection>;
  tmpDir: string;
  paymentDeadlineHours: number;
  /** The outboxes that drop a cancelled contract's unsent messages (webhooks, alimtalk). */
  onCancelled: readonly CancellationSubscriber[];
}

/** The partner-facing contract use cases, each a function of its own file, given their I/O here. */
export function contractsService(deps: ContractsDeps) {
  const contracts = contractsRepository(deps.db);
  const policies = policiesRepository(deps.db);
  return {
    async create(owner: Caller, body: Static<typeof CreateContractBody>) {
      const created = await createContract({ ...deps, contracts }, owner, body);
      return {
        contract_id: created.id,
        affiliate_uid: created.affiliate_uid,
        affiliate_cid: created.affiliate_cid,
        ...statusFields(created.status),
      };
    },
    registerDevice: (owner: Caller, id: string, body: Parameters<typeof registerDevice>[3]) =>
      registerDevice(deps, owner, id, body),
    submitPhotos: (owner: Caller, id: string, body: Parameters<typeof submitPhotos>[3]) =>
      submitPhotos(deps, owner, id, body),
    resubmitPhotos: (owner: Caller, id: string, body: Parameters<typeof resubmitPhotos>[3]) =>
      resubmitPhotos(deps, owner, id, body),
    recordPayment: (owner: Caller, id: string, body: Parameters<typeof recordPayment>[3]) =>
      recordPayment(deps, owner, id, body),
    cancelPayment: (owner: Caller, id: string, body: Parameters<typeof cancelPayment>[3]) =>
      cancelPayment(deps, owner, id, body),
    list: (owner: Caller, query: Static<typeof ContractListQuery>) => listContracts(contracts, owner, query),
    view: (owner: Caller, id: string) => viewContract({ ...deps, contracts, policies }, owner, id),
  };
}

export type ContractsService = ReturnType<typeof contractsService>;
