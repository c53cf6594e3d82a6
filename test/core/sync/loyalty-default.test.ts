import { describe, expect, it } from 'vitest'
import { syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { importCommand } from '../../support/sync/import-steps'
import { ok } from '../../support/answers'

/**
 * "New customers join the loyalty programme" is each store's own setting, applied where the
 * customer is made: the enrolment it gave travels with the customer, and another store (with
 * the setting off) neither undoes it on arrival nor on an edit that does not touch it.
 */
const { stores, first, join } = useSyncStores()

const storeOf = (s: SyncStore) => s.core.services.localStoreId()!
const enrolled = async (s: SyncStore, id: string) => (await s.core.services.db('customers').where({ id }).first()).loyalty_enrolled

describe('the enrol-by-default setting across stores', () => {
  it("a customer made or imported at a store that enrols by default stays enrolled at a store that does not, and the reverse", async () => {
    const world = new WorldClock()
    const a = await first(world, 0)
    const b = await join(world, a, 1, 0)
    await syncAll(stores)
    await ok(b.call('settings:update', { ...(await ok(b.call('settings:get', {}))), loyaltyEnrollByDefault: false }))
    const ana = await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [storeOf(a)] }))
    const bea = await ok(b.call('customers:create', { firstName: 'Bea', storeIds: [storeOf(b)] }))
    const markers = new Map<string, string>()
    let serial = 0
    const imported = await importCommand(a, { pick: 0, text: 0, flag: false }, markers, () => ++serial)
    expect(imported?.ok).toBe(true)
    expect(markers.size).toBe(2)
    await syncAll(stores)
    for (const store of [a, b]) {
      expect(await enrolled(store, ana.id)).toBe(1)
      expect(await enrolled(store, bea.id)).toBe(0)
      for (const id of markers.keys()) expect(await enrolled(store, id)).toBe(1)
    }
    // B edits A's customer without saying anything of loyalty: the enrolment stays.
    await ok(b.call('customers:update', { id: ana.id, firstName: 'Ana', city: 'Porto', storeIds: [storeOf(a)], loaded: { city: '' } }))
    await syncAll(stores)
    for (const store of [a, b]) expect(await enrolled(store, ana.id)).toBe(1)
  })
})
