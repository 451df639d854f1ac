import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { DB, Mode } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';

export interface ImageClaim {
  field: string;
  ids: string[];
}

/**
 * Images named in a request must be distinct, the caller's own (affiliate and mode) and not already
 * part of another contract. Answers the stored rows in the order given.
 */
export async function loadClaimableImages(
  db: Db | Transaction<DB>,
  owner: { affiliateId: string; mode: Mode },
  contractId: string,
  claims: ImageClaim[],
) {
  const all = claims.flatMap((claim) =>
    claim.ids.map((id, index) => ({
      id,
      field: claim.ids.length > 1 ? `${claim.field}[${index}]` : claim.field,
    })),
  );
  const seen = new Set<string>();
  for (const { id, field } of all) {
    if (seen.has(id))
      throw new AppError(
        'validation_failed',
        `${field} repeats an image; every image must be different.`,
        field,
      );
    seen.add(id);
    if (!isUuid(id)) throw new AppError('validation_failed', `${field} is not an image id.`, field);
  }
  const rows = await db
    .selectFrom('images')
    .leftJoin('contract_images', 'contract_images.image_id', 'images.id')
    .select([
      'images.id',
      'images.storage_key',
      'images.perceptual_hash',
      'images.width',
      'images.height',
      'images.created_at',
      'contract_images.contract_id',
    ])
    .where('images.id', 'in', [...seen])
    .where('images.affiliate_id', '=', owner.affiliateId)
    .where('images.mode', '=', owner.mode)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return all.map(({ id, field }) => {
    const row = byId.get(id);
    if (!row)
      throw new AppError(
        'validation_failed',
        `${field}: no image ${id} was uploaded with this API key.`,
        field,
      );
    if (row.contract_id && row.contract_id !== contractId) {
      throw new AppError(
        'validation_failed',
        `${field}: image ${id} already belongs to another contract.`,
        field,
      );
    }
    return row;
  });
}

export type ClaimableImage = Awaited<ReturnType<typeof loadClaimableImages>>[number];

export async function attachImages(
  trx: Transaction<DB>,
  contractId: string,
  round: number,
  images: Array<{
    imageId: string;
    role: 'device_info' | 'front' | 'rear';
    position: number;
    checks: unknown;
  }>,
) {
  if (images.length === 0) return;
  await trx
    .insertInto('contract_images')
    .values(
      images.map((image) => ({
        contract_id: contractId,
        image_id: image.imageId,
        role: image.role,
        round,
        position: image.position,
        checks: image.checks === null ? null : JSON.stringify(image.checks),
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(['contract_id', 'image_id'])
        .doUpdateSet((eb) => ({ checks: eb.ref('excluded.checks') })),
    )
    .execute();
}
