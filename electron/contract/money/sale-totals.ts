import { divideRoundHalfAwayFromZero } from './rounding'

/** Tax rates are kept as integer thousandths of a percent: 8.875 % is 8875. */
export const MILLIPERCENT_PER_WHOLE = 100_000

export interface TaxRateSnapshot {
  id: string
  name: string
  rateMillipercent: number
}

export interface PricedItem {
  name: string
  quantity: number
  unitPriceMinor: number
  tax: TaxRateSnapshot | null
}

export interface PricedLine extends PricedItem {
  lineSubtotalMinor: number
  taxMinor: number
  lineTotalMinor: number
}

export interface TaxLine {
  taxRateId: string
  name: string
  rateMillipercent: number
  taxableMinor: number
  taxMinor: number
}

export interface SaleTotals {
  lines: PricedLine[]
  taxes: TaxLine[]
  subtotalMinor: number
  taxMinor: number
  totalMinor: number
}

/**
 * Prices are before tax. Each line's tax is its subtotal × rate, rounded half away from
 * zero to the minor unit, once per line; the tax summary and the receipt's tax are sums of
 * those rounded line taxes, so every figure on the receipt adds up to the cent.
 */
export function lineTax(lineSubtotalMinor: number, rateMillipercent: number): number {
  return Number(
    divideRoundHalfAwayFromZero(BigInt(lineSubtotalMinor) * BigInt(rateMillipercent), BigInt(MILLIPERCENT_PER_WHOLE)),
  )
}

export function computeSaleTotals(items: readonly PricedItem[]): SaleTotals {
  const lines = items.map((item): PricedLine => {
    const lineSubtotalMinor = item.quantity * item.unitPriceMinor
    const taxMinor = item.tax ? lineTax(lineSubtotalMinor, item.tax.rateMillipercent) : 0
    return { ...item, lineSubtotalMinor, taxMinor, lineTotalMinor: lineSubtotalMinor + taxMinor }
  })
  const byRate = new Map<string, TaxLine>()
  for (const line of lines) {
    if (!line.tax) continue
    const entry = byRate.get(line.tax.id) ?? {
      taxRateId: line.tax.id,
      name: line.tax.name,
      rateMillipercent: line.tax.rateMillipercent,
      taxableMinor: 0,
      taxMinor: 0,
    }
    entry.taxableMinor += line.lineSubtotalMinor
    entry.taxMinor += line.taxMinor
    byRate.set(line.tax.id, entry)
  }
  const subtotalMinor = sum(lines.map((l) => l.lineSubtotalMinor))
  const taxMinor = sum(lines.map((l) => l.taxMinor))
  return { lines, taxes: [...byRate.values()], subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
