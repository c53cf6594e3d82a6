import { afterEach, describe, expect, it } from 'vitest'
import { MAX_RECEIPT_MINOR } from '../../../electron/contract/money/amount'
import { pointsEarned } from '../../../electron/core/loyalty/earning'
import { startSetUpCore, type TestCore } from '../../support/core'
import { addShopper, setLoyaltyRule } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('points earned by a sale', () => {
  it.each([
    // subtotal (minor), points per unit, currency, points
    [2599, 1, 'USD', 25],
    [2599, 2, 'USD', 51],
    [1000, 0.1, 'USD', 1],
    [999, 0.1, 'USD', 0],
    [1000, 1.5, 'USD', 15],
    [3000, 0.3, 'USD', 9],
    [1500, 1, 'JPY', 1500],
    [1999, 1, 'BHD', 1],
    [0, 5, 'USD', 0],
    [5000, 0, 'USD', 0],
    // The most a receipt holds, at rules of four decimals: exact, not a point short (a float product lands below the whole number).
    [MAX_RECEIPT_MINOR, 0.172, 'USD', 17_200_000],
    [MAX_RECEIPT_MINOR, 0.1909, 'USD', 19_090_000],
    [MAX_RECEIPT_MINOR, 999.9999, 'USD', 99_999_990_000],
    [MAX_RECEIPT_MINOR, 0.0001, 'JPY', 1_000_000],
    [10_796_875, 727.3408, 'USD', 78_530_077],
  ])('%d minor at %d/unit in %s → %d points', (subtotal, rate, currency, expected) => {
    expect(pointsEarned(subtotal, rate, currency)).toBe(expected)
  })
})

describe('points earned on the largest sale', () => {
  it('are what the rule says to the point: $100,000,000.00 at 0.172 a dollar earns 17,200,000', async () => {
    core = await startSetUpCore()
    await setLoyaltyRule(core, { loyaltyPointsPerUnit: 0.172 })
    const ada = await addShopper(core)
    const items = Array.from({ length: 10 }, () => ({ name: 'Gold bar', quantity: 1, unitPriceMinor: 1_000_000_000, taxRateId: null }))
    const payments = Array.from({ length: 10 }, () => ({ method: 'card' as const, amountMinor: 1_000_000_000 }))
    const receipt = await core.ok('sales:create', { customerId: ada.id, items, payments })
    expect(receipt.totalMinor).toBe(MAX_RECEIPT_MINOR)
    expect(receipt.loyaltyPoints).toBe(17_200_000)
    expect((await core.ok('loyalty:history', { customerId: ada.id })).balance).toBe(17_200_000)
  })
})
