/**
 * The policy's refund rules after status 7, in one table (issue 15): cooling-off withdrawal
 * (청약철회) and pro-rata cancellation (해지). Dates are KST calendar days ("YYYY-MM-DD"); cover runs
 * from its start day to its end day inclusive, and a cancellation ends it at the end of the day
 * requested. Worked examples: test/policies/refund-rules.test.ts.
 */
import { addCalendar, formatKstDate } from '../../core/time.js';

export const REFUND_RULES = {
  /**
   * 금융소비자보호법 §46(1)1, protection-type products: within 15 days of receiving the policy
   * document and within 30 days of the application. The first day is not counted (민법 §157), so the
   * last day is the start day plus the period.
   */
  withdrawalDaysFromPolicyDocument: 15,
  withdrawalDaysFromApplication: 30,
  /** Refunds are whole won, the fraction cut off (원 미만 절사). */
  roundWon: Math.floor,
  /**
   * A cancellation refund under this is not paid (the transfer costs more). Our decision, not the
   * law's; a withdrawal always refunds everything paid.
   */
  minimumCancellationRefundWon: 1_000,
} as const;

export type RefundKind = 'withdrawal' | 'cancellation';

export interface PolicyTerms {
  /** When the contract was applied for (created), KST day. */
  appliedOn: string;
  /** When the customer received the policy document (status 7), KST day. */
  documentOn: string;
  coverageStart: string;
  coverageEnd: string;
  paymentType: 'lump_sum' | 'monthly';
  /** Lump sum: the premium paid; monthly: one month's premium. */
  premium: number;
  /** Every premium paid so far (the withdrawal refunds them all). */
  paidTotal: number;
  /** Monthly only: whether the month containing the cancellation day is paid. */
  currentMonthPaid?: boolean;
}

export interface RefundPreview {
  kind: RefundKind;
  refund: number;
  /** How the amount came about, in Korean, one step a line. */
  lines: string[];
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
/** Days from `from` to `to`, `to` not counted: 2027-01-01 → 2027-01-02 is 1. */
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
const addDays = (day: string, days: number) => addCalendar(day, { days });
const won = (amount: number) => `${amount.toLocaleString('ko-KR')}원`;

/** The KST calendar day a requested moment falls on: 23:59:59 KST is still that day, 00:00 the next. */
export const refundDayOf = (at: Date): string => formatKstDate(at);

/** The last day a withdrawal is accepted: the earlier of the two statutory windows. */
export function withdrawalLastDay(terms: Pick<PolicyTerms, 'appliedOn' | 'documentOn'>): string {
  const byDocument = addDays(terms.documentOn, REFUND_RULES.withdrawalDaysFromPolicyDocument);
  const byApplication = addDays(terms.appliedOn, REFUND_RULES.withdrawalDaysFromApplication);
  // ISO days order as text.
  return [byDocument, byApplication].sort()[0] as string;
}

/**
 * The month of a monthly policy that contains `day`: months run from the coverage start's day of
 * the month, clamped to shorter months (Jan 31 → Feb 28 → Mar 31).
 */
export function monthContaining(coverageStart: string, day: string): { first: string; last: string } {
  let months = 0;
  while (addCalendar(coverageStart, { months: months + 1 }) <= day) months += 1;
  return {
    first: addCalendar(coverageStart, { months }),
    last: addDays(addCalendar(coverageStart, { months: months + 1 }), -1),
  };
}

/** Unused days of `first`..`last` when cover ends at the end of `day` (all of them before `first`). */
function unusedDays(first: string, last: string, day: string): { unused: number; total: number } {
  const total = daysBetween(first, last) + 1;
  const used = Math.min(total, Math.max(0, daysBetween(first, day) + 1));
  return { unused: total - used, total };
}

function cancellation(terms: PolicyTerms, day: string): RefundPreview {
  const monthly = terms.paymentType === 'monthly';
  const period = monthly
    ? monthContaining(terms.coverageStart, day)
    : { first: terms.coverageStart, last: terms.coverageEnd };
  const { unused, total } = unusedDays(period.first, period.last, day);
  const paid = !monthly || terms.currentMonthPaid !== false;
  const label = monthly ? `${period.first}~${period.last} 월 보험료` : '일시납 보험료';
  const lines = [`해지일 ${day}: 보장은 이 날 24시에 끝납니다.`];
  if (!paid) {
    lines.push(`${period.first}~${period.last} 월 보험료가 납입되지 않아 돌려드릴 보험료가 없습니다.`);
    return { kind: 'cancellation', refund: 0, lines };
  }
  const exact = REFUND_RULES.roundWon((terms.premium * unused) / total);
  lines.push(
    `${label} ${won(terms.premium)} × 미경과 ${unused}일 / ${total}일 = ${won(exact)} (원 미만 절사)`,
  );
  if (exact > 0 && exact < REFUND_RULES.minimumCancellationRefundWon) {
    lines.push(`${won(REFUND_RULES.minimumCancellationRefundWon)} 미만의 환급금은 지급하지 않습니다.`);
    return { kind: 'cancellation', refund: 0, lines };
  }
  return { kind: 'cancellation', refund: exact, lines };
}

/** What ending the policy on `day` (a KST calendar day) refunds, and why. */
export function previewRefund(terms: PolicyTerms, day: string): RefundPreview {
  const lastDay = withdrawalLastDay(terms);
  if (day <= lastDay) {
    return {
      kind: 'withdrawal',
      refund: terms.paidTotal,
      lines: [
        `청약철회 기간(${lastDay}까지) 안의 요청입니다: 납입한 보험료 전액 ${won(terms.paidTotal)}을 돌려드립니다.`,
      ],
    };
  }
  return cancellation(terms, day);
}
