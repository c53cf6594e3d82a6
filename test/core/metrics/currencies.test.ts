import { describe, expect, it } from 'vitest'
import type { CommandInput } from '../../../electron/contract'
import { receiptDocument } from '../../../electron/core/mail/receipt-document'
import { simpleSale } from '../../support/sales'
import { syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * Two stores of one owner that keep different currencies (a store picks its own at setup, and
 * may change it until it records a sale), sharing a customer. Every receipt keeps its store's
 * currency; no figure anywhere adds dollars to yen (the hostile review's probe: A's metrics said
 * $20.00 for $10.00 + ¥1,000, and B said ¥2,000).
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

const storeOf = (s: SyncStore) => s.core.services.localStoreId()!
const metrics = (s: SyncStore, customerId: string, input: Omit<CommandInput<'metrics:customer'>, 'customerId'> = { period: 'thisYear' }) =>
  ok(s.call('metrics:customer', { customerId, ...input }))

describe('a customer who buys at two stores of the owner that keep different currencies', () => {
  it('sees each currency summed on its own, everywhere, and each receipt in its own currency', async () => {
    const world = new WorldClock() // Mon 23 November 2026
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    // B has no receipt of its own yet: it may still take its currency (and its points rule in yen).
    await ok(b.call('settings:update', { ...(await ok(b.call('settings:get', {}))), currency: 'JPY', loyaltyPointsPerUnit: 0.01, loyaltyValueCurrency: 'JPY' }))
    const cara = await ok(a.call('customers:create', { firstName: 'Cara', loyaltyEnrolled: true, storeIds: [storeOf(a), storeOf(b)] }))
    await syncAll(stores)

    const dollars = await ok(a.call('sales:create', simpleSale(cara.id, 1000))) // $10.00
    const yen = await ok(b.call('sales:create', simpleSale(cara.id, 1000))) // ¥1,000
    world.advance(86_400_000) // Tuesday
    const moreYen = await ok(b.call('sales:create', simpleSale(cara.id, 500))) // ¥500
    await syncAll(stores)

    // Each receipt is in its store's currency and earned by its store's rule: 1 point per dollar, 0.01 per yen.
    expect([dollars, yen, moreYen].map((r) => [r.currency, r.totalMinor, r.loyaltyPoints])).toEqual([
      ['USD', 1000, 10],
      ['JPY', 1000, 10],
      ['JPY', 500, 5],
    ])

    const atA = await metrics(a, cara.id)
    expect(atA.currency).toBe('USD')
    // This store's currency first, then the others by code; never one sum.
    expect(atA.sales.map((s) => [s.currency, s.saleAmountMinor])).toEqual([
      ['USD', 1000],
      ['JPY', 1500],
    ])
    expect(atA.tiles).toMatchObject({ visits: 2, visitsCounted: 'sale days', loyaltyPoints: 25 })
    const [usd, jpy] = atA.sales
    expect(usd.netSalesBars).toContainEqual({ bar: '2026-11', netSalesMinor: 1000 })
    expect(jpy.netSalesBars).toContainEqual({ bar: '2026-11', netSalesMinor: 1500 })
    // Monday: $10 in one visit; ¥1,000 in one visit; Tuesday ¥500 only.
    expect(usd.spendByWeekday.slice(0, 2)).toEqual([
      { weekday: 1, netSalesMinor: 1000, visits: 1, averageMinor: 1000 },
      { weekday: 2, netSalesMinor: 0, visits: 0, averageMinor: 0 },
    ])
    expect(jpy.spendByWeekday.slice(0, 2)).toEqual([
      { weekday: 1, netSalesMinor: 1000, visits: 1, averageMinor: 1000 },
      { weekday: 2, netSalesMinor: 500, visits: 1, averageMinor: 500 },
    ])
    // The history shows every receipt in its own currency.
    expect(atA.history.rows.map((r) => [r.number, r.currency, r.totalMinor])).toEqual([
      [moreYen.number, 'JPY', 500],
      [yen.number, 'JPY', 1000],
      [dollars.number, 'USD', 1000],
    ])
    expect((await ok(a.call('receipts:listForCustomer', { customerId: cara.id, period: 'thisYear' }))).rows.map((r) => r.currency)).toEqual(['JPY', 'JPY', 'USD'])

    expect(await ok(a.call('metrics:customerTotals', { customerId: cara.id }))).toEqual({
      lifetimeSpend: [
        { currency: 'USD', amountMinor: 1000 },
        { currency: 'JPY', amountMinor: 1500 },
      ],
      visits: 2,
      lastVisit: '2026-11-24',
    })

    // At B the yen come first.
    const atB = await metrics(b, cara.id)
    expect(atB.currency).toBe('JPY')
    expect(atB.sales.map((s) => [s.currency, s.saleAmountMinor])).toEqual([
      ['JPY', 1500],
      ['USD', 1000],
    ])
    expect((await ok(b.call('metrics:customerTotals', { customerId: cara.id }))).lifetimeSpend).toEqual([
      { currency: 'JPY', amountMinor: 1500 },
      { currency: 'USD', amountMinor: 1000 },
    ])

    // B's receipt opened (and emailed or printed) at A is in yen.
    const opened = await ok(a.call('receipts:get', { id: yen.id }))
    expect(opened.currency).toBe('JPY')
    const document = receiptDocument(opened, 'America/New_York')
    expect(document.orderTotals).toContainEqual(['Total', '¥1,000'])
  })

  it('a period with sales only in another currency shows this store’s at zero beside them', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    await ok(b.call('settings:update', { ...(await ok(b.call('settings:get', {}))), currency: 'EUR' }))
    const dan = await ok(b.call('customers:create', { firstName: 'Dan', storeIds: [storeOf(a), storeOf(b)] }))
    const sale = await ok(b.call('sales:create', simpleSale(dan.id, 2550)))
    await ok(b.call('sales:void', { receiptId: sale.id, reason: 'Returned' }))
    await ok(b.call('sales:create', simpleSale(dan.id, 1999)))
    await syncAll(stores)

    const atA = await metrics(a, dan.id)
    expect(atA.sales.map((s) => [s.currency, s.saleAmountMinor])).toEqual([
      ['USD', 0],
      ['EUR', 1999],
    ])
    expect(atA.tiles.visits).toBe(1)
    expect(await ok(a.call('metrics:customerTotals', { customerId: dan.id }))).toMatchObject({
      lifetimeSpend: [
        { currency: 'USD', amountMinor: 0 },
        { currency: 'EUR', amountMinor: 1999 },
      ],
      visits: 1,
    })
  })
})
