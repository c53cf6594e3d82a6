import { describe, expect, it } from 'vitest'
import { ok } from '../../support/answers'
import { simpleSale } from '../../support/sales'
import { syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'

/**
 * A store east of this one is on tomorrow already, and dates what it sells so: at 19:30 on
 * Monday 23 November in New York (store A) it is 09:30 on Tuesday in Tokyo (store B). B's
 * receipt, once synced, is in the customer's history and metrics at A for the periods that run
 * to today, not only after A's midnight.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()
const storeOf = (s: SyncStore) => s.core.services.localStoreId()!

describe('a receipt of a store whose day is ahead of this one', () => {
  it("is in the customer's history and metrics at once, the period running to that store's day", async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    await ok(b.call('settings:update', { ...(await ok(b.call('settings:get', {}))), timeZone: 'Asia/Tokyo' }))
    await syncAll(stores)
    const cara = await ok(a.call('customers:create', { firstName: 'Cara', storeIds: [storeOf(a), storeOf(b)] }))
    await syncAll(stores)
    world.ms = Date.parse('2026-11-24T00:30:00.000Z')
    const ours = await ok(a.call('sales:create', simpleSale(cara.id, 1000)))
    const theirs = await ok(b.call('sales:create', simpleSale(cara.id, 2500)))
    expect([ours.localDate, theirs.localDate]).toEqual(['2026-11-23', '2026-11-24'])
    await syncAll(stores)

    for (const period of ['thisMonth', 'last30Days', 'thisYear'] as const) {
      const history = await ok(a.call('receipts:listForCustomer', { customerId: cara.id, period, from: '', to: '' }))
      expect(history.rows.map((r) => r.id)).toEqual([theirs.id, ours.id])
      const metrics = await ok(a.call('metrics:customer', { customerId: cara.id, period }))
      // Starts on A's days, runs to B's.
      expect(metrics.period.to).toBe('2026-11-24')
      expect(metrics.sales.map((s) => s.saleAmountMinor)).toEqual([3500])
      expect(metrics.history.rows).toHaveLength(2)
    }
    expect((await ok(a.call('metrics:customer', { customerId: cara.id, period: 'thisMonth' }))).period.from).toBe('2026-11-01')
    // At B, ahead, nothing changes: its own today is the latest.
    expect((await ok(b.call('metrics:customer', { customerId: cara.id, period: 'thisYear' }))).period).toMatchObject({ from: '2026-01-01', to: '2026-11-24' })
  })
})
