import { AppError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import type { ImagesRepository } from '../images/images.repository.js';
import type { ContractsRepository, Owner } from './contracts.repository.js';

export interface ImageClaim {
  field: string;
  ids: string[];
}

export interface ImageClaimDeps {
  images: ImagesRepository;
  contracts: ContractsRepository;
}

const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

/** Each claimed id with the request field that names it (`front_image[1]`). */
function claimedIds(claims: ImageClaim[]) {
  const all = claims.flatMap((claim) =>
    claim.ids.map((id, index) => ({
      id,
      field: claim.ids.length > 1 ? `${claim.field}[${index}]` : claim.field,
    })),
  );
  const seen = new Set<string>();
  for (const { id, field } of all) {
    if (seen.has(id)) throw invalid(field, `${field} repeats an image; every image must be different.`);
    if (!isUuid(id)) throw invalid(field, `${field} is not an image id.`);
    seen.add(id);
  }
  return all;
}

/**
 * Images named in a request must be distinct, the caller's own (affiliate and mode) and not already
 * part of another contract. Answers the stored rows in the order given.
 */
export async function loadClaimableImages(
  deps: ImageClaimDeps,
  owner: Owner,
  contractId: string,
  claims: ImageClaim[],
) {
  const all = claimedIds(claims);
  const ids = all.map(({ id }) => id);
  const [rows, attachedTo] = await Promise.all([
    deps.images.findOwnedMany(ids, owner),
    deps.contracts.attachments(ids),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return all.map(({ id, field }) => {
    const row = byId.get(id);
    if (!row) throw invalid(field, `${field}: no image ${id} was uploaded with this API key.`);
    const attached = attachedTo.get(id);
    if (attached && attached !== contractId)
      throw invalid(field, `${field}: image ${id} already belongs to another contract.`);
    return row;
  });
}

export type ClaimableImage = Awaited<ReturnType<typeof loadClaimableImages>>[number];
