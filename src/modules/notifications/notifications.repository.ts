import type { Insertable, Selectable } from 'kysely';
import { claimDue } from '../../core/db/claim-due.js';
import type { Db } from '../../core/db/database.js';
import type { NotificationAttemptsTable, NotificationsTable } from '../../core/db/schema.js';

export type NotificationRow = Selectable<NotificationsTable>;
export type NotificationStatus = NotificationsTable['status'];

/** Every read and write of `notifications` (the alimtalk outbox) and `notification_attempts`. */
export function notificationsRepository(db: Db) {
  /** The message while it is still the sender's to settle. */
  const pendingMessage = (id: string) =>
    db.updateTable('notifications').where('id', '=', id).where('status', '=', 'pending');

  return {
    async insert(message: Insertable<NotificationsTable>): Promise<void> {
      await db.insertInto('notifications').values(message).execute();
    },

    async cancelPending(contractId: string): Promise<void> {
      await db
        .updateTable('notifications')
        .set({ status: 'cancelled', next_attempt_at: null })
        .where('contract_id', '=', contractId)
        .where('status', '=', 'pending')
        .execute();
    },

    claimDue: (now: Date, batch: number, leaseMs: number) =>
      claimDue(db, 'notifications', now, batch, leaseMs),

    async recordAttempt(attempt: Insertable<NotificationAttemptsTable>): Promise<void> {
      await db.insertInto('notification_attempts').values(attempt).execute();
    },

    async markSent(id: string, at: Date, providerMessageId: string): Promise<void> {
      await pendingMessage(id)
        .set({
          status: 'sent',
          sent_at: at,
          provider_message_id: providerMessageId,
          next_attempt_at: null,
          last_error: null,
        })
        .execute();
    },

    /** Another attempt at `next`, or failed for good when `next` is null. */
    async markRetry(id: string, next: Date | null, error: string): Promise<void> {
      await pendingMessage(id)
        .set(
          next === null
            ? { status: 'failed', next_attempt_at: null, last_error: error }
            : { next_attempt_at: next, last_error: error },
        )
        .execute();
    },

    /** Newest first; `failed` is the failed status itself. */
    list(status: NotificationStatus | undefined, limit: number) {
      let query = db
        .selectFrom('notifications')
        .select([
          'id',
          'contract_id',
          'kind',
          'status',
          'attempts',
          'rendered',
          'last_error',
          'created_at',
          'sent_at',
        ]);
      if (status) query = query.where('status', '=', status);
      return query.orderBy('created_at', 'desc').limit(limit).execute();
    },

    /** A contract's messages, oldest first, each with its attempts in order. */
    async ofContract(contractId: string) {
      const messages = await db
        .selectFrom('notifications')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('created_at')
        .execute();
      const attempts = messages.length
        ? await db
            .selectFrom('notification_attempts')
            .selectAll()
            .where(
              'notification_id',
              'in',
              messages.map((message) => message.id),
            )
            .orderBy('id')
            .execute()
        : [];
      return messages.map((message) => ({
        message,
        attempts: attempts.filter((attempt) => attempt.notification_id === message.id),
      }));
    },
  };
}
