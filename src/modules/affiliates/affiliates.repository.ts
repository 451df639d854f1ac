import type { Db } from '../../core/db/database.js';
import type { Mode } from '../../core/db/schema.js';
import { isUuid } from '../../core/ids.js';

export interface ActiveKey {
  id: string;
  affiliate_id: string;
  mode: Mode;
  key_hash: string;
}

export function affiliatesRepository(db: Db) {
  return {
    async insertAffiliate(name: string) {
      return db
        .insertInto('affiliates')
        .values({ name })
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    async insertKey(key: { affiliate_id: string; mode: Mode; key_hash: string; prefix: string }) {
      return db
        .insertInto('api_keys')
        .values(key)
        .returning(['id', 'prefix', 'mode', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    /** One round trip both checks the key is still live and records that it was used. */
    async touchActiveKey(keyHash: string, now: Date): Promise<ActiveKey | undefined> {
      return db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('key_hash', '=', keyHash)
        .where('revoked_at', 'is', null)
        .returning(['id', 'affiliate_id', 'mode', 'key_hash'])
        .executeTakeFirst();
    },

    async revokeKey(keyIdOrPrefix: string, now: Date) {
      const byId = isUuid(keyIdOrPrefix);
      return db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where(byId ? 'id' : 'prefix', '=', keyIdOrPrefix)
        .where('revoked_at', 'is', null)
        .returning(['id', 'prefix', 'affiliate_id', 'mode'])
        .execute();
    },

    async affiliateExists(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      return Boolean(await db.selectFrom('affiliates').select('id').where('id', '=', id).executeTakeFirst());
    },

    /** Every partner with its keys (prefix and use, never the hash), oldest first. */
    async listAffiliates() {
      const [affiliates, keys] = await Promise.all([
        db.selectFrom('affiliates').selectAll().orderBy('created_at').execute(),
        db
          .selectFrom('api_keys')
          .select(['id', 'affiliate_id', 'mode', 'prefix', 'created_at', 'revoked_at', 'last_used_at'])
          .orderBy('created_at')
          .execute(),
      ]);
      return affiliates.map((affiliate) => ({
        ...affiliate,
        keys: keys.filter((key) => key.affiliate_id === affiliate.id),
      }));
    },
  };
}

export type AffiliatesRepository = ReturnType<typeof affiliatesRepository>;
