/**
 * Placeholder premium rule. Neither the spec nor the reference list carries prices, so every seeded
 * device gets a premium from this one rule until the insurer's actuarial table replaces it; an
 * operator CSV can override it per device (premium_lump_sum / premium_monthly columns).
 *
 *   monthly  = base[price class] × age factor, rounded to 100 KRW, at least 1,000 KRW
 *   lump sum = 12 × monthly × 0.9 (paying the year up front earns 10 % off), rounded to 100 KRW
 *   age factor = 1 − 0.1 per year the model launched before RULE_YEAR, never below 0.5
 *
 * RULE_YEAR is fixed rather than "this year" so the seed is the same on every run; moving it is a
 * deliberate repricing.
 */
export type PriceClass = 'foldable' | 'flagship' | 'mid' | 'entry';

export interface Premium {
  premiumLumpSum: number;
  premiumMonthly: number;
}

const RULE_YEAR = 2025;
const BASE_MONTHLY: Record<PriceClass, number> = {
  foldable: 9_900,
  flagship: 7_900,
  mid: 4_900,
  entry: 2_900,
};
const MIN_MONTHLY = 1_000;
const LUMP_SUM_DISCOUNT = 0.9;

const roundTo100 = (krw: number): number => Math.round(krw / 100) * 100;

/** `releaseYear` null (unknown launch) prices the model as new, the conservative side. */
export function premiumFor(priceClass: PriceClass, releaseYear: number | null): Premium {
  const age = releaseYear === null ? 0 : Math.max(0, RULE_YEAR - releaseYear);
  const factor = Math.max(0.5, 1 - 0.1 * age);
  const premiumMonthly = Math.max(MIN_MONTHLY, roundTo100(BASE_MONTHLY[priceClass] * factor));
  return { premiumMonthly, premiumLumpSum: roundTo100(12 * premiumMonthly * LUMP_SUM_DISCOUNT) };
}
