import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

/**
 * "All time" in January (New York): a regular who bought in 2019, 2024 and this month, and said
 * something before her first purchase; a customer of 2003, whose all time is longer than a
 * custom range may be; a newcomer with nothing yet.
 */
const clock = manualClock('2003-02-01T15:00:00Z')
let core: TestCore
let regular: string
let oldTimer: string
let newcomer: string
const today = '2026-01-10'

async function sellAt(customerId: string, utc: string, amountMinor: number) {
  clock.set(Date.parse(utc))
  return core.ok('sales:create', simpleSale(customerId, amountMinor))
}

beforeAll(async () => {
  // The clock jumps by years between this session's commands: main's idle lock stays off.
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  oldTimer = (await addShopper(core, { firstName: 'Otto', lastName: 'Olden' })).id
  await sellAt(oldTimer, '2003-02-01T15:00:00Z', 900)
  regular = (await addShopper(core, { firstName: 'Rita', lastName: 'Regular' })).id
  clock.set(Date.parse('2019-05-01T15:00:00Z'))
  await core.ok('feedback:add', { customerId: regular, sentiment: 'positive', comment: 'Lovely shop' })
  await sellAt(regular, '2019-06-10T15:00:00Z', 5000)
  await sellAt(regular, '2024-01-05T15:00:00Z', 1000)
  await sellAt(regular, '2026-01-05T15:00:00Z', 2000)
  newcomer = (await addShopper(core, { firstName: 'Nina', lastName: 'New' })).id
  clock.set(Date.parse(`${today}T15:00:00Z`))
})
afterAll(() => core.cleanup())

describe('all time', () => {
  it('lists every receipt of the customer, where this year in January shows one', async () => {
    const all = await core.ok('receipts:listForCustomer', { customerId: regular, period: 'allTime' })
    expect(all.rows.map((r) => r.localDate)).toEqual(['2026-01-05', '2024-01-05', '2019-06-10'])
    const thisYear = await core.ok('receipts:listForCustomer', { customerId: regular, period: 'thisYear' })
    expect(thisYear.rows).toHaveLength(1)
  })

  it('runs from the customer’s first day with the store (her feedback before her first sale) to today', async () => {
    const m = await core.ok('metrics:customer', { customerId: regular, period: 'allTime' })
    expect(m.period).toEqual({ period: 'allTime', from: '2019-05-01', to: today })
    expect(m.tiles).toMatchObject({ visits: 3, positiveFeedback: 1 })
    expect(m.sales[0]).toMatchObject({ saleAmountMinor: 8000, netSalesMinor: 8000 })
    expect(m.history.rows).toHaveLength(3)
  })

  it('draws a bar per year once the period is longer than 24 months, every year of it', async () => {
    const [usd] = (await core.ok('metrics:customer', { customerId: regular, period: 'allTime' })).sales
    expect(usd.netSalesBy).toBe('year')
    expect(usd.netSalesBars).toEqual([
      { bar: '2019', netSalesMinor: 5000 },
      { bar: '2020', netSalesMinor: 0 },
      { bar: '2021', netSalesMinor: 0 },
      { bar: '2022', netSalesMinor: 0 },
      { bar: '2023', netSalesMinor: 0 },
      { bar: '2024', netSalesMinor: 1000 },
      { bar: '2025', netSalesMinor: 0 },
      { bar: '2026', netSalesMinor: 2000 },
    ])
    // 24 months or fewer stay by month.
    const two = await core.ok('metrics:customer', { customerId: regular, period: 'custom', from: '2024-02-01', to: '2026-01-31' })
    expect(two.sales[0].netSalesBy).toBe('month')
    expect(two.sales[0].netSalesBars).toHaveLength(24)
  })

  it('answers a customer with no history yet: today only, by month', async () => {
    const m = await core.ok('metrics:customer', { customerId: newcomer, period: 'allTime' })
    expect(m.period).toEqual({ period: 'allTime', from: today, to: today })
    expect(m.sales[0]).toMatchObject({ netSalesBy: 'month', netSalesBars: [{ bar: '2026-01', netSalesMinor: 0 }] })
    expect((await core.ok('receipts:listForCustomer', { customerId: newcomer, period: 'allTime' })).rows).toEqual([])
  })

  it('holds a history longer than a custom range may be, and its feedback list answers for all time', async () => {
    const m = await core.ok('metrics:customer', { customerId: oldTimer, period: 'allTime' })
    expect(m.period).toEqual({ period: 'allTime', from: '2003-02-01', to: today })
    expect(m.sales[0].netSalesBars).toHaveLength(2026 - 2003 + 1)
    expect((await core.ok('receipts:listForCustomer', { customerId: oldTimer, period: 'allTime' })).rows).toHaveLength(1)
    // The same days as a custom range are longer than 20 years: refused on the field, as before.
    expect(await core.call('feedback:listForCustomer', { customerId: oldTimer, period: 'custom', from: m.period.from, to: m.period.to })).toMatchObject({
      ok: false,
      error: { fields: { to: 'Choose a period of at most 20 years' } },
    })
    expect(await core.call('feedback:listForCustomer', { customerId: oldTimer, period: 'allTime' })).toMatchObject({ ok: true, data: { rows: [] } })
  })

  it('finds the first day by index: a search, never a scan of receipts or feedback', async () => {
    const statements: { sql: string; bindings: unknown[] }[] = []
    const listen = (q: { sql: string; bindings: unknown[] }) => statements.push(q)
    core.services.db.on('query', listen)
    await core.ok('receipts:listForCustomer', { customerId: regular, period: 'allTime' })
    core.services.db.off('query', listen)
    const first = statements.find((s) => s.sql.includes('MIN(day)'))!
    const plan = ((await core.services.db.raw(`EXPLAIN QUERY PLAN ${first.sql}`, first.bindings as never)) as { detail: string }[]).map((p) => p.detail)
    expect(plan.join(' | ')).toMatch(/SEARCH receipts USING COVERING INDEX \w+ \(customer_id=\?\)/)
    expect(plan.join(' | ')).toMatch(/SEARCH feedback USING COVERING INDEX \w+ \(customer_id=\?\)/)
    expect(plan.filter((detail) => /^SCAN (receipts|feedback)\b/.test(detail))).toEqual([])
  })
})
