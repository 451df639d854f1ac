import { type ContractStatus, describeStatus, STATUS } from './contract-status.js';

/**
 * THE status table (docs/architecture.md, "The status table"): every change of a contract's status is one of these
 * rows, and nothing else writes `status`. Services apply a row under the contract's row lock,
 * checking its status against `from`, so that a concurrent change loses cleanly (409).
 */
export type Actor = 'partner' | 'inspector' | 'webhook_ack' | 'scheduler';

export interface Transition {
  readonly action: ContractAction;
  readonly from: readonly ContractStatus[];
  /** `null`: the action is allowed in `from` but leaves the status as it is. */
  readonly to: ContractStatus | null;
  readonly actor: Actor;
  /** How the action is named in error messages: the spec's endpoint for partner calls. */
  readonly label: string;
}

const { requested, deviceRegistered, paymentPending, inspectionRequested } = STATUS;
const { reinspectionRequested, inspectionComplete, rejected, contractComplete, cancelled, expired } = STATUS;

export const TRANSITIONS = [
  // A failed OCR or device match keeps the contract in 0 so the partner can simply call step-1
  // again; the row exists so that step-1 in any other status is refused like every other action.
  { action: 'attemptDeviceCheck', from: [requested], to: null, actor: 'partner', label: 'step-1' },
  { action: 'registerDevice', from: [requested], to: deviceRegistered, actor: 'partner', label: 'step-1' },
  { action: 'submitPhotos', from: [deviceRegistered], to: paymentPending, actor: 'partner', label: 'step-2' },
  {
    action: 'recordPayment',
    from: [paymentPending],
    to: inspectionRequested,
    actor: 'partner',
    label: 'checkout',
  },
  {
    action: 'cancelPayment',
    from: [inspectionRequested, reinspectionRequested, inspectionComplete],
    to: cancelled,
    actor: 'partner',
    label: 'checkout/cancel',
  },
  {
    action: 'resubmitPhotos',
    from: [reinspectionRequested],
    to: inspectionRequested,
    actor: 'partner',
    label: 'step-2/update',
  },
  {
    action: 'approveInspection',
    from: [inspectionRequested],
    to: inspectionComplete,
    actor: 'inspector',
    label: 'approving the inspection',
  },
  // A re-inspection request and a rejection leave the status at 3 until the partner acknowledges
  // the webhook; the rows make the inspector's decision obey the table like every other action.
  {
    action: 'requestReinspection',
    from: [inspectionRequested],
    to: null,
    actor: 'inspector',
    label: 'requesting a re-inspection',
  },
  {
    action: 'rejectApplication',
    from: [inspectionRequested],
    to: null,
    actor: 'inspector',
    label: 'rejecting',
  },
  // No new photos by the re-inspection deadline: the scheduler rejects on the inspectors' behalf.
  {
    action: 'rejectUnresubmitted',
    from: [reinspectionRequested],
    to: null,
    actor: 'scheduler',
    label: 'rejection for photos not re-submitted',
  },
  // The next three happen only when the partner answers our webhook with 2xx (spec, 검수결과 webhook).
  {
    action: 'acknowledgeCompletion',
    from: [inspectionComplete],
    to: contractComplete,
    actor: 'webhook_ack',
    label: "the partner's acknowledgement of completion",
  },
  {
    action: 'acknowledgeReinspection',
    from: [inspectionRequested],
    to: reinspectionRequested,
    actor: 'webhook_ack',
    label: "the partner's acknowledgement of a re-inspection request",
  },
  {
    action: 'acknowledgeRejection',
    from: [inspectionRequested, reinspectionRequested],
    to: rejected,
    actor: 'webhook_ack',
    label: "the partner's acknowledgement of a rejection",
  },
  {
    action: 'expirePayment',
    from: [paymentPending],
    to: expired,
    actor: 'scheduler',
    label: 'expiry of an unpaid contract',
  },
  {
    action: 'expireUnfinished',
    from: [requested, deviceRegistered],
    to: expired,
    actor: 'scheduler',
    label: 'expiry of an unfinished contract',
  },
] as const satisfies readonly (Omit<Transition, 'action'> & { action: string })[];

export type ContractAction = (typeof TRANSITIONS)[number]['action'];

export const CONTRACT_ACTIONS: readonly ContractAction[] = TRANSITIONS.map((t) => t.action);

export function transitionFor(action: ContractAction): Transition {
  const transition = TRANSITIONS.find((t) => t.action === action);
  // Unreachable for a typed action; guards callers that cast strings from outside.
  if (!transition) throw new Error(`Unknown contract action "${action}"`);
  return transition;
}

export function canApply(action: ContractAction, status: ContractStatus): boolean {
  return transitionFor(action).from.includes(status);
}

function listStatuses(statuses: readonly ContractStatus[]): string {
  const described = statuses.map(describeStatus);
  if (described.length === 1) return `status ${described[0]}`;
  return `status ${described.slice(0, -1).join(', ')} or ${described.at(-1)}`;
}

/**
 * The message of the 409 `invalid_status` error, e.g. "Contract is in status 2 (payment_pending);
 * step-1 requires status 0 (requested)." It names both sides so a partner can act without asking.
 */
export function describeStatusMismatch(action: ContractAction, current: ContractStatus): string {
  const transition = transitionFor(action);
  return `Contract is in status ${describeStatus(current)}; ${transition.label} requires ${listStatuses(transition.from)}.`;
}
