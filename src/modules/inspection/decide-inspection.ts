import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import {
  addCalendar,
  formatKstDate,
  formatKstDateTime,
  parseWireDate,
  parseWireDateTime,
} from '../../core/time.js';
import { applyTransition } from '../contracts/contract-transition.js';
import { type ContractPatch, contractsRepository } from '../contracts/contracts.repository.js';
import type { ContractAction } from '../contracts/transitions.js';
import { enqueueWebhook, type WebhookType } from '../webhooks/webhook-outbox.js';
import type { DecisionBody } from './inspection.schemas.js';
import { isRejectType } from './reject-types.js';

const DEFAULT_REINSPECTION_HOURS = 48;
const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

export interface Decider {
  /** `sandbox`: a test-mode contract deciding itself (modules/sandbox); recorded as such on the timeline. */
  kind: 'inspector' | 'scheduler' | 'sandbox';
  id: string | null;
}

interface Plan {
  action: ContractAction;
  type: WebhookType;
  webhook: Record<string, unknown>;
  patch: ContractPatch;
}

function insurancePeriod(body: Static<typeof DecisionBody>, now: Date) {
  const start = body.insurance?.insurance_start ?? addCalendar(formatKstDate(now), { days: 1 });
  if (!parseWireDate(start))
    throw invalid('insurance.insurance_start', 'insurance.insurance_start must be YYYY-MM-DD.');
  const end = body.insurance?.insurance_end ?? addCalendar(start, { years: 1, days: -1 });
  if (!parseWireDate(end) || end <= start)
    throw invalid(
      'insurance.insurance_end',
      'insurance.insurance_end must be a YYYY-MM-DD date after the start.',
    );
  return { insurance_start: start, insurance_end: end };
}

/** Turns the inspector's decision into the status action, the columns it sets and the spec's webhook body. */
export function planDecision(
  body: Static<typeof DecisionBody>,
  contract: { payment_type: string | null; premium_monthly: number },
  now: Date,
): Plan {
  if (body.result === 0) {
    const insurance = insurancePeriod(body, now);
    const webhook: Record<string, unknown> = {
      result: 0,
      inspection_complete: formatKstDateTime(now),
      insurance,
    };
    if (contract.payment_type === '1') {
      webhook.checkout = {
        due_date: addCalendar(formatKstDate(now), { months: 1 }),
        amount: contract.premium_monthly,
      };
    }
    return { action: 'approveInspection', type: 'inspection.completed', webhook, patch: insurance };
  }
  if (body.result === 1) {
    const due = body.due_datetime
      ? parseWireDateTime(body.due_datetime)
      : new Date(now.getTime() + DEFAULT_REINSPECTION_HOURS * 3_600_000);
    if (!due || due <= now)
      throw invalid('due_datetime', 'due_datetime must be a future "YYYY-MM-DD HH:mm:ss".');
    if (!body.detail)
      throw invalid('detail', 'detail with front and rear verdicts is required for a re-inspection.');
    const webhook = {
      result: 1,
      due_datetime: formatKstDateTime(due),
      detail: body.detail,
      msg: body.msg ?? '재촬영이 필요합니다.',
    };
    return {
      action: 'requestReinspection',
      type: 'inspection.reinspection_requested',
      webhook,
      patch: { reinspection_due_at: due },
    };
  }
  if (body.reject_type === undefined || !isRejectType(body.reject_type))
    throw invalid('reject_type', 'reject_type must be one of the documented codes (0, 1, 2, 3, 4, 9).');
  if (!body.msg) throw invalid('msg', 'msg is required for a rejection: the customer is told why.');
  return {
    action: 'rejectApplication',
    type: 'inspection.rejected',
    webhook: { result: 2, reject_type: body.reject_type, msg: body.msg },
    patch: {},
  };
}

/** The webhook body: the spec's fields, then our extensions naming the event and the contract. */
export function webhookPayload(
  steps: Pick<Plan, 'type' | 'webhook'>,
  contract: { id: string; affiliate_uid: string; affiliate_cid: string },
) {
  return {
    ...steps.webhook,
    type: steps.type,
    contract_id: contract.id,
    affiliate_uid: contract.affiliate_uid,
    affiliate_cid: contract.affiliate_cid,
  };
}

/**
 * One decision per inspection round: the status action, the decision row and the webhook in the
 * outbox, all in one transaction. A second decision on the round is 409.
 */
export async function decideInspection(
  deps: { db: Db; clock: Clock },
  contractId: string,
  body: Static<typeof DecisionBody>,
  decider: Decider,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const contracts = contractsRepository(trx);
    const contract = await contracts.decisionContext(contractId);
    if (!contract) throw notFound('Contract');
    const steps = planDecision(body, contract, now);
    // The scheduler rejects for the round that never came (no photos re-submitted), so it has a round of its own.
    const bySchedule = decider.kind === 'scheduler';
    const action = bySchedule ? 'rejectUnresubmitted' : steps.action;
    const round = bySchedule ? contract.inspection_round + 1 : contract.inspection_round;
    const updated = await applyTransition(trx, {
      contractId,
      action,
      at: now,
      actorId: decider.id,
      ...(decider.kind === 'sandbox' ? { recordAs: 'sandbox' as const } : {}),
      patch: steps.patch,
      note: `decision result ${body.result}`,
    });
    const decision = await contracts.insertDecision({
      contractId,
      round,
      result: body.result,
      body: steps.webhook,
      inspectorId: decider.kind === 'inspector' ? decider.id : null,
      at: now,
    });
    if (!decision)
      throw new AppError('conflict', `Round ${round} of this contract has already been decided.`);
    const payload = webhookPayload(steps, contract);
    const eventId = await enqueueWebhook(trx, {
      contract,
      decisionId: decision.id,
      type: steps.type,
      body: payload,
      at: now,
    });
    return { decision_id: decision.id, webhook_id: eventId, status: updated.status, webhook: payload };
  });
}
