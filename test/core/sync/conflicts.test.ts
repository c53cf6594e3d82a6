import { afterEach, describe, expect, it } from 'vitest'
import { syncDigest } from '../../../electron/core/sync/digest'
import { addUser, startSetUpCore, STORE, type TestCore } from '../../support/core'
import { deliver, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { arriveFromAnotherStore } from '../../support/sync/foreign'
import { ok } from '../../support/answers'

/**
 * Sync conflicts (issue 10): listing what the claims rule left for staff, and resolving it with
 * an ordinary synced write that takes the conflict off the list at every store.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()
let world: WorldClock

const storeOf = (s: SyncStore) => s.core.services.localStoreId()!

/** Two stores give `ana.g` and gift card GC-9 to two customers offline, then sync. */
async function conflictAtTwoStores() {
  world = new WorldClock()
  const a = await firstStore(world, 0)
  const b = await joinStore(world, a, 1, 0)
  await syncAll(stores)
  const ana = await ok(a.call('customers:create', { firstName: 'Ana', lastName: 'García', username: 'ana.g', giftCardNumber: 'GC-9', storeIds: [storeOf(a)] }))
  world.advance(1000)
  const anabel = await ok(b.call('customers:create', { firstName: 'Anabel', lastName: 'Ruiz', username: 'Ana.G', giftCardNumber: 'GC-9', storeIds: [storeOf(b)] }))
  await syncAll(stores)
  return { a, b, ana, anabel }
}

const row = (s: SyncStore, id: string) => s.core.services.db('customers').where({ id }).first()

describe('conflicts:list', () => {
  it('names both customers, the stores that gave the value and who keeps it, at every store', async () => {
    const { a, b, ana, anabel } = await conflictAtTwoStores()
    for (const store of stores) {
      const { conflicts } = await ok(store.call('conflicts:list', {}))
      expect(conflicts.map((c) => [c.kind, c.value, c.holder.name, c.holder.storeName, c.other.name, c.other.storeName])).toEqual([
        ['gift_card', 'GC-9', 'Ana García', STORE.name, 'Anabel Ruiz', 'Branch 1'],
        ['username', 'ana.g', 'Ana García', STORE.name, 'Anabel Ruiz', 'Branch 1'],
      ].sort((x, y) => (x[0] < y[0] ? -1 : 1)))
      expect(conflicts[0]).toMatchObject({ holder: { customerId: ana.id, givenAt: expect.any(String) }, other: { customerId: anabel.id } })
      expect(await ok(store.call('conflicts:count', {}))).toEqual({ open: 2 })
    }
    expect(a).toBeDefined()
    expect(b).toBeDefined()
  })

  it('says which customer is flagged, and why, at every store (PRODUCT §2.3)', async () => {
    const { b, ana, anabel } = await conflictAtTwoStores()
    await ok(b.call('customers:setFlag', { id: anabel.id, flagged: true, reason: 'Banned: used a stolen card' }))
    await syncAll(stores)
    for (const store of stores) {
      const { conflicts } = await ok(store.call('conflicts:list', {}))
      expect(conflicts).toHaveLength(2)
      for (const c of conflicts) {
        expect(c.holder).toMatchObject({ customerId: ana.id, flagged: false, flagReason: null })
        expect(c.other).toMatchObject({ customerId: anabel.id, flagged: true, flagReason: 'Banned: used a stolen card' })
      }
    }
  })
})

describe('conflicts:resolve', () => {
  it('gives the other customer a new username: a synced write that ends the conflict at every store', async () => {
    const { a, b, ana, anabel } = await conflictAtTwoStores()
    const { conflicts } = await ok(b.call('conflicts:list', {}))
    const username = conflicts.find((c) => c.kind === 'username')!
    expect(await ok(b.call('conflicts:resolve', { id: username.id, value: 'anabel.r' }))).toEqual({ customerId: anabel.id, value: 'anabel.r' })
    // Off B's list at once; A still lists it until the write arrives.
    expect((await ok(b.call('conflicts:list', {}))).conflicts.map((c) => c.kind)).toEqual(['gift_card'])
    expect((await ok(a.call('conflicts:list', {}))).conflicts).toHaveLength(2)
    await syncAll(stores)
    for (const store of stores) {
      expect((await ok(store.call('conflicts:list', {}))).conflicts.map((c) => c.kind)).toEqual(['gift_card'])
      expect(await row(store, anabel.id)).toMatchObject({ username: 'anabel.r', gift_card_number: null })
      expect(await row(store, ana.id)).toMatchObject({ username: 'ana.g', gift_card_number: 'GC-9' })
      // The new username finds her.
      const found = await ok(store.call('customers:search', { query: 'anabel.r', period: 'all', status: 'all', flaggedOnly: false, sort: 'name', direction: 'asc', limit: 20 }))
      expect(JSON.stringify(found)).toContain(anabel.id)
    }
    // The customer's history says what happened.
    const history = await ok(a.call('customers:history', { id: anabel.id }))
    expect(JSON.stringify(history)).toContain('anabel.r')
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })

  it('leaves the other customer without a value: their claim goes at every store, the holder keeps it', async () => {
    const { a, b, ana, anabel } = await conflictAtTwoStores()
    const card = (await ok(a.call('conflicts:list', {}))).conflicts.find((c) => c.kind === 'gift_card')!
    await ok(a.call('conflicts:resolve', { id: card.id, value: '' }))
    await syncAll(stores)
    for (const store of stores) {
      expect((await ok(store.call('conflicts:list', {}))).conflicts.map((c) => c.kind)).toEqual(['username'])
      expect(await store.core.services.db('customer_claims').where({ kind: 'gift_card' }).pluck('customer_id')).toEqual([ana.id])
      expect(await row(store, anabel.id)).toMatchObject({ gift_card_number: null })
    }
    // With no claim left on GC-9, erasing… no: the holder keeps GC-9 and the form still refuses it for Anabel.
    const detail = await ok(b.call('customers:get', { id: anabel.id }))
    const { id: _i, customerNumber: _n, photo: _p, hasPassword: _h, assignedStaff: _a, stores: _s, flag: _f, loyaltyPoints: _l, lastLoyaltyReason: _r, active: _ac, erased: _e, createdAt: _c, updatedAt: _u, ...form } = detail
    expect(await b.call('customers:update', { ...form, giftCardNumber: 'GC-9', id: anabel.id, loaded: form })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })

  it('converges on the later answer when two stores resolve the same conflict at once', async () => {
    const { a, b, anabel } = await conflictAtTwoStores()
    const at = async (s: SyncStore) => (await ok(s.call('conflicts:list', {}))).conflicts.find((c) => c.kind === 'username')!.id
    await ok(a.call('conflicts:resolve', { id: await at(a), value: 'anabel.a' }))
    world.advance(1000)
    await ok(b.call('conflicts:resolve', { id: await at(b), value: 'anabel.b' }))
    await syncAll(stores)
    for (const store of stores) {
      expect(await row(store, anabel.id)).toMatchObject({ username: 'anabel.b' })
      expect(await store.core.services.db('customer_claims').where({ kind: 'username', customer_id: anabel.id }).pluck('value')).toEqual(['anabel.b'])
      expect((await ok(store.call('conflicts:list', {}))).conflicts.map((c) => c.kind)).toEqual(['gift_card'])
    }
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })

  it('reaches a third store that gets the resolution before the value it settles', async () => {
    const { a, b, anabel } = await conflictAtTwoStores()
    const c = await joinStore(world, a, 2, 0)
    // C knows A's customers (it joined from A) but not B's yet.
    const id = (await ok(b.call('conflicts:list', {}))).conflicts.find((x) => x.kind === 'username')!.id
    await ok(b.call('conflicts:resolve', { id, value: 'anabel.r' }))
    await deliver(b, c, { all: true })
    expect(await row(c, anabel.id)).toMatchObject({ username: 'anabel.r' })
    expect((await ok(c.call('conflicts:list', {}))).conflicts.map((x) => x.kind)).toEqual(['gift_card'])
    await syncAll(stores)
    const digests = await Promise.all(stores.map((s) => syncDigest(s.core.services.db)))
    expect(digests[1]).toEqual(digests[0])
    expect(digests[2]).toEqual(digests[0])
  })

  it('refuses a bad, taken or missing value and changes nothing', async () => {
    const { a, ana, anabel } = await conflictAtTwoStores()
    const { conflicts } = await ok(a.call('conflicts:list', {}))
    const username = conflicts.find((c) => c.kind === 'username')!
    const card = conflicts.find((c) => c.kind === 'gift_card')!
    const before = await a.core.services.db('change_log').count<{ n: number }[]>({ n: '*' })
    expect(await a.call('conflicts:resolve', { id: username.id, value: 'no spaces' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { value: 'Use letters, digits, dot, dash or underscore' } },
    })
    expect(await a.call('conflicts:resolve', { id: username.id, value: 'ab' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { value: 'Username needs at least 3 characters' } } })
    expect(await a.call('conflicts:resolve', { id: username.id, value: 'ANA.G' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { value: 'That username is already taken' } } })
    expect(await a.call('conflicts:resolve', { id: card.id, value: 'GC\u200b9' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await a.call('conflicts:resolve', { id: '01900000-0000-7000-8000-0000000000ff', value: 'x.y.z' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await a.core.services.db('change_log').count<{ n: number }[]>({ n: '*' })).toEqual(before)
    expect(await row(a, anabel.id)).toMatchObject({ username: null })
    expect(await row(a, ana.id)).toMatchObject({ username: 'ana.g' })
    // Resolved once, it is gone: a second answer says so.
    await ok(a.call('conflicts:resolve', { id: username.id, value: 'anabel.r' }))
    expect(await a.call('conflicts:resolve', { id: username.id, value: 'anabel.s' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('another store') } })
  })
})

describe('who may see and resolve conflicts', () => {
  let core: TestCore
  afterEach(async () => core?.close())

  it('needs "Resolve sync conflicts" (managers and owners); everyone signed in sees the count', async () => {
    core = await startSetUpCore()
    await arriveFromAnotherStore(core.services, { firstName: 'Bea', username: 'bea' }, { writtenAt: new Date(Date.now() - 60_000) })
    const storeId = core.services.localStoreId()!
    await core.ok('customers:create', { firstName: 'Beatriz', storeIds: [storeId] })
    const staff = await addUser(core, { role: 'staff' })
    const manager = await addUser(core, { role: 'manager' })
    expect(await core.dispatch('conflicts:list', {}, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.dispatch('conflicts:count', {}, staff.session)).toMatchObject({ ok: true, data: { open: 0 } })
    expect(await core.dispatch('conflicts:list', {}, manager.session)).toMatchObject({ ok: true, data: { conflicts: [] } })
  })

  it('lists a conflict made by another store’s entries arriving at one store', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const mine = await core.ok('customers:create', { firstName: 'Beatriz', username: 'bea', storeIds: [storeId] })
    // The other store gave "bea" a minute earlier: theirs keeps it.
    const theirs = await arriveFromAnotherStore(core.services, { firstName: 'Bea', lastName: 'Lund', username: 'bea' }, { storeName: 'Harbour Street', writtenAt: new Date(Date.now() - 60_000) })
    const { conflicts } = await core.ok('conflicts:list', {})
    expect(conflicts).toMatchObject([{ kind: 'username', value: 'bea', holder: { customerId: theirs.customerId, name: 'Bea Lund', storeName: 'Harbour Street' }, other: { customerId: mine.id, name: 'Beatriz', storeName: STORE.name } }])
    expect((await core.ok('customers:get', { id: mine.id })).username).toBe('')
  })
})

describe('the customer who keeps a value is erased', () => {
  it('gives the value to the next claimant at every store, whatever order the erase arrives in', async () => {
    const { a, b, anabel } = await conflictAtTwoStores()
    const c = await joinStore(world, a, 2, 0)
    // A erases Ana (who keeps ana.g); C hears of the erase before it hears of Anabel.
    const ana = (await ok(a.call('conflicts:list', {}))).conflicts[0].holder.customerId
    await ok(a.call('customers:erase', { id: ana }))
    await deliver(a, c, { all: true })
    await syncAll(stores)
    for (const store of stores) {
      expect(await row(store, anabel.id)).toMatchObject({ username: 'Ana.G', gift_card_number: 'GC-9' })
      expect((await ok(store.call('conflicts:list', {}))).conflicts).toEqual([])
    }
    const digests = await Promise.all(stores.map((s) => syncDigest(s.core.services.db)))
    expect(digests[1]).toEqual(digests[0])
    expect(digests[2]).toEqual(digests[0])
    expect(b).toBeDefined()
  })
})
