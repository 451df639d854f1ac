/**
 * The contract statuses of the spec (0–7) and our two extensions (8 cancelled, 9 expired).
 * `code` is what the wire carries as `status`; `name` is the `status_name` extension; `label`
 * is the spec's own Korean wording, used in the console and in alimtalk.
 */
export const CONTRACT_STATUSES = [
  { code: 0, name: 'requested', label: '계약 요청' },
  { code: 1, name: 'device_registered', label: '기기정보 등록' },
  { code: 2, name: 'payment_pending', label: '결제 대기' },
  { code: 3, name: 'inspection_requested', label: '검수요청' },
  { code: 4, name: 'reinspection_requested', label: '재검수요청' },
  { code: 5, name: 'inspection_complete', label: '검수완료' },
  { code: 6, name: 'rejected', label: '인수거절' },
  { code: 7, name: 'contract_complete', label: '계약완료' },
  { code: 8, name: 'cancelled', label: '결제취소' },
  { code: 9, name: 'expired', label: '기한 만료' },
] as const;

type StatusEntry = (typeof CONTRACT_STATUSES)[number];

export type ContractStatus = StatusEntry['code'];
export type ContractStatusName = StatusEntry['name'];

/** Named codes, so that code reads `STATUS.paymentPending` rather than a bare 2. */
export const STATUS = {
  requested: 0,
  deviceRegistered: 1,
  paymentPending: 2,
  inspectionRequested: 3,
  reinspectionRequested: 4,
  inspectionComplete: 5,
  rejected: 6,
  contractComplete: 7,
  cancelled: 8,
  expired: 9,
} as const satisfies Record<string, ContractStatus>;

/**
 * A phone under cover or on its way to it: one such contract per phone (IMEI) and mode. The partial
 * unique index `contracts_active_imei` (migration 0003) has the same list; a test holds them equal.
 */
export const ACTIVE_STATUSES: readonly ContractStatus[] = [
  STATUS.deviceRegistered,
  STATUS.paymentPending,
  STATUS.inspectionRequested,
  STATUS.reinspectionRequested,
  STATUS.inspectionComplete,
  STATUS.contractComplete,
];

/** Finished without insurance: their personal data is kept only for the retention period. */
export const ENDED_WITHOUT_COVER: readonly ContractStatus[] = [
  STATUS.rejected,
  STATUS.cancelled,
  STATUS.expired,
];

export function isContractStatus(value: unknown): value is ContractStatus {
  return typeof value === 'number' && CONTRACT_STATUSES.some((s) => s.code === value);
}

function entryOf(code: ContractStatus): StatusEntry {
  // The array is indexed by code, so this lookup cannot miss for a typed code.
  return CONTRACT_STATUSES[code];
}

export function statusName(code: ContractStatus): ContractStatusName {
  return entryOf(code).name;
}

export function statusLabel(code: ContractStatus): string {
  return entryOf(code).label;
}

/** `2 (payment_pending)`: the form error messages use, so partners see both the code and its meaning. */
export function describeStatus(code: ContractStatus): string {
  return `${code} (${statusName(code)})`;
}
