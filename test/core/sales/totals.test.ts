import { describe, expect, it } from 'vitest'
import { divideRoundHalfAwayFromZero, minorPerMajor } from '../../../electron/contract/money/rounding'
import { computeSaleTotals, lineTax, type PricedItem } from '../../../electron/contract/money/sale-totals'

const state = { id: 'state', name: 'State tax', rateMillipercent: 8875 }
const reduced = { id: 'reduced', name: 'Reduced', rateMillipercent: 5000 }
const item = (unitPriceMinor: number, quantity = 1, tax: PricedItem['tax'] = state): PricedItem => ({
  name: 'Thing',
  quantity,
  unitPriceMinor,
  tax,
})

describe('rounding half away from zero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 2n, 2n],
    [7n, 3n, 2n],
    [-7n, 3n, -2n],
    [149n, 100n, 1n],
    [150n, 100n, 2n],
    [-150n, 100n, -2n],
    [0n, 7n, 0n],
  ])('%d ÷ %d → %d', (n, d, expected) => {
    expect(divideRoundHalfAwayFromZero(n, d)).toBe(expected)
  })

  it('refuses a divisor that is not positive', () => {
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError)
  })
})

describe('line tax', () => {
  it.each([
    // 8.875 % of $1.00 is 8.875¢ → 9¢; of $0.04 is 0.355¢ → 0¢; of $0.40 is 3.55¢ → 4¢ (a true half).
    [100, 8875, 9],
    [4, 8875, 0],
    [40, 8875, 4],
    // 5 % of 10¢ is exactly 0.5¢: half goes away from zero, to 1¢ (banker's rounding would give 0).
    [10, 5000, 1],
    [30, 5000, 2],
    // 7.5 % of $0.06 is 0.45¢ → 0¢ (a float product would also say 0.45, but check the integer path).
    [6, 7500, 0],
    [0, 8875, 0],
  ])('%d¢ at %d m%% → %d¢', (subtotal, rate, expected) => {
    expect(lineTax(subtotal, rate)).toBe(expected)
  })

  it('stays exact beyond the range where a float product loses cents', () => {
    // 10,000 × $10,000,000.00 at 8.875 %: 10^13 × 8875 does not fit in a double exactly.
    expect(lineTax(10_000 * 1_000_000_000, 8875)).toBe(887_500_000_000)
    // …499,999,999.91125 rounds up; an exact half of a cent at this size still goes away from zero.
    expect(lineTax(9_999_999_999_999, 8875)).toBe(887_500_000_000)
    expect(lineTax(10_000_000_000_010, 5000)).toBe(500_000_000_001)
    expect(lineTax(10_000_000_000_010, 4999)).toBe(499_900_000_000)
  })
})

describe('sale totals', () => {
  it('rounds each line on its own, so three 3¢ lines at 5 % carry 3 × 0¢, not round(0.45¢)', () => {
    const totals = computeSaleTotals([item(3, 1, reduced), item(3, 1, reduced), item(3, 1, reduced)])
    expect(totals.lines.map((l) => l.taxMinor)).toEqual([0, 0, 0])
    expect(totals).toMatchObject({ subtotalMinor: 9, taxMinor: 0, totalMinor: 9 })
  })

  it('multiplies quantity before rounding: 3 × 10¢ at 5 % is 1.5¢ → 2¢, not 3 × 1¢', () => {
    const totals = computeSaleTotals([item(10, 3, reduced)])
    expect(totals.lines[0]).toMatchObject({ lineSubtotalMinor: 30, taxMinor: 2, lineTotalMinor: 32 })
  })

  it('sums the tax summary per rate from the rounded lines, and the totals add up', () => {
    const totals = computeSaleTotals([item(1999, 2), item(499, 1, reduced), item(250, 4, null), item(40)])
    expect(totals.lines.map((l) => l.taxMinor)).toEqual([355, 25, 0, 4])
    expect(totals.taxes).toEqual([
      { taxRateId: 'state', name: 'State tax', rateMillipercent: 8875, taxableMinor: 3998 + 40, taxMinor: 359 },
      { taxRateId: 'reduced', name: 'Reduced', rateMillipercent: 5000, taxableMinor: 499, taxMinor: 25 },
    ])
    expect(totals.subtotalMinor).toBe(3998 + 499 + 1000 + 40)
    expect(totals.taxMinor).toBe(359 + 25)
    expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.taxMinor)
    expect(totals.lines.reduce((a, l) => a + l.lineTotalMinor, 0)).toBe(totals.totalMinor)
  })
})

describe('minor units per currency', () => {
  it.each([
    ['USD', 100],
    ['JPY', 1],
    ['BHD', 1000],
  ])('%s: %d', (currency, expected) => {
    expect(minorPerMajor(currency)).toBe(expected)
  })
})
