import { performance } from 'node:perf_hooks';
import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { DB, Mode } from '../../core/db/schema.js';
import type { Logger } from '../../core/logger.js';
import { HOUR, MINUTE, nextAttemptDelay, type RetrySchedule } from '../../core/retry-schedule.js';
import { type NotificationRow, notificationsRepository } from './notifications.repository.js';
import type { Notifier } from './notifier.port.js';
import { createOutboxNotifier } from './outbox-notifier.js';
import {
  type NotificationKind,
  type NotificationVars,
  type RenderedNotification,
  renderNotification,
} from './templates.js';

/**
 * Alimtalk tries: at once, then 1 min, 5 min, 30 min and 2 h later, for failures the notifier calls
 * retryable; after the fifth the message is failed for good (operators see it). Vendors answer in
 * seconds, so the waits are shorter than the webhooks'.
 */
export const ALIMTALK_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [0, MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR],
  jitter: 0.2,
  maxRetryAfterMs: 2 * HOUR,
};
/** A claimed message is someone's for this long: longer than the notifier's own timeout and retries. */
const LEASE_MS = 2 * MINUTE;

/**
 * Queues an alimtalk message in the caller's transaction, rendered now, so the text the customer
 * gets is the one the operators see, and a rolled-back change sends nothing.
 */
export async function enqueueNotification<K extends NotificationKind>(
  trx: Transaction<DB>,
  message: {
    contractId: string;
    /** The contract's: a test-mode message is recorded, never sent. */
    mode: Mode;
    kind: K;
    recipient: string | null;
    vars: NotificationVars[K];
    at: Date;
  },
): Promise<void> {
  const rendered = renderNotification(message.kind, message.vars);
  await notificationsRepository(trx).insert({
    contract_id: message.contractId,
    mode: message.mode,
    kind: message.kind,
    recipient: message.recipient,
    rendered: JSON.stringify(rendered),
    status: message.recipient ? 'pending' : 'failed',
    last_error: message.recipient ? null : 'no recipient: personal data erased',
    next_attempt_at: message.at,
    created_at: message.at,
  });
}

export function cancelPendingNotifications(trx: Transaction<DB>, contractId: string): Promise<void> {
  return notificationsRepository(trx).cancelPending(contractId);
}

/** Test-mode customers are whoever a partner's developer typed in: their messages stay in the outbox. */
const SANDBOX_NOTIFIER = createOutboxNotifier('sandbox');

interface SendDeps {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  logger: Logger;
}

/** One attempt at one claimed message, recorded with its outcome in one transaction. */
async function sendOne(deps: SendDeps, message: NotificationRow): Promise<void> {
  const started = performance.now();
  const notifier = message.mode === 'test' ? SANDBOX_NOTIFIER : deps.notifier;
  const result = await notifier.send({
    id: message.id,
    to: message.recipient ?? '',
    rendered: message.rendered as RenderedNotification,
  });
  const at = deps.clock.now();
  const sent = result.status === 'sent';
  const delay =
    !sent && result.retryable ? nextAttemptDelay(ALIMTALK_RETRY_SCHEDULE, message.attempts) : null;
  await deps.db.transaction().execute(async (trx) => {
    const outbox = notificationsRepository(trx);
    await outbox.recordAttempt({
      notification_id: message.id,
      attempt: message.attempts,
      at,
      latency_ms: Math.round(performance.now() - started),
      outcome: result.status,
      retryable: sent ? null : result.retryable,
      provider_message_id: sent ? result.providerMessageId : null,
      error: sent ? null : result.error,
    });
    if (sent) await outbox.markSent(message.id, at, result.providerMessageId);
    else
      await outbox.markRetry(
        message.id,
        delay === null ? null : new Date(at.getTime() + delay),
        result.error,
      );
  });
  if (!sent) {
    deps.logger.warn(
      { notification: message.id, error: result.error, retryable: result.retryable },
      'alimtalk not sent',
    );
  }
}

/** Claims due messages (one worker each), sends them and records the outcome. */
export async function deliverDueNotifications(deps: SendDeps, batch = 20): Promise<number> {
  const claimed = await notificationsRepository(deps.db).claimDue(deps.clock.now(), batch, LEASE_MS);
  for (const message of claimed) await sendOne(deps, message);
  return claimed.length;
}
