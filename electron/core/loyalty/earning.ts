import { minorPerMajor } from '../../contract/money/rounding'

/** Settings keep the rule to four decimals (0.0001 points per unit): a whole number of ten-thousandths. */
const RULE_SCALE = 10_000

/**
 * The store's rule: `pointsPerUnit` points for each whole unit of currency spent before tax
 * (tax is not the store's money), rounded down to whole points. Counted in whole numbers (the
 * rule in ten-thousandths, as Settings keeps and shows it): a float product can land just below
 * a whole number of points at large amounts ($100,000,000.00 at 0.172 a dollar gave 17,199,999),
 * and rounding it down then took a point the rule gives.
 */
export function pointsEarned(subtotalMinor: number, pointsPerUnit: number, currency: string): number {
  if (subtotalMinor <= 0 || pointsPerUnit <= 0) return 0
  const rule = BigInt(Math.round(pointsPerUnit * RULE_SCALE))
  return Number((BigInt(Math.trunc(subtotalMinor)) * rule) / BigInt(RULE_SCALE * minorPerMajor(currency)))
}
