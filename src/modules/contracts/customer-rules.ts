/**
 * Validation and masking of the customer data a partner sends in `contract/create/`.
 * Failure reasons are English sentences meant for the error's `message`; they never repeat the
 * input, because the input is personal data and error messages end up in partners' logs.
 */
export type RuleFailure<Code extends string> = { ok: false; code: Code; reason: string };

export type RrnFailureCode = 'format' | 'gender_digit' | 'birth_date' | 'future_birth_date';
export type RrnResult = { ok: true; value: string; birthDate: string } | RuleFailure<RrnFailureCode>;

export type MobileFailureCode = 'format' | 'not_mobile' | 'length';
export type MobileResult = { ok: true; value: string } | RuleFailure<MobileFailureCode>;

/** The 7th digit of a resident registration number: sex and century (5–8 are registered foreigners). */
const CENTURY_BY_GENDER_DIGIT: Record<string, number> = {
  '1': 1900,
  '2': 1900,
  '5': 1900,
  '6': 1900,
  '3': 2000,
  '4': 2000,
  '7': 2000,
  '8': 2000,
};

const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Today's date in Korea, where birth dates are reckoned; Korea has no daylight saving time. */
function seoulDate(now: Date): string {
  return new Date(now.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one, leap years included.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const fail = <Code extends string>(code: Code, reason: string): RuleFailure<Code> => ({
  ok: false,
  code,
  reason,
});

/**
 * Accepts `8609061000000` or `860906-1000000`. The check digit is deliberately not verified:
 * numbers issued since October 2020 end in a random digit, so a checksum would refuse real people.
 */
export function parseResidentRegistrationNumber(input: string, now: Date = new Date()): RrnResult {
  const match = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{6})$/.exec(input.trim());
  if (!match) {
    return fail(
      'format',
      'must be 13 digits, written either without a dash or as 6 digits, a dash and 7 digits.',
    );
  }
  const [, yy = '', mm = '', dd = '', genderDigit = '', rest = ''] = match;
  const century = CENTURY_BY_GENDER_DIGIT[genderDigit];
  if (century === undefined) return fail('gender_digit', 'must have 1 to 8 as its 7th digit.');
  const [year, month, day] = [century + Number(yy), Number(mm), Number(dd)];
  if (!isRealDate(year, month, day)) {
    return fail('birth_date', 'must begin with a real birth date (YYMMDD).');
  }
  const birthDate = `${year}-${mm}-${dd}`;
  if (birthDate > seoulDate(now))
    return fail('future_birth_date', 'must not have a birth date in the future.');
  const value = `${yy}${mm}${dd}${genderDigit}${rest}`;
  return { ok: true, value, birthDate };
}

/** 010 numbers have 8 digits after the prefix; the old prefixes (011, 016–019) have 7 or 8. */
const DIGITS_AFTER_PREFIX: Record<string, readonly number[]> = {
  '010': [8],
  '011': [7, 8],
  '016': [7, 8],
  '017': [7, 8],
  '018': [7, 8],
  '019': [7, 8],
};

/**
 * Returns the bare digits (`01012345678`) of a Korean mobile number written with or without
 * dashes or spaces, or in international form (`+82 10-1234-5678`; `+82 010…` is tolerated too).
 */
export function normaliseMobileNumber(input: string): MobileResult {
  const compact = input.trim().replace(/[\s-]/g, '');
  const international = /^\+82(\d+)$/.exec(compact);
  const digits = international ? `0${international[1]?.replace(/^0/, '')}` : compact;
  if (!/^0\d+$/.test(digits)) {
    return fail('format', 'must be a Korean mobile number of digits, e.g. 01012345678 or +82 10-1234-5678.');
  }
  const prefix = digits.slice(0, 3);
  const lengths = DIGITS_AFTER_PREFIX[prefix];
  if (!lengths)
    return fail('not_mobile', 'must be a mobile number starting with 010, 011, 016, 017, 018 or 019.');
  if (!lengths.includes(digits.length - 3)) {
    return fail(
      'length',
      prefix === '010' ? 'must have 8 digits after 010.' : `must have 7 or 8 digits after ${prefix}.`,
    );
  }
  return { ok: true, value: digits };
}

/**
 * Deliberately pragmatic rather than RFC 5322 (no quoted local parts, no IP-literal domains):
 * it accepts the addresses people actually type and refuses the obvious typos.
 * One `@`, a non-empty local part of at most 64 characters, a domain of dot-separated non-empty
 * labels, no whitespace, at most 254 characters in all.
 */
export function isValidEmail(input: string): boolean {
  if (input.length > 254 || /\s/.test(input)) return false;
  const parts = input.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  if (local.length === 0 || local.length > 64) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => label.length > 0);
}

/** Keeps the first and last character and stars the middle; 2 characters keep the first only. */
function maskWord(word: string): string {
  // Array.from splits by code point, so names outside the BMP are not cut in half.
  const chars = Array.from(word);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/**
 * `홍길동` → `홍*동`, `김철` → `김*`, `남궁민수` → `남**수`. Names with spaces (usually Latin) are
 * masked word by word with the same rule, `John Smith` → `J**n S***h`, so a long full name does
 * not keep only its two outermost letters.
 */
export function maskName(name: string): string {
  return name.trim().split(/\s+/).map(maskWord).join(' ');
}

/** `01012345678` → `010-1234-****`, `0111234567` → `011-123-****`; anything else is starred whole. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-****`;
  if (digits.length === 10) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-****`;
  return '*'.repeat(digits.length);
}

/**
 * `customer@example.com` → `cu******@example.com`: the first two characters of the local part
 * (one if it has only two, none if it has one) and the whole domain, which alone identifies no
 * one and helps a partner's support desk tell addresses apart. The stars keep the local length.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at === -1 ? email : email.slice(0, at);
  const domain = at === -1 ? '' : email.slice(at);
  const chars = Array.from(local);
  const shown = chars.length >= 3 ? 2 : Math.max(chars.length - 1, 0);
  return `${chars.slice(0, shown).join('')}${'*'.repeat(chars.length - shown)}${domain}`;
}

/**
 * `8609061000000` → `860906-1******`: birth date and gender digit stay, as on Korean documents.
 * Anything that is not 13 digits is starred whole rather than guessed at.
 */
export function maskRrn(rrn: string): string {
  const digits = rrn.replace(/-/g, '');
  if (!/^\d{13}$/.test(digits)) return '******-*******';
  return `${digits.slice(0, 6)}-${digits[6]}******`;
}
