import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { formatKstOrNull } from '../../core/time.js';
import type { AuditActor } from '../audit/audit.repository.js';
import {
  type NotificationStatus,
  notificationsRepository,
} from '../notifications/notifications.repository.js';
import { resendWebhook } from './webhook-delivery.js';
import { type DeliveryStatus, webhooksRepository } from './webhooks.repository.js';

const NOTIFICATION_STATUSES: readonly string[] = ['pending', 'sent', 'failed', 'cancelled'];

/** What operators see of the two outboxes: webhook deliveries and alimtalk messages, with their attempts. */
export function deliveriesService(deps: { db: Db; clock: Clock }) {
  const webhookOutbox = webhooksRepository(deps.db);
  const alimtalkOutbox = notificationsRepository(deps.db);

  return {
    async webhooks(status: DeliveryStatus | 'failed' | undefined, limit: number) {
      const rows = await webhookOutbox.listEvents(status, limit);
      return rows.map((row) => ({
        ...row,
        created_at: formatKstOrNull(row.created_at),
        finished_at: formatKstOrNull(row.finished_at),
        next_attempt_at: formatKstOrNull(row.next_attempt_at),
      }));
    },

    /** A status only webhooks have (`delivered`, `dead`…) matches no message. */
    async notifications(status: string | undefined, limit: number) {
      if (status !== undefined && !NOTIFICATION_STATUSES.includes(status)) return [];
      const rows = await alimtalkOutbox.list(status as NotificationStatus | undefined, limit);
      return rows.map((row) => ({
        ...row,
        created_at: formatKstOrNull(row.created_at),
        sent_at: formatKstOrNull(row.sent_at),
      }));
    },

    resend: (eventId: string, actor: AuditActor) => resendWebhook(deps.db, deps.clock, eventId, actor),

    /** One contract's webhooks and alimtalk messages, oldest first, each with every attempt. */
    async ofContract(contractId: string) {
      const [events, messages] = await Promise.all([
        webhookOutbox.eventsOfContract(contractId),
        alimtalkOutbox.ofContract(contractId),
      ]);
      return {
        deliveries: events.map(({ event, attempts }) => ({
          id: event.id,
          type: event.type,
          status: event.status,
          attempts: attempts.map((attempt) => ({
            attempt: attempt.attempt,
            at: formatKstOrNull(attempt.at),
            http_status: attempt.http_status,
            latency_ms: attempt.latency_ms,
            error: attempt.error,
            response_excerpt: attempt.response_excerpt,
          })),
          next_attempt_at: formatKstOrNull(event.next_attempt_at),
          last_error: event.last_error,
          outcome: event.outcome,
          body: JSON.parse(event.body),
          created_at: formatKstOrNull(event.created_at),
        })),
        notifications: messages.map(({ message, attempts }) => ({
          id: message.id,
          kind: message.kind,
          status: message.status,
          attempts: message.attempts,
          attempt_log: attempts.map((attempt) => ({
            attempt: attempt.attempt,
            at: formatKstOrNull(attempt.at),
            outcome: attempt.outcome,
            latency_ms: attempt.latency_ms,
            error: attempt.error,
          })),
          rendered: message.rendered,
          last_error: message.last_error,
          created_at: formatKstOrNull(message.created_at),
          sent_at: formatKstOrNull(message.sent_at),
        })),
      };
    },
  };
}

export type DeliveriesService = ReturnType<typeof deliveriesService>;
