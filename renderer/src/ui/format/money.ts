/**
 * Money on screen. The arithmetic is the contract's pure functions, the same the core saves a
 * sale with, so what the screen shows before saving is what the receipt says after, to the
 * cent: there is one rounding rule, not a copy of it.
 */
import { minorPerMajor } from '@contract/money/rounding'
import { numberFormat } from './locale'

export { computeSaleTotals, type PricedItem, type SaleTotals } from '@contract/money/sale-totals'
export { minorPerMajor }

/** "$12.50" from 1250 cents, the store's way (Settings → Locale). A zero is never "-$0.00". */
export function formatMinor(minor: number, currency: string): string {
  return numberFormat({ style: 'currency', currency }).format((minor || 0) / minorPerMajor(currency))
}

/** What the user typed in currency units (12.5) as minor units (1250); null stays null. */
export function toMinor(major: number | null | undefined, currency: string): number | null {
  if (major === null || major === undefined || Number.isNaN(major)) return null
  // Typed amounts have at most the currency's decimals; rounding only removes float noise (0.1 + 0.2).
  return Math.round(major * minorPerMajor(currency))
}

/** Minor units as the number a currency input shows (1250 → 12.5). */
export function toMajor(minor: number, currency: string): number {
  return minor / minorPerMajor(currency)
}

/** Digits after the decimal point for this currency (2 for USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return Math.round(Math.log10(minorPerMajor(currency)))
}

/** Minor units whose English name is not the hundredth's usual one. */
const HUNDREDTH_NAMES: Record<string, string> = { GBP: 'pence' }

/**
 * What a number of minor units of a currency is counted in, for a field's label: "cents of USD",
 * "pence of GBP", "thousandths of KWD", and for a currency without minor units its own name
 * ("Japanese yen"), from the same digits the amounts are kept in (minorPerMajor).
 */
export function minorUnitName(currency: string): string {
  const units = minorPerMajor(currency)
  if (units === 1) {
    const name = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'name' }).formatToParts(2).find((part) => part.type === 'currency')
    return name?.value ?? currency
  }
  if (units === 100) return `${HUNDREDTH_NAMES[currency] ?? 'cents'} of ${currency}`
  if (units === 1000) return `thousandths of ${currency}`
  return `minor units of ${currency}`
}
