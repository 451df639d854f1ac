/** Worked examples of the refund rules (src/modules/policies/refund-rules.ts), each figured by hand. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  monthContaining,
  type PolicyTerms,
  previewRefund,
  refundDayOf,
  withdrawalLastDay,
} from '../../src/modules/policies/refund-rules.js';

const lumpSum: PolicyTerms = {
  appliedOn: '2027-01-02',
  documentOn: '2027-01-04',
  coverageStart: '2027-01-05',
  coverageEnd: '2028-01-04',
  paymentType: 'lump_sum',
  premium: 120_000,
  paidTotal: 120_000,
};
const monthly: PolicyTerms = {
  ...lumpSum,
  appliedOn: '2027-01-28',
  documentOn: '2027-01-30',
  coverageStart: '2027-01-31',
  coverageEnd: '2028-01-30',
  paymentType: 'monthly',
  premium: 9_900,
  paidTotal: 9_900,
  currentMonthPaid: true,
};

describe('cooling-off withdrawal (청약철회)', () => {
  test('15 days from the policy document, the first day not counted', () => {
    assert.equal(withdrawalLastDay(lumpSum), '2027-01-19'); // 01-04 + 15
    assert.deepEqual(previewRefund(lumpSum, '2027-01-19').kind, 'withdrawal');
    assert.deepEqual(previewRefund(lumpSum, '2027-01-20').kind, 'cancellation');
  });

  test('day 14 of cover: everything paid comes back', () => {
    const preview = previewRefund(lumpSum, '2027-01-18');
    assert.equal(preview.kind, 'withdrawal');
    assert.equal(preview.refund, 120_000);
    assert.deepEqual(preview.lines, [
      '청약철회 기간(2027-01-19까지) 안의 요청입니다: 납입한 보험료 전액 120,000원을 돌려드립니다.',
    ]);
  });

  test('30 days from the application end it earlier when the document came late', () => {
    const late = { ...lumpSum, appliedOn: '2027-01-02', documentOn: '2027-01-25' };
    assert.equal(withdrawalLastDay(late), '2027-02-01'); // 01-02 + 30, before 01-25 + 15 = 02-09
  });

  test('the windows cross a leap day and a year end', () => {
    assert.equal(withdrawalLastDay({ appliedOn: '2028-02-20', documentOn: '2028-02-20' }), '2028-03-06');
    assert.equal(withdrawalLastDay({ appliedOn: '2027-12-20', documentOn: '2027-12-22' }), '2028-01-06');
  });
});

describe('cancellation (해지), lump sum: pro rata by unused days of cover', () => {
  test('day 200: 165 of 365 days unused', () => {
    // Cover 2027-01-05..2028-01-04 is 365 days; day 200 is 2027-07-23, used through its end.
    const preview = previewRefund(lumpSum, '2027-07-23');
    assert.equal(preview.kind, 'cancellation');
    assert.equal(preview.refund, 54_246); // 120,000 × 165 / 365 = 54,246.57
    assert.deepEqual(preview.lines, [
      '해지일 2027-07-23: 보장은 이 날 24시에 끝납니다.',
      '일시납 보험료 120,000원 × 미경과 165일 / 365일 = 54,246원 (원 미만 절사)',
    ]);
  });

  test('a cover year holding 29 February has 366 days', () => {
    const leap = { ...lumpSum, coverageStart: '2027-06-01', coverageEnd: '2028-05-31' };
    // Used 2027-06-01..2028-02-29 = 274 days, 92 unused: 120,000 × 92 / 366 = 30,163.9
    assert.equal(previewRefund(leap, '2028-02-29').refund, 30_163);
  });

  test('cancelled on the last day of cover: nothing unused', () => {
    assert.equal(previewRefund(lumpSum, '2028-01-04').refund, 0);
  });

  test('a refund under 1,000 won is not paid', () => {
    // Two days unused: 120,000 × 2 / 365 = 657.5
    const preview = previewRefund(lumpSum, '2028-01-02');
    assert.equal(preview.refund, 0);
    assert.equal(preview.lines.at(-1), '1,000원 미만의 환급금은 지급하지 않습니다.');
  });
});

describe('cancellation (해지), monthly: the unused days of the current month', () => {
  test('months run from the start day, clamped to shorter months', () => {
    assert.deepEqual(monthContaining('2027-01-31', '2027-02-15'), {
      first: '2027-01-31',
      last: '2027-02-27',
    });
    assert.deepEqual(monthContaining('2027-01-31', '2027-02-28'), {
      first: '2027-02-28',
      last: '2027-03-30',
    });
    assert.deepEqual(monthContaining('2027-01-31', '2027-03-31'), {
      first: '2027-03-31',
      last: '2027-04-29',
    });
    assert.deepEqual(monthContaining('2028-01-31', '2028-02-29'), {
      first: '2028-02-29',
      last: '2028-03-30',
    });
  });

  test('cancelled on day 10 of a month that starts on a clamped 28 February', () => {
    // Month 2027-02-28..2027-03-30 is 31 days; used through 03-09 = 10 days, 21 unused: 9,900 × 21 / 31 = 6,706.4
    const preview = previewRefund(monthly, '2027-03-09');
    assert.equal(preview.kind, 'cancellation');
    assert.equal(preview.refund, 6_706);
    assert.equal(
      preview.lines[1],
      '2027-02-28~2027-03-30 월 보험료 9,900원 × 미경과 21일 / 31일 = 6,706원 (원 미만 절사)',
    );
  });

  test('a month not paid refunds nothing', () => {
    const preview = previewRefund({ ...monthly, currentMonthPaid: false }, '2027-03-09');
    assert.equal(preview.refund, 0);
    assert.match(preview.lines[1] ?? '', /납입되지 않아/);
  });

  test('withdrawal refunds every month paid', () => {
    assert.equal(previewRefund({ ...monthly, paidTotal: 9_900 }, '2027-02-10').refund, 9_900);
  });
});

describe('the day of a request is its KST calendar day', () => {
  test('23:59:59 KST is that day, midnight KST the next', () => {
    assert.equal(refundDayOf(new Date('2027-07-23T14:59:59Z')), '2027-07-23');
    assert.equal(refundDayOf(new Date('2027-07-23T15:00:00Z')), '2027-07-24');
    // The withdrawal window's last day ends at midnight KST, not UTC.
    const lastMoment = refundDayOf(new Date('2027-01-19T14:59:59Z'));
    assert.equal(previewRefund(lumpSum, lastMoment).kind, 'withdrawal');
    assert.equal(previewRefund(lumpSum, refundDayOf(new Date('2027-01-19T15:00:00Z'))).kind, 'cancellation');
  });
});
