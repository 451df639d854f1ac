import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { formatKstDateTime } from '../../core/time.js';
import type { DevicesService } from '../devices/devices.service.js';
import type { ImagesRepository } from '../images/images.repository.js';
import { enqueueNotification } from '../notifications/notifications-outbox.js';
import { loadClaimableImages } from './contract-images.js';
import { statusFields } from './contract-mapping.js';
import { applyTransition } from './contract-transition.js';
import { type ContractRow, contractsRepository } from './contracts.repository.js';
import type { Step2Body, Step2UpdateBody } from './contracts.schemas.js';
import { parseLocation } from './location.js';
import { ownedContractFor } from './owned-contract.js';
import { type PhotoReviewDeps, reviewPhotos } from './photo-review.js';

export interface SubmitPhotosDeps extends Omit<PhotoReviewDeps, 'contracts'> {
  db: Db;
  clock: Clock;
  images: ImagesRepository;
  devices: DevicesService;
  paymentDeadlineHours: number;
}

function checkCheckoutUrl(url: string, mode: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('validation_failed', 'checkout_url must be a URL.', 'checkout_url');
  }
  // Live links reach real customers: https only. The sandbox also takes http for local testing.
  const allowed = mode === 'live' ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(parsed.protocol)) {
    throw new AppError(
      'validation_failed',
      `checkout_url must be an ${allowed.join(' or ').replaceAll(':', '')} link in ${mode} mode.`,
      'checkout_url',
    );
  }
}

/** The contract's current row and the new round's photos, each with every automated check. */
async function reviewSubmission(
  deps: SubmitPhotosDeps,
  owner: Caller,
  contractId: string,
  action: 'submitPhotos' | 'resubmitPhotos',
  body: { front_image: string[]; rear_image: string[] },
  checkContract: (contract: ContractRow) => void = () => {},
) {
  const contracts = contractsRepository(deps.db);
  const contract = await ownedContractFor(contracts, owner, contractId, action);
  checkContract(contract);
  const images = await loadClaimableImages({ images: deps.images, contracts }, owner, contractId, [
    { field: 'front_image', ids: body.front_image },
    { field: 'rear_image', ids: body.rear_image },
  ]);
  const review = await reviewPhotos({ ...deps, contracts }, images.slice(0, 3), images.slice(3), {
    contractId,
    mode: owner.mode,
    qrKey: contract.qr_key,
  });
  return { contract, review };
}

function attachReviewed(review: Awaited<ReturnType<typeof reviewPhotos>>) {
  return review.photos.map((photo, index) => ({
    imageId: photo.image_id,
    role: photo.role,
    position: index % 3,
    checks: photo,
  }));
}

/** step-2: the 3 front and 3 rear photos with their automated checks, and the payment deadline. */
export async function submitPhotos(
  deps: SubmitPhotosDeps,
  owner: Caller,
  contractId: string,
  body: Static<typeof Step2Body>,
) {
  const location = parseLocation(body.location);
  checkCheckoutUrl(body.checkout_url, owner.mode);
  const { contract, review } = await reviewSubmission(deps, owner, contractId, 'submitPhotos', body);
  const device = await deps.devices.deviceById(contract.device_id);
  const at = deps.clock.now();
  const due = new Date(at.getTime() + deps.paymentDeadlineHours * 3_600_000);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await applyTransition(trx, {
      contractId,
      action: 'submitPhotos',
      at,
      owner,
      actorId: owner.keyId,
      patch: {
        checkout_url: body.checkout_url,
        photos_submitted_at: at,
        payment_due_at: due,
        inspection_round: 1,
        location: JSON.stringify({ ...(contract.location as object | null), step2: location }),
      },
    });
    await contractsRepository(trx).attachImages(contractId, 1, attachReviewed(review));
    await enqueueNotification(trx, {
      contractId,
      mode: row.mode,
      kind: 'payment_guidance',
      recipient: row.customer_phone,
      at,
      vars: {
        customerName: row.customer_name ?? '고객',
        deviceName: device?.name ?? row.device_reported_name,
        checkoutUrl: body.checkout_url,
        deadline: due,
      },
    });
    return row;
  });
  return {
    checkout: { due_datetime: formatKstDateTime(due) },
    checks: review,
    ...statusFields(updated.status),
  };
}

/** Photos re-submitted after the re-inspection deadline come too late for the round. */
const refuseAfterReinspectionDeadline = (at: Date) => (contract: ContractRow) => {
  if (contract.reinspection_due_at && at > contract.reinspection_due_at) {
    throw new AppError(
      'invalid_status',
      `The re-inspection deadline (${formatKstDateTime(contract.reinspection_due_at)}) has passed.`,
    );
  }
};

/** step-2/update: new photos for a re-inspection, before its deadline; back to status 3 for the next round. */
export async function resubmitPhotos(
  deps: SubmitPhotosDeps,
  owner: Caller,
  contractId: string,
  body: Static<typeof Step2UpdateBody>,
) {
  const location = parseLocation(body.location);
  const at = deps.clock.now();
  const { contract, review } = await reviewSubmission(
    deps,
    owner,
    contractId,
    'resubmitPhotos',
    body,
    refuseAfterReinspectionDeadline(at),
  );
  const round = contract.inspection_round + 1;
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await applyTransition(trx, {
      contractId,
      action: 'resubmitPhotos',
      at,
      owner,
      actorId: owner.keyId,
      patch: {
        inspection_round: round,
        inspection_requested_at: at,
        reinspection_due_at: null,
        location: JSON.stringify({ ...(contract.location as object | null), [`round${round}`]: location }),
      },
    });
    await contractsRepository(trx).attachImages(contractId, round, attachReviewed(review));
    return row;
  });
  return { result: true, checks: review, ...statusFields(updated.status) };
}
