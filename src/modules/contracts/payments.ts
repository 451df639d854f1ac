import type { Transaction } from 'kysely';
import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { DB } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { formatKstDateTime, parseWireDateTime } from '../../core/time.js';
import type { DevicesService } from '../devices/devices.service.js';
import { statusFields } from './contract-mapping.js';
import type { ContractStatus } from './contract-status.js';
import { applyTransition } from './contract-transition.js';
import { contractsRepository } from './contracts.repository.js';
import type { CancelBody, CheckoutBody } from './contracts.schemas.js';
import { findOwnedContract } from './owned-contract.js';
import { canApply } from './transitions.js';

/** How far a partner's clock may run ahead of ours before a payment time counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Told of a cancellation in its transaction: the outboxes drop what was not yet sent. */
export type CancellationSubscriber = (trx: Transaction<DB>, contractId: string, at: Date) => Promise<void>;

export interface PaymentDeps {
  db: Db;
  clock: Clock;
  devices: DevicesService;
  onCancelled: readonly CancellationSubscriber[];
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
  const contract = await findOwnedContract(contractsRepository(deps.db), owner, contractId);
  // The checks below apply only where the payment could be recorded; elsewhere the transition says 409.
  const payable = canApply('recordPayment', contract.status as ContractStatus);
  if (payable && contract.payment_due_at && now > contract.payment_due_at) {
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
    payable &&
    contract.photos_submitted_at &&
    paidAt.getTime() < new Date(contract.photos_submitted_at).getTime() - CLOCK_SKEW_MS
  ) {
    throw new AppError(
      'validation_failed',
      'datetime is before the photos were submitted (step-2).',
      'datetime',
    );
  }
  const device = await deps.devices.deviceById(contract.device_id);
  const expected = type === '0' ? device?.premium_lump_sum : device?.premium_monthly;
  if (payable && body.amount !== expected) {
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
    for (const notify of deps.onCancelled) await notify(trx, contractId, now);
    return row;
  });
  return { result: true, ...statusFields(updated.status) };
}
