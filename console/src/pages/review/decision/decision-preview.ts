import type { Dossier } from '../../../api/types';
import { addCalendar, kstDate, kstDateTime, parseWireDateTime } from '../../../lib/time';
import type { DecisionBody } from './decision-types';

const TYPES = ['inspection.completed', 'inspection.reinspection_requested', 'inspection.rejected'] as const;

/**
 * What the partner's endpoint will receive: the spec's webhook body plus type, contract_id,
 * affiliate_uid and affiliate_cid, built as the server builds it (src/modules/inspection/decide-inspection.ts).
 * Times are those of the moment of sending.
 */
export function webhookPreview(dossier: Dossier, body: DecisionBody, now: Date): Record<string, unknown> {
  let spec: Record<string, unknown>;
  if (body.result === 0) {
    spec = { result: 0, inspection_complete: kstDateTime(now), insurance: body.insurance };
    if (dossier.payment.type === '1') {
      spec.checkout = {
        due_date: addCalendar(kstDate(now), { months: 1 }),
        amount: dossier.device.premium_monthly,
      };
    }
  } else if (body.result === 1) {
    spec = { result: 1, due_datetime: body.due_datetime, detail: body.detail, msg: body.msg };
  } else {
    spec = { result: 2, reject_type: body.reject_type, msg: body.msg };
  }
  return {
    ...spec,
    type: TYPES[body.result],
    contract_id: dossier.contract_id,
    affiliate_uid: dossier.affiliate.uid,
    affiliate_cid: dossier.affiliate.cid,
  };
}

export interface AlimtalkPreview {
  title: string;
  text: string;
  button: string | null;
}

/** The gist of the customer's alimtalk (src/modules/notifications/templates.ts), sent once the partner acknowledges. */
export function alimtalkPreview(dossier: Dossier, body: DecisionBody): AlimtalkPreview {
  const name = dossier.customer?.name ?? '고객';
  if (body.result === 0) {
    const { insurance_start: start, insurance_end: end } = body.insurance;
    return {
      title: '휴대폰 보험 가입 완료',
      text: `${name} 고객님, 휴대폰 보험 가입이 완료되었습니다.\n\n■ 보험 기간: ${start} ~ ${end}`,
      button: '가입정보 보기',
    };
  }
  if (body.result === 1) {
    const due = parseWireDateTime(body.due_datetime);
    return {
      title: '휴대폰 사진 재촬영 요청',
      text: `${name} 고객님, 보내주신 휴대폰 사진을 검수한 결과 다시 촬영이 필요합니다.\n\n■ 사유: ${body.msg}\n■ 재등록 기한: ${due ? kstDateTime(due).slice(0, 16) : body.due_datetime}`,
      button: '사진 다시 등록하기',
    };
  }
  return {
    title: '휴대폰 보험 가입 불가 안내',
    text: `${name} 고객님, 신청하신 휴대폰 보험은 검수 결과 가입이 어렵게 되었습니다.\n\n■ 사유: ${body.msg}`,
    button: null,
  };
}
