import { minorPerMajor } from '../../contract/money/rounding'

/**
 * The store's rule: `pointsPerUnit` points for each whole unit of currency spent before tax
 * (tax is not the store's money), rounded down to whole points. The tiny epsilon keeps
 * 0.1 × 10 from landing on 0.9999… .
 */
export function pointsEarned(subtotalMinor: number, pointsPerUnit: number, currency: string): number {
  if (subtotalMinor <= 0 || pointsPerUnit <= 0) return 0
  return Math.floor((subtotalMinor * pointsPerUnit) / minorPerMajor(currency) + 1e-9)
}
