import type { Db } from '../../core/db/database.js';

/** Who did an admin action: an inspector of the console or admin API, an operator at the CLI, or the worker on its own rule. */
export type AuditActor = { kind: 'inspector'; id: string } | { kind: 'cli' } | { kind: 'worker' };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  target: string | null;
  details?: Record<string, unknown> | null;
  at: Date;
}

/** The `audit_log` table. Actions write their row through the executor of their own transaction. */
export function auditRepository(db: Db) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      const details =
        entry.actor.kind === 'inspector'
          ? (entry.details ?? null)
          : { ...entry.details, via: entry.actor.kind };
      await db
        .insertInto('audit_log')
        .values({
          at: entry.at,
          inspector_id: entry.actor.kind === 'inspector' ? entry.actor.id : null,
          action: entry.action,
          target: entry.target,
          details: details === null ? null : JSON.stringify(details),
        })
        .execute();
    },

    /** Newest first, with the inspector's email. */
    list(limit: number) {
      return db
        .selectFrom('audit_log')
        .leftJoin('inspectors', 'inspectors.id', 'audit_log.inspector_id')
        .select([
          'audit_log.at',
          'audit_log.action',
          'audit_log.target',
          'audit_log.details',
          'inspectors.email as inspector_email',
        ])
        .orderBy('audit_log.id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
