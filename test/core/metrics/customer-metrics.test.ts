import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../../electron/contract'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper, setLoyaltyRule } from '../../support/shoppers'

/**
 * One customer's year in a New York store, with sales placed where time zones bite: 23:30
 * local is already tomorrow in UTC, and daylight-saving time starts on 2026-03-08.
 */
const clock = manualClock()
let core: TestCore
let customerId: string
const receipts: Record<string, { id: string; number: string }> = {}

async function sellAt(label: string, utc: string, amountMinor: number) {
  clock.set(Date.parse(utc))
  receipts[label] = await core.ok('sales:create', simpleSale(customerId, amountMinor))
}

beforeAll(async () => {
  // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  await setLoyaltyRule(core, { loyaltyPointsPerUnit: 1, loyaltyValuePerPointMinor: 5 })
  customerId = (await addShopper(core, { firstName: 'Mia', lastName: 'Wong' })).id
  await sellAt('newYearsEve', '2026-01-01T04:30:00Z', 5000) // Wed 2025-12-31 23:30 EST
  await sellAt('lateJanuary', '2026-02-01T04:30:00Z', 1000) // Sat 2026-01-31 23:30 EST
  await sellAt('earlyFebruary', '2026-02-01T05:30:00Z', 2000) // Sun 2026-02-01 00:30 EST
  await sellAt('mondayFeb', '2026-02-16T15:00:00Z', 1000) // Mon 2026-02-16 10:00 EST
  await sellAt('voidedMonday', '2026-03-02T15:00:00Z', 700) // Mon 2026-03-02, voided below
  await sellAt('mondayNoon', '2026-03-09T16:00:00Z', 3000) // Mon 2026-03-09 12:00 EDT
  await sellAt('mondayEvening', '2026-03-09T22:00:00Z', 1001) // same day: one visit
  clock.set(Date.parse('2025-12-20T17:00:00Z'))
  await core.ok('feedback:add', { customerId, sentiment: 'positive', comment: 'Lovely gift wrapping' })
  clock.set(Date.parse('2026-03-10T15:00:00Z')) // "today" is Tue 2026-03-10 in New York
  receipts.voidOfMonday = (await core.ok('sales:void', { receiptId: receipts.voidedMonday.id, reason: 'Returned' })).reversal
  await core.ok('feedback:add', { customerId, sentiment: 'positive', comment: '' })
  await core.ok('feedback:add', { customerId: null, receiptId: receipts.mondayNoon.id, sentiment: 'negative', comment: 'Long queue' })
})
afterAll(() => core.cleanup())

const metrics = (input: Omit<CommandInput<'metrics:customer'>, 'customerId'>) => core.ok('metrics:customer', { customerId, ...input })
const weekday = (figures: { weekday: number; netSalesMinor: number; visits: number; averageMinor: number }[], day: number) =>
  figures.find((f) => f.weekday === day)

describe('customer metrics', () => {
  it('this year: tiles, months and weekdays in store-local days, voids netted out', async () => {
    const m = await metrics({ period: 'thisYear' })
    expect(m.period).toEqual({ period: 'thisYear', from: '2026-01-01', to: '2026-03-10' })
    expect(m.customer).toMatchObject({ id: customerId, name: 'Mia Wong', loyaltyEnrolled: true, flagged: false })
    // The 23:30 sale on 31 December 2025 stays in last year; the one on 31 January stays in January.
    expect(m.tiles).toEqual({
      visits: 4,
      visitsCounted: 'sale days',
      // 50 + 10 + 20 + 10 + 7 − 7 + 30 + 10 points, at 5¢ each.
      loyaltyPoints: 130,
      loyaltyValueMinor: 650,
      positiveFeedback: 1,
      negativeFeedback: 1,
    })
    // One currency, the store's.
    expect(m.sales.map((s) => [s.currency, s.saleAmountMinor])).toEqual([['USD', 1000 + 2000 + 1000 + 3000 + 1001]])
    const [usd] = m.sales
    expect(usd.netSalesBars).toEqual([
      { bar: '2026-01', netSalesMinor: 1000 },
      { bar: '2026-02', netSalesMinor: 3000 },
      { bar: '2026-03', netSalesMinor: 4001 },
    ])
    expect(usd.spendByWeekday.map((f) => f.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7])
    // Mondays: 1000 + 4001 over two visits (the voided Monday is no visit) = 2500.5 → 2501.
    expect(weekday(usd.spendByWeekday, 1)).toEqual({ weekday: 1, netSalesMinor: 5001, visits: 2, averageMinor: 2501 })
    expect(weekday(usd.spendByWeekday, 6)).toEqual({ weekday: 6, netSalesMinor: 1000, visits: 1, averageMinor: 1000 })
    expect(weekday(usd.spendByWeekday, 7)).toEqual({ weekday: 7, netSalesMinor: 2000, visits: 1, averageMinor: 2000 })
    expect(weekday(usd.spendByWeekday, 3)).toEqual({ weekday: 3, netSalesMinor: 0, visits: 0, averageMinor: 0 })
  })

  it('this month and the last 30 days end today, in the store time zone', async () => {
    const month = await metrics({ period: 'thisMonth' })
    expect(month.period).toMatchObject({ from: '2026-03-01', to: '2026-03-10' })
    expect(month.tiles).toMatchObject({ visits: 1, positiveFeedback: 1, negativeFeedback: 1 })
    expect(month.sales).toMatchObject([{ currency: 'USD', saleAmountMinor: 4001, netSalesBars: [{ bar: '2026-03', netSalesMinor: 4001 }] }])
    const last30 = await metrics({ period: 'last30Days' })
    expect(last30.period).toMatchObject({ from: '2026-02-09', to: '2026-03-10' })
    expect(last30.tiles).toMatchObject({ visits: 2 })
    expect(last30.sales[0].saleAmountMinor).toBe(5001)
    expect(last30.sales[0].netSalesBars.map((b) => b.bar)).toEqual(['2026-02', '2026-03'])
  })

  it('custom dates across the year end: the 23:30 New Year\'s Eve sale is December\'s', async () => {
    const m = await metrics({ period: 'custom', from: '2025-12-01', to: '2026-01-31' })
    expect(m.sales[0].netSalesBars).toEqual([
      { bar: '2025-12', netSalesMinor: 5000 },
      { bar: '2026-01', netSalesMinor: 1000 },
    ])
    expect(m.tiles).toMatchObject({ visits: 2, positiveFeedback: 1, negativeFeedback: 0 })
    expect(m.sales[0].saleAmountMinor).toBe(6000)
    expect(weekday(m.sales[0].spendByWeekday, 3)).toMatchObject({ netSalesMinor: 5000, visits: 1 })
    expect(m.history.rows.map((r) => r.number)).toEqual([receipts.lateJanuary.number, receipts.newYearsEve.number])
  })

  it('refuses a custom period that ends before it starts, on the field', async () => {
    expect(await core.call('metrics:customer', { customerId, period: 'custom', from: '2026-02-01', to: '2026-01-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { to: 'The end date is before the start date' } },
    })
  })
})

describe('transaction history', () => {
  it('lists the period newest first (a void beside its sale, the sale marked voided) and pages by cursor', async () => {
    const m = await metrics({ period: 'thisYear', historyLimit: 3 })
    const pages = [m.history]
    while (pages[pages.length - 1].nextCursor) {
      pages.push(await core.ok('receipts:listForCustomer', { customerId, period: 'thisYear', limit: 3, after: pages[pages.length - 1].nextCursor }))
    }
    const rows = pages.flatMap((p) => p.rows)
    expect(rows.every((r) => r.currency === 'USD')).toBe(true)
    expect(rows.map((r) => [r.number, r.kind, r.totalMinor, r.voided])).toEqual([
      [receipts.mondayEvening.number, 'sale', 1001, false],
      [receipts.mondayNoon.number, 'sale', 3000, false],
      [receipts.voidOfMonday.number, 'void', -700, false],
      [receipts.voidedMonday.number, 'sale', 700, true],
      [receipts.mondayFeb.number, 'sale', 1000, false],
      [receipts.earlyFebruary.number, 'sale', 2000, false],
      [receipts.lateJanuary.number, 'sale', 1000, false],
    ])
    expect(rows.find((r) => r.number === receipts.lateJanuary.number)?.localDate).toBe('2026-01-31')
  })
})

describe('feedback', () => {
  it('on a receipt belongs to its customer; a receipt with no customer, or another customer\'s, is refused', async () => {
    const listed = (await core.ok('feedback:listForCustomer', { customerId, period: 'custom', from: '2025-01-01', to: '2026-12-31' })).rows
    expect(listed.map((f) => [f.sentiment, f.receipt?.number ?? null, f.comment])).toEqual([
      ['negative', receipts.mondayNoon.number, 'Long queue'],
      ['positive', null, null],
      ['positive', null, 'Lovely gift wrapping'],
    ])
    const anonymous = await core.ok('sales:create', simpleSale(null))
    expect(await core.call('feedback:add', { receiptId: anonymous.id, sentiment: 'positive' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { receiptId: expect.stringMatching(/no customer/) } },
    })
    const other = await addShopper(core, { firstName: 'Other' })
    expect(await core.call('feedback:add', { customerId: other.id, receiptId: receipts.mondayNoon.id, sentiment: 'positive' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { receiptId: 'This receipt belongs to another customer' } },
    })
    expect(await core.call('feedback:add', { sentiment: 'positive' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { customerId: 'Choose a customer or a receipt' } },
    })
  })
})

describe('customer totals (their page at a glance)', () => {
  it('adds up the whole history: spend net of voids, visits as store-local days with an unvoided sale, the last visit', async () => {
    expect(await core.ok('metrics:customerTotals', { customerId })).toEqual({
      lifetimeSpend: [{ currency: 'USD', amountMinor: 5000 + 1000 + 2000 + 1000 + 700 - 700 + 3000 + 1001 }],
      // 31 Dec, 31 Jan, 1 Feb, 16 Feb, 9 Mar; 2 March's only sale was voided.
      visits: 5,
      lastVisit: '2026-03-09',
    })
  })

  it('answers zeros for a customer who never bought, and NOT_FOUND for nobody', async () => {
    const newcomer = await addShopper(core, { firstName: 'Noor' })
    expect(await core.ok('metrics:customerTotals', { customerId: newcomer.id })).toEqual({ lifetimeSpend: [{ currency: 'USD', amountMinor: 0 }], visits: 0, lastVisit: null })
    expect(await core.call('metrics:customerTotals', { customerId: '0190f0f0-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
