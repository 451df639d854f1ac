export type DecisionKind = 'approve' | 'reinspect' | 'reject';

export interface SideVerdict {
  result: boolean;
  msg: string | null;
}

/** The body of POST /admin/api/contracts/:id/inspection. */
export type DecisionBody =
  | { result: 0; insurance: { insurance_start: string; insurance_end: string } }
  | { result: 1; due_datetime: string; detail: { front: SideVerdict; rear: SideVerdict }; msg: string }
  | { result: 2; reject_type: number; msg: string };
