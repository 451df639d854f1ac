import type { Db } from '../db/database.js';

/** The `idempotency_keys` table: one row per (partner and mode, key), claimed, then completed. */
export function idempotencyRepository(db: Db) {
  const row = (scope: string, key: string) =>
    db.updateTable('idempotency_keys').where('scope', '=', scope).where('key', '=', key);

  return {
    /** Claims the key for a first attempt; undefined when someone holds it already. */
    claim(scope: string, key: string, requestHash: string, at: Date, leaseUntil: Date) {
      return db
        .insertInto('idempotency_keys')
        .values({
          scope,
          key,
          request_hash: requestHash,
          state: 'in_progress',
          created_at: at,
          lease_until: leaseUntil,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning('key')
        .executeTakeFirst();
    },

    /** Extends the leases of claims still in progress, in one statement. */
    async renew(claims: { scope: string; key: string }[], until: Date): Promise<void> {
      if (claims.length === 0) return;
      await db
        .updateTable('idempotency_keys')
        .set({ lease_until: until })
        .where('state', '=', 'in_progress')
        .where((eb) =>
          eb.or(claims.map(({ scope, key }) => eb.and([eb('scope', '=', scope), eb('key', '=', key)]))),
        )
        .execute();
    },

    find(scope: string, key: string) {
      return db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
    },

    async release(scope: string, key: string): Promise<void> {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
    },

    /** Withdraws the claim made at `at`, if it is still that one's (an insert whose answer was lost). */
    async withdraw(scope: string, key: string, at: Date): Promise<void> {
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'in_progress')
        .where('created_at', '=', at)
        .execute();
    },

    /** The first attempt's answer, replayed to later requests with the same key and body. */
    async complete(
      scope: string,
      key: string,
      answer: { status: number; body: string; contentType: string },
    ) {
      await row(scope, key)
        .set({
          state: 'done',
          response_status: answer.status,
          response_body: answer.body,
          response_content_type: answer.contentType,
        })
        .execute();
    },

    async purgeBefore(before: Date): Promise<number> {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
