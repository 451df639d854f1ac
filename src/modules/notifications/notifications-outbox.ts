import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { claimDue } from '../../core/db/claim-due.js';
import type { Db } from '../../core/db/database.js';
import type { DB } from '../../core/db/schema.js';
import type { Logger } from '../../core/logger.js';
import type { Notifier } from './notifier.port.js';
import {
  type NotificationKind,
  type NotificationVars,
  type RenderedNotification,
  renderNotification,
} from './templates.js';

/** A message not sent after this many tries is given up (an operator sees it as failed). */
const MAX_ATTEMPTS = 5;
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
/** A claimed message is someone's for this long: longer than the notifier's own timeout and retries. */
const LEASE_MS = 120_000;

/**
 * Queues an alimtalk message in the caller's transaction, rendered now, so the text the customer
 * gets is the one the operators see, and a rolled-back change sends nothing.
 */
export async function enqueueNotification<K extends NotificationKind>(
  trx: Transaction<DB>,
  message: { contractId: string; kind: K; recipient: string | null; vars: NotificationVars[K]; at: Date },
): Promise<void> {
  const rendered = renderNotification(message.kind, message.vars);
  await trx
    .insertInto('notifications')
    .values({
      contract_id: message.contractId,
      kind: message.kind,
      recipient: message.recipient,
      rendered: JSON.stringify(rendered),
      status: message.recipient ? 'pending' : 'failed',
      last_error: message.recipient ? null : 'no recipient: personal data erased',
      next_attempt_at: message.at,
      created_at: message.at,
    })
    .execute();
}

export async function cancelPendingNotifications(trx: Transaction<DB>, contractId: string): Promise<void> {
  await trx
    .updateTable('notifications')
    .set({ status: 'cancelled', next_attempt_at: null })
    .where('contract_id', '=', contractId)
    .where('status', '=', 'pending')
    .execute();
}

/** Claims due messages (one worker each), sends them and records the outcome. */
export async function deliverDueNotifications(
  deps: { db: Db; clock: Clock; notifier: Notifier; logger: Logger },
  batch = 20,
): Promise<number> {
  const now = deps.clock.now();
  const claimed = await claimDue(deps.db, 'notifications', now, batch, LEASE_MS);
  for (const message of claimed) {
    const result = await deps.notifier.send({
      id: message.id,
      to: message.recipient ?? '',
      rendered: message.rendered as RenderedNotification,
    });
    const at = deps.clock.now();
    const update = deps.db
      .updateTable('notifications')
      .where('id', '=', message.id)
      .where('status', '=', 'pending');
    if (result.status === 'sent') {
      await update
        .set({
          status: 'sent',
          sent_at: at,
          provider_message_id: result.providerMessageId,
          next_attempt_at: null,
          last_error: null,
        })
        .execute();
      continue;
    }
    const retryIn =
      result.retryable && message.attempts < MAX_ATTEMPTS ? RETRY_DELAYS_MS[message.attempts - 1] : undefined;
    await update
      .set(
        retryIn === undefined
          ? { status: 'failed', next_attempt_at: null, last_error: result.error }
          : { next_attempt_at: new Date(at.getTime() + retryIn), last_error: result.error },
      )
      .execute();
    deps.logger.warn(
      { notification: message.id, error: result.error, retryable: result.retryable },
      'alimtalk not sent',
    );
  }
  return claimed.length;
}
