import type { Insertable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { ImagesTable, Mode } from '../../core/db/schema.js';

export function imagesRepository(db: Db) {
  return {
    insert(image: Insertable<ImagesTable>) {
      return db
        .insertInto('images')
        .values(image)
        .returning(['id', 'storage_key', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    /** An image as its owner sees it: another affiliate's or another mode's image does not exist. */
    findOwned(id: string, owner: { affiliateId: string; mode: Mode }) {
      return db
        .selectFrom('images')
        .selectAll()
        .where('id', '=', id)
        .where('affiliate_id', '=', owner.affiliateId)
        .where('mode', '=', owner.mode)
        .executeTakeFirst();
    },

    /** The owner's images among `ids` (malformed ids are the caller's to refuse), with what the checks read. */
    findOwnedMany(ids: string[], owner: { affiliateId: string; mode: Mode }) {
      return db
        .selectFrom('images')
        .select(['id', 'storage_key', 'perceptual_hash', 'width', 'height', 'created_at'])
        .where('id', 'in', ids)
        .where('affiliate_id', '=', owner.affiliateId)
        .where('mode', '=', owner.mode)
        .execute();
    },

    findByStorageKey(storageKey: string) {
      return db
        .selectFrom('images')
        .select(['mime', 'bytes'])
        .where('storage_key', '=', storageKey)
        .executeTakeFirst();
    },
  };
}

export type ImagesRepository = ReturnType<typeof imagesRepository>;
export type ImageRow = NonNullable<Awaited<ReturnType<ImagesRepository['findOwned']>>>;
