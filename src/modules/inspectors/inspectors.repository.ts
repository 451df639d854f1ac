import type { Db } from '../../core/db/database.js';
import type { InspectorRole } from '../../core/db/schema.js';

const PUBLIC_COLUMNS = ['id', 'email', 'name', 'role', 'active', 'created_at'] as const;

export function inspectorsRepository(db: Db) {
  return {
    async insertInspector(row: {
      email: string;
      name: string | null;
      password_hash: string;
      role: InspectorRole;
      created_at: Date;
    }) {
      return db.insertInto('inspectors').values(row).returning(PUBLIC_COLUMNS).executeTakeFirstOrThrow();
    },

    async findByEmail(email: string) {
      return db.selectFrom('inspectors').selectAll().where('email', '=', email).executeTakeFirst();
    },

    async listInspectors() {
      return db
        .selectFrom('inspectors')
        .select(PUBLIC_COLUMNS)
        .orderBy('created_at')
        .orderBy('email')
        .execute();
    },

    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.updateTable('inspectors').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },

    /** Deactivates the account and ends its open sessions; run it in a transaction, so both happen or neither. */
    async deactivate(id: string, now: Date) {
      const inspector = await db
        .updateTable('inspectors')
        .set({ active: false })
        .where('id', '=', id)
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirst();
      if (!inspector) return undefined;
      const revoked = await db
        .updateTable('admin_sessions')
        .set({ revoked_at: now })
        .where('inspector_id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return { inspector, revokedSessions: Number(revoked.numUpdatedRows) };
    },

    async insertSession(row: {
      token_hash: string;
      inspector_id: string;
      created_at: Date;
      expires_at: Date;
    }) {
      await db
        .insertInto('admin_sessions')
        .values({ ...row, last_seen_at: row.created_at })
        .execute();
    },

    /** A session that is live right now, with its inspector, who must still be active. */
    async findLiveSession(tokenHash: string, now: Date) {
      return db
        .selectFrom('admin_sessions')
        .innerJoin('inspectors', 'inspectors.id', 'admin_sessions.inspector_id')
        .select([
          'inspectors.id',
          'inspectors.email',
          'inspectors.name',
          'inspectors.role',
          'admin_sessions.last_seen_at',
        ])
        .where('admin_sessions.token_hash', '=', tokenHash)
        .where('admin_sessions.revoked_at', 'is', null)
        .where('admin_sessions.expires_at', '>', now)
        .where('inspectors.active', '=', true)
        .executeTakeFirst();
    },

    async touchSession(tokenHash: string, now: Date): Promise<void> {
      await db
        .updateTable('admin_sessions')
        .set({ last_seen_at: now })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async revokeSession(tokenHash: string, now: Date): Promise<void> {
      await db
        .updateTable('admin_sessions')
        .set({ revoked_at: now })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async insertFailure(row: { email: string; address: string; at: Date }): Promise<number> {
      const { id } = await db
        .insertInto('login_failures')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    async deleteFailure(id: number): Promise<void> {
      await db.deleteFrom('login_failures').where('id', '=', id).execute();
    },

    async countFailures(email: string, address: string, since: Date) {
      const row = await db
        .selectFrom('login_failures')
        .select((eb) => [
          eb.fn.countAll<string>().filterWhere('email', '=', email).as('by_email'),
          eb.fn.countAll<string>().filterWhere('address', '=', address).as('by_address'),
        ])
        .where('at', '>', since)
        .where((eb) => eb.or([eb('email', '=', email), eb('address', '=', address)]))
        .executeTakeFirstOrThrow();
      return { byEmail: Number(row.by_email), byAddress: Number(row.by_address) };
    },

    async prune(failuresBefore: Date, sessionsBefore: Date) {
      const failures = await db
        .deleteFrom('login_failures')
        .where('at', '<', failuresBefore)
        .executeTakeFirst();
      const sessions = await db
        .deleteFrom('admin_sessions')
        .where('expires_at', '<', sessionsBefore)
        .executeTakeFirst();
      return {
        loginFailures: Number(failures.numDeletedRows),
        sessions: Number(sessions.numDeletedRows),
      };
    },
  };
}

export type InspectorsRepository = ReturnType<typeof inspectorsRepository>;
