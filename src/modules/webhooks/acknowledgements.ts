import type { Transaction } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import { applyTransition } from '../contracts/contract-transition.js';
import type { ContractAction } from '../contracts/transitions.js';
import { enqueueNotification } from '../notifications/notifications-outbox.js';
import { issuePolicy } from '../policies/issue-policy.js';
import type { WebhookType } from './webhook-outbox.js';

/** What a partner's `{"result": true, ...}` answer to each webhook type does to the contract. */
const ACKNOWLEDGEMENTS: Record<
  WebhookType,
  { action: ContractAction; link: 'contract_url' | 'reinspection_url' | null }
> = {
  'inspection.completed': { action: 'acknowledgeCompletion', link: 'contract_url' },
  'inspection.reinspection_requested': { action: 'acknowledgeReinspection', link: 'reinspection_url' },
  'inspection.rejected': { action: 'acknowledgeRejection', link: null },
};

/** The link the answer must carry for the type; a 2xx without it is not an acknowledgement (it is retried). */
export function missingLink(type: WebhookType, answer: Record<string, unknown>): string | null {
  const { link } = ACKNOWLEDGEMENTS[type];
  if (!link) return null;
  const value = answer[link];
  return typeof value === 'string' && /^https?:\/\//.test(value) && value.length <= 2000 ? null : link;
}

interface EventForAck {
  id: string;
  contract_id: string;
  type: string;
  body: string;
}

/**
 * Applies an accepted acknowledgement: the status change, the link, and the customer's alimtalk, in
 * the caller's transaction. Returns what happened, for the event's record; a contract that moved on
 * meanwhile (cancelled, say) is left as it is.
 */
export async function applyAcknowledgement(
  trx: Transaction<DB>,
  event: EventForAck,
  answer: Record<string, unknown>,
  at: Date,
): Promise<string> {
  const type = event.type as WebhookType;
  const { action, link } = ACKNOWLEDGEMENTS[type];
  const sent = JSON.parse(event.body) as Record<string, unknown>;
  const patch =
    link === 'contract_url'
      ? { contract_url: String(answer.contract_url) }
      : link === 'reinspection_url'
        ? { reinspection_url: String(answer.reinspection_url) }
        : {};
  let contract: Awaited<ReturnType<typeof applyTransition>>;
  try {
    contract = await applyTransition(trx, {
      contractId: event.contract_id,
      action,
      at,
      patch,
      actorId: event.id,
      note: `webhook ${event.id} acknowledged`,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_status')
      return `acknowledged, contract unchanged: ${error.message}`;
    throw error;
  }
  const customer = { contractId: contract.id, mode: contract.mode, recipient: contract.customer_phone, at };
  const customerName = contract.customer_name ?? '고객';
  if (type === 'inspection.completed') {
    await issuePolicy(
      trx,
      contract,
      sent.checkout as { due_date?: unknown; amount?: unknown } | undefined,
      at,
    );
    await enqueueNotification(trx, {
      ...customer,
      kind: 'completion',
      vars: {
        customerName,
        contractUrl: String(answer.contract_url),
        insuranceStart: contract.insurance_start ?? '',
        insuranceEnd: contract.insurance_end ?? '',
      },
    });
  } else if (type === 'inspection.reinspection_requested') {
    await enqueueNotification(trx, {
      ...customer,
      kind: 'reinspection',
      vars: {
        customerName,
        reason: String(sent.msg ?? '재촬영이 필요합니다.'),
        reinspectionUrl: String(answer.reinspection_url),
        deadline: contract.reinspection_due_at ? new Date(contract.reinspection_due_at) : at,
      },
    });
  } else {
    await enqueueNotification(trx, {
      ...customer,
      kind: 'rejection',
      vars: { customerName, reason: String(sent.msg ?? '가입이 거절되었습니다.') },
    });
  }
  return `acknowledged: status ${contract.status}`;
}
