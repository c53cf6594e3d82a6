import { describe, expect, it } from 'vitest'
import { deliver, syncAll, twinStore, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * Visits and appointments written on PCs offline from each other (a store's two PCs, or two
 * stores), settled the same on all once they exchange entries (visits/settle.ts,
 * appointments/repo.ts). Times are New York's (UTC−5).
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

// New York midnight between 23 and 24 November 2026.
const MIDNIGHT = '2026-11-24T05:00:00.000Z'

/** A store checking everyone out at midnight, its second PC, and Ana checked in on the first at 10:00 on the 23rd. */
async function storeWithTwoPcs(world: WorldClock): Promise<{ a: SyncStore; b: SyncStore; anaId: string }> {
  world.ms = Date.parse('2026-11-23T15:00:00.000Z')
  const a = await firstStore(world, 0)
  const settings = await ok(a.call('settings:get', {}))
  await ok(a.call('settings:update', { ...settings, autoCheckoutAtDayStart: true }))
  const ana = await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [a.core.services.localStoreId()!] }))
  const b = await twinStore(world, a, 0)
  stores.push(b)
  await ok(a.call('visits:checkIn', { customerId: ana.id }))
  return { a, b, anaId: ana.id }
}

const visitRows = (store: SyncStore) =>
  store.core.services.db('visits').orderBy('checked_in_at').select('checked_in_at', 'local_date', 'open', 'merged_into', 'checked_out_at', 'checkout_kind')

describe('the automatic check-out and a check-in the next morning on the other PC', () => {
  async function expectTwoVisits(store: SyncStore, anaId: string) {
    expect(await visitRows(store)).toEqual([
      { checked_in_at: '2026-11-23T15:00:00.000Z', local_date: '2026-11-23', open: 0, merged_into: null, checked_out_at: MIDNIGHT, checkout_kind: 'automatic' },
      { checked_in_at: '2026-11-24T13:00:00.000Z', local_date: '2026-11-24', open: 1, merged_into: null, checked_out_at: null, checkout_kind: null },
    ])
    expect((await ok(store.call('visits:status', { customerId: anaId }))).visit).toMatchObject({ since: '2026-11-24T13:00:00.000Z' })
    expect(await ok(store.call('visits:conversion', { period: 'custom', from: '2026-11-24', to: '2026-11-24' }))).toMatchObject({ visits: 1 })
  }

  it('keeps this morning’s check-in a visit of its own, though the check-out of yesterday’s visit was stamped after it', async () => {
    // Found by the fresh-eyes review: the automatic check-out is dated at midnight but stamped
    // when the first PC starts its day, after the second PC's check-in, which then joined
    // yesterday's visit and was closed with it: Ana was nowhere in the store, and not counted.
    const world = new WorldClock()
    const { a, b, anaId } = await storeWithTwoPcs(world)
    world.ms = Date.parse('2026-11-24T13:00:00.000Z') // 08:00 on the 24th: B never saw yesterday's visit
    await ok(b.call('visits:checkIn', { customerId: anaId }))
    world.ms = Date.parse('2026-11-24T14:00:00.000Z') // 09:00: A starts its day, checking yesterday's visit out
    await ok(a.call('visits:today', {}))
    await syncAll(stores)
    for (const store of [a, b]) await expectTwoVisits(store, anaId)
  })

  it('keeps it when the PC that checked her in learns of yesterday’s visit and checks it out itself', async () => {
    const world = new WorldClock()
    const { a, b, anaId } = await storeWithTwoPcs(world)
    world.ms = Date.parse('2026-11-24T13:00:00.000Z')
    await ok(b.call('visits:checkIn', { customerId: anaId }))
    await deliver(a, b, { all: true })
    world.ms = Date.parse('2026-11-24T14:00:00.000Z')
    await ok(b.call('visits:today', {}))
    await syncAll(stores)
    for (const store of [a, b]) await expectTwoVisits(store, anaId)
  })

  it('still joins a check-in made the same evening on the other PC to the visit, both closed at midnight', async () => {
    const world = new WorldClock()
    const { a, b, anaId } = await storeWithTwoPcs(world)
    world.ms = Date.parse('2026-11-24T03:00:00.000Z') // 22:00 on the 23rd
    await ok(b.call('visits:checkIn', { customerId: anaId }))
    world.ms = Date.parse('2026-11-24T14:00:00.000Z')
    await ok(a.call('visits:today', {}))
    await syncAll(stores)
    for (const store of [a, b]) {
      const [first, second] = await store.core.services.db('visits').orderBy('checked_in_at').select('id', 'open', 'merged_into', 'checked_out_at', 'checkout_kind')
      expect(first).toMatchObject({ open: 0, merged_into: null, checked_out_at: MIDNIGHT, checkout_kind: 'automatic' })
      expect(second).toMatchObject({ open: 0, merged_into: first.id })
    }
  })
})

describe('a check-out on the PC whose clock is behind', () => {
  it('is dated at the check-in, never before it', async () => {
    // Found by the fresh-eyes review: the check-out took the PC's own time, four minutes behind
    // the PC that checked Ana in, so Today showed her leaving before she came.
    const world = new WorldClock()
    world.ms = Date.parse('2026-11-23T15:00:00.000Z')
    const a = await firstStore(world, 0)
    const ana = await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [a.core.services.localStoreId()!] }))
    const b = await twinStore(world, a, -4 * 60_000)
    stores.push(b)
    await ok(a.call('visits:checkIn', { customerId: ana.id }))
    await syncAll(stores)
    world.advance(60_000) // 15:01, 14:57 on B
    await ok(b.call('visits:checkOut', { customerId: ana.id }))
    await syncAll(stores)
    for (const store of [a, b]) {
      expect(await store.core.services.db('visit_checkouts').pluck('checked_out_at')).toEqual(['2026-11-23T15:00:00.000Z'])
      const today = await ok(store.call('visits:today', {}))
      expect(today.checkedOut.map((v) => [v.since, v.out])).toEqual([['2026-11-23T15:00:00.000Z', '2026-11-23T15:00:00.000Z']])
    }
  })
})

describe('an appointment cancelled at another store that had not heard of the visit', () => {
  async function appointmentAtTwoStores() {
    const world = new WorldClock()
    world.ms = Date.parse('2026-11-23T15:00:00.000Z') // 10:00 on the 23rd
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    const ana = await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [a.core.services.localStoreId()!] }))
    const owner = await a.core.services.db('users').first('id')
    const appointment = await ok(a.call('appointments:schedule', { customerId: ana.id, date: '2026-11-23', time: '14:00', staffId: owner.id, note: '' }))
    await syncAll(stores)
    return { world, a, b, anaId: ana.id, staffId: owner.id as string, appointmentId: appointment.id }
  }
  const statuses = async (store: SyncStore, customerId: string) => (await ok(store.call('appointments:list', { customerId }))).map((x) => x.status)

  it('is shown everywhere when the customer came before the cancel, and can no longer be rescheduled', async () => {
    // Found by the fresh-eyes review: the cancel counted before the visit, so after sync both
    // stores showed "cancelled" and accepted a reschedule of an appointment the customer came to.
    const { world, a, b, anaId, staffId, appointmentId } = await appointmentAtTwoStores()
    await ok(a.call('visits:checkIn', { customerId: anaId }))
    world.advance(1000)
    await ok(b.call('appointments:cancel', { id: appointmentId }))
    await syncAll(stores)
    for (const store of [a, b]) expect(await statuses(store, anaId)).toEqual(['shown'])
    expect(await a.call('appointments:reschedule', { id: appointmentId, date: '2026-11-24', time: '10:00', staffId, note: '' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('stays cancelled when the cancel came first and the customer came anyway', async () => {
    const { world, a, b, anaId, appointmentId } = await appointmentAtTwoStores()
    await ok(b.call('appointments:cancel', { id: appointmentId }))
    world.advance(1000)
    await ok(a.call('visits:checkIn', { customerId: anaId }))
    await syncAll(stores)
    for (const store of [a, b]) expect(await statuses(store, anaId)).toEqual(['cancelled'])
  })
})

describe('a slot booked on both PCs of a store while they were offline from each other', () => {
  async function twoPcsBookingTen() {
    const world = new WorldClock()
    world.ms = Date.parse('2026-11-23T15:00:00.000Z') // 10:00 on the 23rd, in New York
    const a = await firstStore(world, 0)
    const storeIds = [a.core.services.localStoreId()!]
    const ana = await ok(a.call('customers:create', { firstName: 'Ana', storeIds }))
    const bo = await ok(a.call('customers:create', { firstName: 'Bo', storeIds }))
    const owner = await a.core.services.db('users').first('id')
    const b = await twinStore(world, a, 0)
    stores.push(b)
    return { a, b, anaId: ana.id, boId: bo.id, staffId: owner.id as string }
  }
  const clashes = async (store: SyncStore) =>
    (await ok(store.call('appointments:list', { from: '2026-11-23', to: '2026-11-23' }))).map((x) => [x.customer.firstName, x.time, x.doubleBooked])

  it('keeps both, marks each double-booked for the staff member on both PCs, and clears the mark once one is moved', async () => {
    const { a, b, anaId, boId, staffId } = await twoPcsBookingTen()
    const first = await ok(a.call('appointments:schedule', { customerId: anaId, date: '2026-11-23', time: '14:00', staffId, note: '' }))
    await ok(b.call('appointments:schedule', { customerId: boId, date: '2026-11-23', time: '14:00', staffId, note: '' }))
    // Each PC alone sees nothing wrong.
    expect(await clashes(a)).toEqual([['Ana', '14:00', null]])
    await syncAll(stores)
    for (const store of [a, b]) {
      expect((await clashes(store)).sort()).toEqual([
        ['Ana', '14:00', { staff: true, customer: false }],
        ['Bo', '14:00', { staff: true, customer: false }],
      ])
      // The day's screen says so too.
      expect((await ok(store.call('visits:today', {}))).appointments.map((x) => x.doubleBooked)).toEqual([
        { staff: true, customer: false },
        { staff: true, customer: false },
      ])
    }
    await ok(a.call('appointments:reschedule', { id: first.id, date: '2026-11-23', time: '15:00', staffId, note: '' }))
    await syncAll(stores)
    for (const store of [a, b]) expect((await clashes(store)).sort()).toEqual([['Ana', '15:00', null], ['Bo', '14:00', null]])
  })

  it('marks a customer booked twice at one time, with other staff, and not once one is cancelled', async () => {
    const { a, b, anaId } = await twoPcsBookingTen()
    const owner = await a.core.services.db('users').first('id')
    const dan = await ok(a.call('users:create', { username: 'dan', displayName: 'Dan', password: 'correct horse battery', pin: '4821', role: 'staff' }))
    await syncAll(stores)
    await ok(a.call('appointments:schedule', { customerId: anaId, date: '2026-11-23', time: '14:00', staffId: owner.id, note: '' }))
    const second = await ok(b.call('appointments:schedule', { customerId: anaId, date: '2026-11-23', time: '14:00', staffId: dan.id, note: '' }))
    await syncAll(stores)
    for (const store of [a, b]) {
      expect((await clashes(store)).map((x) => x[2])).toEqual([
        { staff: false, customer: true },
        { staff: false, customer: true },
      ])
    }
    await ok(b.call('appointments:cancel', { id: second.id }))
    await syncAll(stores)
    for (const store of [a, b]) expect((await clashes(store)).map((x) => x[2])).toEqual([null, null])
  })
})
