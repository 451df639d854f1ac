import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import { webhooksRepository } from './webhooks.repository.js';

export type WebhookType =
  | 'inspection.completed'
  | 'inspection.reinspection_requested'
  | 'inspection.rejected';

/**
 * Writes the webhook to the outbox in the caller's transaction (with the decision), so an event
 * exists exactly when its decision does. The id is the Standard Webhooks `webhook-id`, the same on
 * every attempt so the partner can drop repeats.
 */
export async function enqueueWebhook(
  trx: Transaction<DB>,
  event: {
    contract: { id: string; affiliate_id: string; mode: 'live' | 'test' };
    decisionId: string;
    type: WebhookType;
    body: Record<string, unknown>;
    at: Date;
  },
): Promise<string> {
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  await webhooksRepository(trx).insertEvent({
    id,
    contract_id: event.contract.id,
    decision_id: event.decisionId,
    affiliate_id: event.contract.affiliate_id,
    mode: event.contract.mode,
    type: event.type,
    body: JSON.stringify(event.body),
    status: 'pending',
    next_attempt_at: event.at,
    created_at: event.at,
  });
  return id;
}

/** A cancelled contract's undelivered webhooks are not sent; one already in flight records its answer and changes nothing. */
export function cancelPendingWebhooks(trx: Transaction<DB>, contractId: string, at: Date): Promise<void> {
  return webhooksRepository(trx).cancelPending(contractId, at);
}
