/**
 * The documented `reject_type` codes of a rejection (`result: 2`). The spec shows `reject_type: 0`
 * without a list; this is ours, published in the OpenAPI document and the README.
 */
export const REJECT_TYPES = {
  0: '전면 액정 파손 (front screen damaged)',
  1: '후면 또는 외관 파손 (back or frame damaged)',
  2: '기기 불일치 (not the registered device)',
  3: '사진 도용·조작 의심 (photos reused or manipulated)',
  4: '재검수 자료 미제출 (no photos re-submitted by the deadline)',
  9: '기타 (other; see msg)',
} as const;

export type RejectType = keyof typeof REJECT_TYPES;
export const NO_RESUBMISSION: RejectType = 4;

export function isRejectType(value: number): value is RejectType {
  return Object.hasOwn(REJECT_TYPES, value);
}
