import { minorPerMajor } from '../../contract/money/rounding'
import { LOYALTY_RULE_SCALE, loyaltyRuleScaled } from '../../contract/settings'

/**
 * The store's rule: `pointsPerUnit` points for each whole unit of currency spent before tax
 * (tax is not the store's money), rounded down to whole points. Counted in whole numbers (the
 * rule in ten-thousandths, as Settings keeps and shows it): a float product can land just below
 * a whole number of points at large amounts ($100,000,000.00 at 0.172 a dollar gave 17,199,999),
 * and rounding it down then took a point the rule gives.
 */
export function pointsEarned(subtotalMinor: number, pointsPerUnit: number, currency: string): number {
  if (subtotalMinor <= 0 || pointsPerUnit <= 0) return 0
  const rule = BigInt(loyaltyRuleScaled(pointsPerUnit))
  return Number((BigInt(Math.trunc(subtotalMinor)) * rule) / BigInt(LOYALTY_RULE_SCALE * minorPerMajor(currency)))
}
