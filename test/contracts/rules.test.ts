import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONTRACT_STATUSES,
  type ContractStatus,
  describeStatus,
  isContractStatus,
  statusLabel,
  statusName,
} from '../../src/modules/contracts/contract-status.js';
import {
  isValidEmail,
  maskEmail,
  maskName,
  maskPhone,
  maskRrn,
  normaliseMobileNumber,
  parseResidentRegistrationNumber,
} from '../../src/modules/contracts/customer-rules.js';
import {
  CONTRACT_ACTIONS,
  canApply,
  describeStatusMismatch,
  TRANSITIONS,
  transitionFor,
} from '../../src/modules/contracts/transitions.js';

const ALL_STATUSES = CONTRACT_STATUSES.map((s) => s.code);

describe('contract statuses', () => {
  it('names and labels codes 0–9 as the spec and docs/architecture.md do', () => {
    assert.deepEqual(ALL_STATUSES, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(ALL_STATUSES.map(statusName), [
      'requested',
      'device_registered',
      'payment_pending',
      'inspection_requested',
      'reinspection_requested',
      'inspection_complete',
      'rejected',
      'contract_complete',
      'cancelled',
      'expired',
    ]);
    assert.deepEqual(ALL_STATUSES.map(statusLabel), [
      '계약 요청',
      '기기정보 등록',
      '결제 대기',
      '검수요청',
      '재검수요청',
      '검수완료',
      '인수거절',
      '계약완료',
      '결제취소',
      '기한 만료',
    ]);
    assert.equal(describeStatus(2), '2 (payment_pending)');
  });

  it('recognises only the ten codes', () => {
    for (const code of ALL_STATUSES) assert.equal(isContractStatus(code), true);
    for (const value of [-1, 10, 1.5, '1', null, undefined]) assert.equal(isContractStatus(value), false);
  });
});

describe('transition table', () => {
  // Written out from the spec and docs/architecture.md independently of the code, so a slip in either shows.
  const expected = [
    ['attemptDeviceCheck', [0], null, 'partner'],
    ['registerDevice', [0], 1, 'partner'],
    ['submitPhotos', [1], 2, 'partner'],
    ['recordPayment', [2], 3, 'partner'],
    ['cancelPayment', [3, 4, 5], 8, 'partner'],
    ['resubmitPhotos', [4], 3, 'partner'],
    ['approveInspection', [3], 5, 'inspector'],
    ['acknowledgeCompletion', [5], 7, 'webhook_ack'],
    ['acknowledgeReinspection', [3], 4, 'webhook_ack'],
    ['requestReinspection', [3], null, 'inspector'],
    ['rejectApplication', [3], null, 'inspector'],
    ['rejectUnresubmitted', [4], null, 'scheduler'],
    ['acknowledgeRejection', [3, 4], 6, 'webhook_ack'],
    ['expirePayment', [2], 9, 'scheduler'],
    ['expireUnfinished', [0, 1], 9, 'scheduler'],
  ] as const;

  it('declares exactly the expected actions, each once', () => {
    assert.deepEqual([...CONTRACT_ACTIONS].sort(), expected.map(([action]) => action).sort());
    assert.equal(new Set(CONTRACT_ACTIONS).size, CONTRACT_ACTIONS.length);
  });

  for (const [action, from, to, actor] of expected) {
    it(`${action}: ${from.join(',')} → ${to ?? 'unchanged'} by ${actor}`, () => {
      const t = transitionFor(action);
      assert.deepEqual([...t.from], [...from]);
      assert.equal(t.to, to);
      assert.equal(t.actor, actor);
    });
  }

  for (const transition of TRANSITIONS) {
    for (const status of ALL_STATUSES) {
      const allowed = (transition.from as readonly ContractStatus[]).includes(status);
      it(`${transition.action} ${allowed ? 'applies' : 'is refused'} in status ${status}`, () => {
        assert.equal(canApply(transition.action, status), allowed);
        if (allowed) return;
        const message = describeStatusMismatch(transition.action, status);
        assert.ok(
          message.startsWith(`Contract is in status ${describeStatus(status)}; ${transition.label} requires`),
        );
        for (const needed of transition.from) assert.ok(message.includes(describeStatus(needed)), message);
      });
    }
  }

  it('words the mismatch message as the partner sees it', () => {
    assert.equal(
      describeStatusMismatch('registerDevice', 2),
      'Contract is in status 2 (payment_pending); step-1 requires status 0 (requested).',
    );
    assert.equal(
      describeStatusMismatch('cancelPayment', 2),
      'Contract is in status 2 (payment_pending); checkout/cancel requires status 3 (inspection_requested), ' +
        '4 (reinspection_requested) or 5 (inspection_complete).',
    );
  });

  it('leaves 6, 7, 8 and 9 final and reaches every other status', () => {
    const sources = new Set<ContractStatus>(TRANSITIONS.flatMap((t) => t.from));
    for (const final of [6, 7, 8, 9] as const) assert.equal(sources.has(final), false);
    const targets = new Set<ContractStatus | null>(TRANSITIONS.map((t) => t.to));
    for (const status of ALL_STATUSES.filter((s) => s !== 0))
      assert.ok(targets.has(status), `status ${status}`);
  });
});

describe('parseResidentRegistrationNumber', () => {
  const now = new Date('2024-05-10T03:00:00Z');

  it('accepts the number with or without its dash', () => {
    for (const input of ['8609061000000', '860906-1000000', ' 860906-1000000 ']) {
      assert.deepEqual(parseResidentRegistrationNumber(input, now), {
        ok: true,
        value: '8609061000000',
        birthDate: '1986-09-06',
      });
    }
  });

  it('reads the century from the 7th digit, foreigners (5–8) included', () => {
    const cases = [
      ['1', '1986'],
      ['2', '1986'],
      ['5', '1986'],
      ['6', '1986'],
      ['3', '2008'],
      ['4', '2008'],
      ['7', '2008'],
      ['8', '2008'],
    ] as const;
    for (const [digit, year] of cases) {
      const yy = year.slice(2);
      const result = parseResidentRegistrationNumber(`${yy}0906${digit}000000`, now);
      assert.ok(result.ok, digit);
      assert.equal(result.birthDate, `${year}-09-06`);
    }
  });

  it('does not check the last digit (random since October 2020)', () => {
    for (const last of '0123456789')
      assert.equal(parseResidentRegistrationNumber(`860906100000${last}`, now).ok, true);
  });

  it('accepts 29 February in a leap year only', () => {
    assert.equal(parseResidentRegistrationNumber('0002293000000', now).ok, true);
    assert.equal(parseResidentRegistrationNumber('0002291000000', now).ok, false); // 1900 was not a leap year
    assert.equal(parseResidentRegistrationNumber('8502291000000', now).ok, false);
  });

  const refused = [
    ['30 February', '8602301000000', 'birth_date'],
    ['month 13', '8613061000000', 'birth_date'],
    ['month 00', '8600061000000', 'birth_date'],
    ['day 32', '8601321000000', 'birth_date'],
    ['day 00', '8601001000000', 'birth_date'],
    ['7th digit 9', '8609069000000', 'gender_digit'],
    ['7th digit 0', '8609060000000', 'gender_digit'],
    ['dash in the wrong place', '86090-61000000', 'format'],
    ['two dashes', '860906--1000000', 'format'],
    ['12 digits', '860906100000', 'format'],
    ['14 digits', '86090610000000', 'format'],
    ['letters', '86090610000a0', 'format'],
    ['spaces inside', '860906 1000000', 'format'],
    ['full-width digits', '８６０９０６１０００００００', 'format'],
    ['empty', '', 'format'],
    ['a future birth date', '2405113000000', 'future_birth_date'],
  ] as const;
  for (const [what, input, code] of refused) {
    it(`refuses ${what}`, () => {
      const result = parseResidentRegistrationNumber(input, now);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, code);
      if (input !== '') assert.ok(!result.reason.includes(input), 'the reason must not echo personal data');
    });
  }

  it('judges "today" in Korean time', () => {
    // 2024-05-10 20:00 UTC is already 11 May in Seoul.
    assert.equal(parseResidentRegistrationNumber('2405113000000', new Date('2024-05-10T20:00:00Z')).ok, true);
    assert.equal(parseResidentRegistrationNumber('2405103000000', now).ok, true);
  });
});

describe('normaliseMobileNumber', () => {
  const accepted = [
    ['01012345678', '01012345678'],
    ['010-1234-5678', '01012345678'],
    ['010 1234 5678', '01012345678'],
    ['+82 10-1234-5678', '01012345678'],
    ['+821012345678', '01012345678'],
    ['+82 010-1234-5678', '01012345678'],
    ['011-123-4567', '0111234567'],
    ['011-1234-5678', '01112345678'],
    ['016-123-4567', '0161234567'],
    ['017-1234-5678', '01712345678'],
    ['018-123-4567', '0181234567'],
    ['019-1234-5678', '01912345678'],
    ['+82 19 123 4567', '0191234567'],
  ] as const;
  for (const [input, value] of accepted) {
    it(`accepts ${input}`, () => assert.deepEqual(normaliseMobileNumber(input), { ok: true, value }));
  }

  const refused = [
    ['010 with 7 digits', '010-123-4567', 'length'],
    ['010 with 9 digits', '010-1234-56789', 'length'],
    ['011 with 6 digits', '011-123-456', 'length'],
    ['011 with 9 digits', '011-1234-56789', 'length'],
    ['+82 with a wrong length', '+82 10-123-4567', 'length'],
    ['a Seoul landline', '02-123-4567', 'not_mobile'],
    ['a regional landline', '031-123-4567', 'not_mobile'],
    ['012, never a mobile prefix', '012-1234-5678', 'not_mobile'],
    ['070 internet phone', '070-1234-5678', 'not_mobile'],
    ['+82 landline', '+82 2-123-4567', 'not_mobile'],
    ['another country code', '+81 10-1234-5678', 'format'],
    ['letters', '010-abcd-5678', 'format'],
    ['no leading zero', '1012345678', 'format'],
    ['dots', '010.1234.5678', 'format'],
    ['empty', '', 'format'],
  ] as const;
  for (const [what, input, code] of refused) {
    it(`refuses ${what}`, () => {
      const result = normaliseMobileNumber(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.code, code);
    });
  }
});

describe('isValidEmail', () => {
  for (const email of ['customer@example.com', 'a.b+tag@mail.example.co.kr', 'x@y.io']) {
    it(`accepts ${email}`, () => assert.equal(isValidEmail(email), true));
  }
  const refused = [
    'customer.example.com',
    'a@b@example.com',
    '@example.com',
    'customer@localhost',
    'customer@.example.com',
    'customer@example.com.',
    'customer@example..com',
    'cust omer@example.com',
    'customer@example.com ',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
    '',
  ];
  for (const email of refused) {
    it(`refuses ${JSON.stringify(email.length > 40 ? `${email.slice(0, 20)}…` : email)}`, () =>
      assert.equal(isValidEmail(email), false));
  }
});

describe('masking for partner responses', () => {
  it('masks names of 1 to 5 characters', () => {
    assert.equal(maskName('홍'), '*');
    assert.equal(maskName('김철'), '김*');
    assert.equal(maskName('홍길동'), '홍*동');
    assert.equal(maskName('남궁민수'), '남**수');
    assert.equal(maskName('황보길동이'), '황***이');
  });

  it('masks Latin names word by word', () => {
    assert.equal(maskName('John Smith'), 'J**n S***h');
    assert.equal(maskName('  Jo   Li  '), 'J* L*');
    assert.equal(maskName('Madonna'), 'M*****a');
  });

  it('masks the last four digits of a phone number', () => {
    assert.equal(maskPhone('01012345678'), '010-1234-****');
    assert.equal(maskPhone('0111234567'), '011-123-****');
    assert.equal(maskPhone('010-1234-5678'), '010-1234-****');
    assert.equal(maskPhone('12345'), '*****');
  });

  it('keeps two characters of the local part and the domain of an email', () => {
    assert.equal(maskEmail('customer@example.com'), 'cu******@example.com');
    assert.equal(maskEmail('abc@example.com'), 'ab*@example.com');
    assert.equal(maskEmail('ab@example.com'), 'a*@example.com');
    assert.equal(maskEmail('a@example.com'), '*@example.com');
    assert.equal(maskEmail('not-an-email'), 'no**********');
  });

  it('keeps the birth date and gender digit of a resident registration number', () => {
    assert.equal(maskRrn('8609061000000'), '860906-1******');
    assert.equal(maskRrn('860906-1000000'), '860906-1******');
    assert.equal(maskRrn('86090610'), '******-*******');
  });
});
