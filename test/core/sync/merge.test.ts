import { describe, expect, it } from 'vitest'
import { syncDigest } from '../../../electron/core/sync/digest'
import { deliver, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/** Merge under sync (issue 11): a sale or edit to the merged-away customer offline, and erase × merge, in every order. */
const { stores, first: firstStore, join: joinStore } = useSyncStores()
let world: WorldClock

async function threeStores(): Promise<SyncStore[]> {
  world = new WorldClock()
  const a = await firstStore(world, 0)
  await joinStore(world, a, 1, 0)
  await joinStore(world, a, 2, 0)
  await syncAll(stores)
  return stores
}

const storeOf = (s: SyncStore) => s.core.services.localStoreId()!

async function pair(a: SyncStore) {
  const survivor = await ok(a.call('customers:create', { firstName: 'Maria', phone: '(212) 555-0101', loyaltyEnrolled: true, storeIds: [storeOf(a)] }))
  const merged = await ok(a.call('customers:create', { firstName: 'María', phone: '(212) 555-0199', loyaltyEnrolled: true, storeIds: [storeOf(a)] }))
  await ok(a.call('sales:create', { customerId: merged.id, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 1000, taxRateId: null }], payments: [{ method: 'cash', amountMinor: 1000 }] }))
  await syncAll(stores)
  return { survivor, merged }
}

const sale = (customerId: string) => ({ customerId, items: [{ name: 'Cake', quantity: 1, unitPriceMinor: 2000, taxRateId: null }], payments: [{ method: 'cash' as const, amountMinor: 2000 }] })

/** C hears of A's merge and of B's offline change in the order given, then every store syncs. */
async function reachC(order: string, a: SyncStore, b: SyncStore, c: SyncStore) {
  const [first, second] = order === 'merge first' ? [a, b] : [b, a]
  await deliver(first, c, { all: true })
  await deliver(second, c, { all: true })
  await syncAll(stores)
}

async function expectConverged() {
  const digests = await Promise.all(stores.map((s) => syncDigest(s.core.services.db)))
  for (const digest of digests.slice(1)) expect(digest).toEqual(digests[0])
}

describe('a sale to the merged-away customer at another store, offline', () => {
  for (const order of ['merge first', 'sale first'] as const) {
    it(`lands on the survivor at every store (${order})`, async () => {
      const [a, b, c] = await threeStores()
      const { survivor, merged } = await pair(a)
      world.advance(1000)
      await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: { firstName: 'merged' } }))
      world.advance(1000)
      const offline = await ok(b.call('sales:create', sale(merged.id)))
      await reachC(order, a, b, c)
      for (const store of stores) {
        const db = store.core.services.db
        expect(await db('receipts').where({ id: offline.id }).first('customer_id')).toEqual({ customer_id: survivor.id })
        expect(await db('receipts').where({ customer_id: merged.id })).toEqual([])
        const ledger = Number((await db('loyalty_ledger').where({ customer_id: survivor.id }).sum({ s: 'points' }))[0].s)
        expect(ledger).toBeGreaterThan(0)
        expect(await db('customers').where({ id: survivor.id }).first()).toMatchObject({ loyalty_points: ledger, first_name: 'María' })
        expect(await db('customers').where({ id: merged.id }).first()).toMatchObject({ merged_into: survivor.id, active: 0, loyalty_points: 0 })
      }
      await expectConverged()
    })
  }
})

describe('an edit to the merged-away customer at another store, offline', () => {
  for (const order of ['merge first', 'edit first'] as const) {
    it(`lands on the survivor at every store when it is later than the merge (${order})`, async () => {
      const [a, b, c] = await threeStores()
      const { survivor, merged } = await pair(a)
      world.advance(1000)
      await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} }))
      world.advance(1000)
      const loaded = await ok(b.call('customers:get', { id: merged.id }))
      await ok(b.call('customers:update', { id: merged.id, firstName: loaded.firstName, phone: loaded.phone, loyaltyEnrolled: true, storeIds: loaded.storeIds, city: 'Porto', loaded: { city: '' } }))
      await reachC(order, a, b, c)
      for (const store of stores) {
        expect(await store.core.services.db('customers').where({ id: survivor.id }).first()).toMatchObject({ city: 'Porto', first_name: 'Maria' })
      }
      await expectConverged()
    })
  }
})

describe('a username, password or gift card given to the merged-away customer at another store, offline', () => {
  const orders = ['merge first', 'edit first'] as const
  for (const when of ['after the merge', 'before the merge'] as const) {
    for (const order of orders) {
      it(`ends on the survivor at every store (made ${when}, ${order})`, async () => {
        const [a, b, c] = await threeStores()
        const { survivor, merged } = await pair(a)
        const edit = async () => {
          const loaded = await ok(b.call('customers:get', { id: merged.id }))
          await ok(
            b.call('customers:update', {
              id: merged.id,
              firstName: loaded.firstName,
              phone: loaded.phone,
              loyaltyEnrolled: true,
              storeIds: loaded.storeIds,
              username: 'maria77',
              password: 'correct horse 77',
              giftCardNumber: 'GC-9',
              loaded: { username: '', giftCardNumber: '' },
            }),
          )
        }
        world.advance(1000)
        if (when === 'before the merge') await edit()
        world.advance(1000)
        await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} }))
        world.advance(1000)
        if (when === 'after the merge') await edit()
        await reachC(order, a, b, c)
        const hashes = new Set<string>()
        for (const store of stores) {
          const db = store.core.services.db
          const kept = await db('customers').where({ id: survivor.id }).first()
          expect(kept).toMatchObject({ username: 'maria77', gift_card_number: 'GC-9' })
          hashes.add(kept.password_hash)
          expect(await db('customers').where({ id: merged.id }).first()).toMatchObject({ username: null, gift_card_number: null, password_hash: null })
          expect((await db('customer_claims').orderBy('kind')).map((c: { kind: string; customer_id: string }) => [c.kind, c.customer_id])).toEqual([
            ['gift_card', survivor.id],
            ['username', survivor.id],
          ])
          expect(await db('sync_conflicts')).toEqual([])
        }
        expect(hashes.size).toBe(1)
        expect([...hashes][0]).toMatch(/\S/)
        await expectConverged()
      })
    }
  }

  for (const order of orders) {
    it(`a survivor's own gift card stays; the merged one's is dropped (${order})`, async () => {
      const [a, b, c] = await threeStores()
      const { survivor, merged } = await pair(a)
      const own = await ok(a.call('customers:get', { id: survivor.id }))
      await ok(a.call('customers:update', { id: survivor.id, firstName: own.firstName, phone: own.phone, loyaltyEnrolled: true, storeIds: own.storeIds, giftCardNumber: 'GC-1', loaded: { giftCardNumber: '' } }))
      await syncAll(stores)
      world.advance(1000)
      await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} }))
      world.advance(1000)
      const loaded = await ok(b.call('customers:get', { id: merged.id }))
      await ok(b.call('customers:update', { id: merged.id, firstName: loaded.firstName, phone: loaded.phone, loyaltyEnrolled: true, storeIds: loaded.storeIds, giftCardNumber: 'GC-9', loaded: { giftCardNumber: '' } }))
      await reachC(order, a, b, c)
      for (const store of stores) {
        const db = store.core.services.db
        expect(await db('customers').where({ id: survivor.id }).first()).toMatchObject({ gift_card_number: 'GC-1' })
        expect(await db('customers').where({ id: merged.id }).first()).toMatchObject({ gift_card_number: null })
        expect((await db('customer_claims')).map((c: { value: string; customer_id: string }) => [c.value, c.customer_id])).toEqual([['GC-1', survivor.id]])
      }
      await expectConverged()
    })
  }
})

describe('a flag on either side at the merge', () => {
  for (const order of ['merge first', 'un-flag first'] as const) {
    it(`keeps the survivor flagged at every store though the merged one was un-flagged offline before (${order})`, async () => {
      const [a, b, c] = await threeStores()
      const { survivor, merged } = await pair(a)
      await ok(a.call('customers:setFlag', { id: survivor.id, flagged: true, reason: 'Bounced cheque' }))
      await ok(a.call('customers:setFlag', { id: merged.id, flagged: true, reason: 'Rude' }))
      await syncAll(stores)
      world.advance(1000)
      // B un-flags the merged customer, offline: A merges without knowing it; B's un-flag is older than the merge.
      await ok(b.call('customers:setFlag', { id: merged.id, flagged: false, reason: 'Apologised' }))
      world.advance(1000)
      await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} }))
      const [first, second] = order === 'merge first' ? [a, b] : [b, a]
      await deliver(first, c, { all: true })
      await deliver(second, c, { all: true })
      await syncAll(stores)
      for (const store of stores) {
        expect(await store.core.services.db('customers').where({ id: survivor.id }).first('flagged', 'flag_reason')).toEqual({ flagged: 1, flag_reason: 'Bounced cheque' })
      }
      await expectConverged()
    })
  }
})

describe("both customers' notes and the staff chosen to keep", () => {
  it('reach every store as the merge wrote them, a staff member of the survivor removed', async () => {
    const [a] = await threeStores()
    const user = (username: string, pin: string) => ok(a.call('users:create', { role: 'staff', username, displayName: username, password: `password of ${username}`, pin, permissionOverrides: {} }))
    const [x, y, z] = [(await user('xena', '2468')).id, (await user('yuri', '3579')).id, (await user('zoe', '4680')).id]
    const survivor = await ok(a.call('customers:create', { firstName: 'Maria', notes: 'Prefers mornings', assignedStaffIds: [x, y], storeIds: [storeOf(a)] }))
    const merged = await ok(a.call('customers:create', { firstName: 'María', notes: 'Allergic to latex', assignedStaffIds: [z], storeIds: [storeOf(a)] }))
    await syncAll(stores)
    world.advance(1000)
    await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, assignedStaffIds: [x, z] }))
    await syncAll(stores)
    for (const store of stores) {
      const db = store.core.services.db
      expect(await db('customers').where({ id: survivor.id }).first('notes', 'assigned_staff_ids')).toEqual({ notes: 'Prefers mornings\n\nAllergic to latex', assigned_staff_ids: JSON.stringify([x, z]) })
      expect((await db('customer_staff').where({ customer_id: survivor.id }).pluck('user_id')).sort()).toEqual([x, z].sort())
    }
    await expectConverged()
  })
})

describe('erase × merge', () => {
  for (const who of ['survivor', 'merged'] as const) {
    it(`erasing the ${who} at another store while the merge is made erases both everywhere, in any order`, async () => {
      const [a, b, c] = await threeStores()
      const { survivor, merged } = await pair(a)
      world.advance(1000)
      await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id }))
      await ok(c.call('customers:erase', { id: who === 'survivor' ? survivor.id : merged.id }))
      await ok(b.call('sales:create', sale(merged.id)))
      await deliver(c, b, { all: true })
      await deliver(a, b, { all: true })
      await syncAll(stores)
      for (const store of stores) {
        const rows = await store.core.services.db('customers').whereIn('id', [survivor.id, merged.id])
        expect(rows.map((r) => [r.first_name, r.erased_at !== null])).toEqual([
          ['', true],
          ['', true],
        ])
        expect(await store.core.services.db('loyalty_ledger').whereIn('customer_id', [survivor.id, merged.id])).toEqual([])
      }
      await expectConverged()
    })
  }

  it('erasing a survivor here erases the customers merged into it', async () => {
    const [a] = await threeStores()
    const { survivor, merged } = await pair(a)
    await ok(a.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id }))
    await ok(a.call('customers:erase', { id: survivor.id }))
    const rows = await a.core.services.db('customers').whereIn('id', [survivor.id, merged.id])
    expect(rows.every((r) => r.erased_at !== null && r.first_name === '' && r.phone === null)).toBe(true)
    await syncAll(stores)
    await expectConverged()
  })
})
