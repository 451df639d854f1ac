import type { Transaction } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import { addCalendar, formatKstDateTime, formatKstOrNull } from '../../core/time.js';
import { policiesRepository } from './policies.repository.js';

export interface CompletedContract {
  id: string;
  payment_type: '0' | '1' | null;
  payment_amount: number | null;
  insurance_start: string | null;
  insurance_end: string | null;
}

/**
 * The monthly due dates from the first (the completion webhook's checkout.due_date), a month apart
 * and clamped to shorter months (Jan 31 → Feb 28 → Mar 31), while they fall before cover's last
 * day: checkout paid the first month, so a year of cover takes eleven more.
 */
export function monthlyDueDates(firstDue: string, coverageEnd: string): string[] {
  const dates: string[] = [];
  for (let month = 0; ; month++) {
    const due = addCalendar(firstDue, { months: month });
    if (due >= coverageEnd) return dates;
    dates.push(due);
  }
}

/**
 * At status 7 the contract becomes a policy, in the acknowledgement's transaction: its payment
 * type, premium and cover, and for monthly payers the schedule of premiums still to come.
 */
export async function issuePolicy(
  trx: Transaction<DB>,
  contract: CompletedContract,
  /** The completion webhook's checkout (monthly payers): the first due date and the month's premium. */
  checkout: { due_date?: unknown; amount?: unknown } | undefined,
  at: Date,
): Promise<void> {
  const { insurance_start: start, insurance_end: end } = contract;
  if (!start || !end) return;
  const firstDue = typeof checkout?.due_date === 'string' ? checkout.due_date : null;
  const monthlyPremium = typeof checkout?.amount === 'number' ? checkout.amount : null;
  const monthly = contract.payment_type === '1' && firstDue !== null && monthlyPremium !== null;
  const schedule = monthly
    ? monthlyDueDates(firstDue, end).map((due_date) => ({
        contract_id: contract.id,
        due_date,
        amount: monthlyPremium,
      }))
    : [];
  await policiesRepository(trx).insert(
    {
      contract_id: contract.id,
      payment_type: monthly ? '1' : '0',
      premium: monthly ? monthlyPremium : (contract.payment_amount ?? 0),
      coverage_start: start,
      coverage_end: end,
      issued_at: at,
    },
    schedule,
  );
}

/** The policy as partners see it in the contract (dates as the spec writes them). */
export function policyView(policy: Awaited<ReturnType<ReturnType<typeof policiesRepository>['find']>>) {
  if (!policy) return null;
  return {
    payment_type: policy.payment_type,
    premium: policy.premium,
    coverage_start: policy.coverage_start,
    coverage_end: policy.coverage_end,
    issued_at: formatKstDateTime(policy.issued_at),
    schedule: policy.schedule.map((entry) => ({
      due_date: entry.due_date,
      amount: entry.amount,
      paid_at: formatKstOrNull(entry.paid_at),
    })),
  };
}
