import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { isUuid } from '../../core/ids.js';
import { formatKstDateTime, parseWireDateTime } from '../../core/time.js';
import { cancelPendingNotifications } from '../notifications/notifications-outbox.js';
import { cancelPendingWebhooks } from '../webhooks/webhook-outbox.js';
import { applyTransition } from './contract-transition.js';
import { statusFields } from './contract-view.js';
import type { CancelBody, CheckoutBody } from './contracts.schemas.js';

/** How far a partner's clock may run ahead of ours before a payment time counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface PaymentDeps {
  db: Db;
  clock: Clock;
}

function paymentTime(input: string, now: Date, field = 'datetime'): Date {
  const at = parseWireDateTime(input);
  if (!at)
    throw new AppError(
      'validation_failed',
      `${field} must be "YYYY-MM-DD HH:mm:ss" (Korean time) or ISO 8601.`,
      field,
    );
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new AppError('validation_failed', `${field} is in the future.`, field);
  return at;
}

/** 결제정보 등록: the payment must match the device's premium and arrive before the deadline. */
export async function recordPayment(
  deps: PaymentDeps,
  owner: Caller,
  contractId: string,
  body: Static<typeof CheckoutBody>,
) {
  const now = deps.clock.now();
  const paidAt = paymentTime(body.datetime, now);
  const type = String(body.type) as '0' | '1';
  const contract = !isUuid(contractId)
    ? undefined
    : await deps.db
        .selectFrom('contracts')
        .innerJoin('devices', 'devices.id', 'contracts.device_id')
        .select([
          'contracts.status',
          'contracts.payment_due_at',
          'contracts.photos_submitted_at',
          'devices.premium_lump_sum',
          'devices.premium_monthly',
        ])
        .where('contracts.id', '=', contractId)
        .where('contracts.affiliate_id', '=', owner.affiliateId)
        .where('contracts.mode', '=', owner.mode)
        .executeTakeFirst();
  if (!contract) throw notFound('Contract');
  if (contract.status === 2 && contract.payment_due_at && now > contract.payment_due_at) {
    // The deadline decides, whether or not the scheduler has come round yet.
    await deps.db.transaction().execute((trx) =>
      applyTransition(trx, {
        contractId,
        action: 'expirePayment',
        at: now,
        note: 'checkout after the payment deadline',
      }),
    );
    throw new AppError(
      'payment_deadline_passed',
      `The payment deadline (${formatKstDateTime(contract.payment_due_at)}) has passed; the contract has expired.`,
    );
  }
  // Wire times have whole seconds and partners' clocks drift: "before step-2" means before it by more than the skew.
  if (
    contract.status === 2 &&
    contract.photos_submitted_at &&
    paidAt.getTime() < new Date(contract.photos_submitted_at).getTime() - CLOCK_SKEW_MS
  ) {
    throw new AppError(
      'validation_failed',
      'datetime is before the photos were submitted (step-2).',
      'datetime',
    );
  }
  const expected = type === '0' ? contract.premium_lump_sum : contract.premium_monthly;
  if (contract.status === 2 && body.amount !== expected) {
    throw new AppError(
      'amount_mismatch',
      `amount must be ${expected} KRW for ${type === '0' ? 'a lump-sum' : 'a monthly'} payment of this device.`,
      'amount',
    );
  }
  const updated = await deps.db.transaction().execute((trx) =>
    applyTransition(trx, {
      contractId,
      action: 'recordPayment',
      at: now,
      owner,
      actorId: owner.keyId,
      patch: {
        payment_type: type,
        payment_amount: body.amount,
        paid_at: paidAt,
        inspection_requested_at: now,
      },
    }),
  );
  return { result: true, ...statusFields(updated.status) };
}

/** 결제취소: allowed in statuses 3, 4 and 5. */
export async function cancelPayment(
  deps: PaymentDeps,
  owner: Caller,
  contractId: string,
  body: Static<typeof CancelBody>,
) {
  const now = deps.clock.now();
  const cancelledAt = paymentTime(body.datetime, now);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await applyTransition(trx, {
      contractId,
      action: 'cancelPayment',
      at: now,
      owner,
      actorId: owner.keyId,
      patch: { cancelled_at: cancelledAt },
    });
    // What was not yet delivered is not sent at all; an attempt in flight records its answer and changes nothing.
    await cancelPendingWebhooks(trx, contractId, now);
    await cancelPendingNotifications(trx, contractId);
    return row;
  });
  return { result: true, ...statusFields(updated.status) };
}
