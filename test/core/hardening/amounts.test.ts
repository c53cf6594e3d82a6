import { afterEach, describe, expect, it } from 'vitest'
import { MAX_POINTS_BALANCE } from '../../../electron/contract/money/amount'
import { OWNER, startSetUpCore, STORE, type TestCore } from '../../support/core'
import type { SaleInput } from '../../support/sales'
import { addShopper, balances, setLoyaltyRule } from '../../support/shoppers'

/** Points and money the store can hold, and a clear refusal past them (hardening issue, defect 5). */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const hugeSale = (customerId: string): SaleInput => ({
  customerId,
  // 200 lines of 10,000 × $10,000,000: far past what one receipt holds.
  items: Array.from({ length: 200 }, (_, i) => ({ name: `Item ${i}`, quantity: 10_000, unitPriceMinor: 1_000_000_000, taxRateId: null })),
  payments: [{ method: 'cash', amountMinor: 1_000_000_000 }],
})

describe('a very large sale at 1,000 points per currency unit', () => {
  it('is refused with a message, and the metrics page still answers', async () => {
    core = await startSetUpCore()
    await setLoyaltyRule(core, { loyaltyPointsPerUnit: 1000, loyaltyValuePerPointMinor: 100_000 })
    const shopper = await addShopper(core)
    const result = await core.call('sales:create', hugeSale(shopper.id))
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { items: expect.stringContaining('split the sale') } } })
    expect(await core.call('metrics:customer', { customerId: shopper.id, period: 'thisYear' })).toMatchObject({ ok: true })
  })
})

describe('a balance in a zero-decimal currency', () => {
  it('stops at the most a balance holds, and every screen keeps answering', async () => {
    core = await startSetUpCore()
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), currency: 'JPY', loyaltyPointsPerUnit: 1000, loyaltyValueCurrency: 'JPY' })
    const shopper = await addShopper(core)
    // ¥999,999 earns 999,999,000 points: just under the limit.
    const sale = (unitPriceMinor: number) => ({
      customerId: shopper.id,
      items: [{ name: 'Camera', quantity: 1, unitPriceMinor, taxRateId: null }],
      payments: [{ method: 'cash' as const, amountMinor: unitPriceMinor }],
    })
    await core.ok('sales:create', sale(999_999))
    // ¥2,000 would earn 2,000,000 points: the sale goes through and earns the 1,000 that fit.
    expect(await core.ok('sales:create', sale(2_000))).toMatchObject({ loyaltyPoints: 1_000 })
    const owner = (await core.ok('auth:status', {})).user!
    const adjust = await core.call('loyalty:adjust', {
      customerId: shopper.id,
      direction: 'add',
      points: 1_000_000,
      reason: 'Bonus',
      approverId: owner.id,
      approverPin: OWNER.pin,
    })
    expect(adjust).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { points: expect.any(String) } } })
    expect(await balances(core, shopper.id)).toEqual({ ledger: MAX_POINTS_BALANCE, cached: MAX_POINTS_BALANCE })
    for (const [name, input] of [
      ['customers:search', { period: 'all' }],
      ['customers:get', { id: shopper.id }],
      ['loyalty:history', { customerId: shopper.id }],
      ['metrics:customer', { customerId: shopper.id, period: 'thisYear' }],
    ] as const) {
      expect(await core.call(name, input as never), name).toMatchObject({ ok: true })
    }
    expect(STORE.currency).toBe('USD')
  })
})
