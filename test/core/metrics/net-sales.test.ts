import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addTaxRate, simpleSale } from '../../support/sales'
import { addShopper, setLoyaltyRule } from '../../support/shoppers'

/**
 * Net sales are before tax (guide 004 "Net Sales"; points are earned on the same subtotal); the
 * sale amount tile and the lifetime spend are what the customer paid, tax included. In New
 * York: Mon 23 Nov 2026 $50.00 untaxed, Tue 24 $30.00 + 10 % tax, Wed 25 $20.00 + 10 % tax,
 * voided; today is Thu 26.
 */
const clock = manualClock('2026-11-23T15:00:00Z')
let core: TestCore
let customerId: string

beforeAll(async () => {
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  await setLoyaltyRule(core, { loyaltyPointsPerUnit: 1 })
  const rate = await addTaxRate(core, 'State tax', 10)
  customerId = (await addShopper(core, { firstName: 'Tia', lastName: 'Taxed' })).id
  const taxed = (amountMinor: number) => {
    const sale = simpleSale(customerId, amountMinor)
    sale.items[0]!.taxRateId = rate.id
    sale.payments[0]!.amountMinor = amountMinor + amountMinor / 10
    return sale
  }
  await core.ok('sales:create', simpleSale(customerId, 5000))
  clock.set(Date.parse('2026-11-24T15:00:00Z'))
  await core.ok('sales:create', taxed(3000))
  clock.set(Date.parse('2026-11-25T15:00:00Z'))
  const voided = await core.ok('sales:create', taxed(2000))
  await core.ok('sales:void', { receiptId: voided.id, reason: 'Returned' })
  clock.set(Date.parse('2026-11-26T15:00:00Z'))
})
afterAll(() => core.cleanup())

describe('net sales before tax', () => {
  it('sums the subtotals in the charts and the net figure, the totals with tax in the sale amount; the voided sale is out of both', async () => {
    const m = await core.ok('metrics:customer', { customerId, period: 'thisMonth' })
    const [usd] = m.sales
    expect(usd).toMatchObject({ currency: 'USD', saleAmountMinor: 5000 + 3300, netSalesMinor: 5000 + 3000 })
    expect(usd.netSalesBars).toEqual([{ bar: '2026-11', netSalesMinor: 8000 }])
    expect(usd.spendByWeekday.slice(0, 3)).toEqual([
      { weekday: 1, netSalesMinor: 5000, visits: 1, averageMinor: 5000 },
      { weekday: 2, netSalesMinor: 3000, visits: 1, averageMinor: 3000 },
      // The voided Wednesday: no visit, nothing sold.
      { weekday: 3, netSalesMinor: 0, visits: 0, averageMinor: 0 },
    ])
    // A point per dollar before tax: the net sales are what the points were earned on.
    expect(m.tiles.loyaltyPoints).toBe(usd.netSalesMinor / 100)
  })

  it('keeps the lifetime spend on the customer’s page what they paid, tax included', async () => {
    expect(await core.ok('metrics:customerTotals', { customerId })).toEqual({
      lifetimeSpend: [{ currency: 'USD', amountMinor: 8300 }],
      visits: 2,
      lastVisit: '2026-11-24',
    })
  })

  it('reads both sums from the covering index alone, for a period and for the whole history', async () => {
    const statements: { sql: string; bindings: unknown[] }[] = []
    const listen = (q: { sql: string; bindings: unknown[] }) => statements.push(q)
    core.services.db.on('query', listen)
    await core.ok('metrics:customer', { customerId, period: 'allTime' })
    await core.ok('metrics:customerTotals', { customerId })
    core.services.db.off('query', listen)
    const daily = statements.filter((s) => s.sql.includes('SUM(subtotal_minor)'))
    expect(daily).toHaveLength(2)
    const plans = []
    for (const s of daily) {
      const plan = (await core.services.db.raw(`EXPLAIN QUERY PLAN ${s.sql}`, s.bindings as never)) as { detail: string }[]
      plans.push(plan.map((p) => p.detail).join(' | '))
    }
    expect(plans[0]).toBe('SEARCH receipts USING COVERING INDEX receipts_customer_day_currency_amounts (customer_id=? AND local_date>? AND local_date<?)')
    expect(plans[1]).toBe('SEARCH receipts USING COVERING INDEX receipts_customer_day_currency_amounts (customer_id=?)')
  })
})
