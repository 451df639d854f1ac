import type { DecisionRequest } from '../../../api/types';

export type DecisionKind = 'approve' | 'reinspect' | 'reject';

/** One side's verdict in a re-inspection request. */
export type SideVerdict = NonNullable<DecisionRequest['detail']>['front'];

/**
 * The body of POST /admin/api/contracts/:id/inspection as the forms send it: a body the route takes
 * (its generated type), with what each decision needs filled in rather than left to the defaults.
 */
export type DecisionBody = DecisionRequest &
  (
    | { result: 0; insurance: { insurance_start: string; insurance_end: string } }
    | { result: 1; due_datetime: string; detail: { front: SideVerdict; rear: SideVerdict }; msg: string }
    | { result: 2; reject_type: number; msg: string }
  );
