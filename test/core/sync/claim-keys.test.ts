import { describe, expect, it } from 'vitest'
import { syncDigest } from '../../../electron/core/sync/digest'
import { conflictsDiffer, digestsDiffer } from '../../support/sync/checks'
import { deliver, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * One gift card written two ways at two stores offline ("1234 5678" and "1234-5678") is one
 * card: when the stores sync, every store gives it to the customer who got it first and lists
 * the other, whichever way the entries come (new customers in one batch, an edit of a customer
 * the store knows, one store's entries before the other's).
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

const storeOf = (s: SyncStore) => s.core.services.localStoreId()!

async function threeStores(): Promise<[SyncStore, SyncStore, SyncStore, WorldClock]> {
  const world = new WorldClock()
  const a = await firstStore(world, 0)
  const b = await joinStore(world, a, 1, 0)
  const c = await joinStore(world, a, 2, 0)
  await syncAll(stores)
  return [a, b, c, world]
}

async function expectSettled(holder: string, other: string, value: string): Promise<void> {
  expect(await digestsDiffer(stores)).toEqual([])
  expect(await conflictsDiffer(stores)).toEqual([])
  for (const store of stores) {
    const rows = await store.core.services.db('customers').whereIn('id', [holder, other]).select('id', 'gift_card_number', 'first_name')
    expect(Object.fromEntries(rows.map((r) => [r.id, r.gift_card_number])), store.name).toEqual({ [holder]: value, [other]: null })
    const { conflicts } = await ok(store.call('conflicts:list', {}))
    expect(conflicts.map((c) => [c.kind, c.value, c.holder.customerId, c.other.customerId]), store.name).toEqual([['gift_card', value, holder, other]])
  }
  expect(await syncDigest(stores[0].core.services.db)).toEqual(await syncDigest(stores[1].core.services.db))
}

describe('one gift card written two ways at two stores offline', () => {
  it.each([
    ['the earlier store’s entries first', false],
    ['the later store’s entries first', true],
  ])('goes to the first customer given it, everywhere (new customers; %s)', async (_order, laterFirst) => {
    const [a, b, c, world] = await threeStores()
    const ana = await ok(a.call('customers:create', { firstName: 'Ana', giftCardNumber: '1234 5678', storeIds: [storeOf(a)] }))
    world.advance(1000)
    const ben = await ok(b.call('customers:create', { firstName: 'Ben', giftCardNumber: '１２３４－５６７８', storeIds: [storeOf(b)] }))
    // C hears of both before A and B hear of each other, in either order.
    for (const from of laterFirst ? [b, a] : [a, b]) await deliver(from, c, { all: true })
    await syncAll(stores)
    await expectSettled(ana.id, ben.id, '1234 5678')
  })

  it('goes to the first customer given it when the later one is an edit of a customer every store knows', async () => {
    const [a, b, , world] = await threeStores()
    const ben = await ok(b.call('customers:create', { firstName: 'Ben', storeIds: [storeOf(b)] }))
    await syncAll(stores)
    const ana = await ok(a.call('customers:create', { firstName: 'Ana', giftCardNumber: 'GC-12-34', storeIds: [storeOf(a)] }))
    world.advance(1000)
    await ok(b.call('customers:update', { id: ben.id, firstName: 'Ben', storeIds: [storeOf(b)], giftCardNumber: 'gc 1234', loaded: { giftCardNumber: '' } }))
    await syncAll(stores)
    await expectSettled(ana.id, ben.id, 'GC-12-34')
    // Now every store knows the card: typing it another way anywhere is refused.
    for (const store of stores) {
      const typed = await store.call('customers:create', { firstName: 'Cal', giftCardNumber: 'gc.12.34', storeIds: [storeOf(store)] })
      expect(typed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    }
  })
})
