import { describe, expect, it } from 'vitest'
import { offlinePc } from '../../support/sync/foreign'
import { addCustomer } from '../customers/fixtures'
import { deskMorningEachTest } from './desk-morning'

/**
 * The Today screen's *Checked out today*: the latest 100 of the day's check-outs, and the count
 * of them all in the same answer, so the screen can say when it shows fewer than left today.
 */
const setUp = deskMorningEachTest()

describe('visits:today, checked out today', () => {
  it('lists the latest 100, latest first, and counts every check-out of the store’s day, none of yesterday’s nor anyone still in', async () => {
    const { core, clock, manager } = await setUp()
    // Yesterday: two visits, checked out then.
    clock.advance(-24 * 3600_000)
    for (const firstName of ['Yara', 'Yves']) {
      const customer = await addCustomer(core, { firstName })
      await core.ok('visits:checkIn', { customerId: customer.id }, manager.session)
      await core.ok('visits:checkOut', { customerId: customer.id }, manager.session)
    }
    clock.advance(24 * 3600_000)
    // Today: 103 in and out a minute apart, and one still in.
    const left: string[] = []
    for (let n = 1; n <= 103; n++) {
      const customer = await addCustomer(core, { firstName: `Guest ${n}` })
      await core.ok('visits:checkIn', { customerId: customer.id }, manager.session)
      await core.ok('visits:checkOut', { customerId: customer.id }, manager.session)
      left.push(`Guest ${n}`)
      clock.advance(60_000)
    }
    const stillIn = await addCustomer(core, { firstName: 'Still' })
    await core.ok('visits:checkIn', { customerId: stillIn.id }, manager.session)

    const today = await core.ok('visits:today', {}, manager.session)
    expect(today.checkedOutTotal).toBe(103)
    expect(today.checkedOut).toHaveLength(100)
    expect(today.checkedOut.map((visit) => visit.customer.firstName)).toEqual(left.slice(3).reverse())
    expect(today.inStore.map((visit) => visit.customer.firstName)).toEqual(['Still'])
  })

  it('counts as many as it lists when the day’s check-outs fit', async () => {
    const { core, manager, ana } = await setUp()
    expect(await core.ok('visits:today', {}, manager.session)).toMatchObject({ checkedOut: [], checkedOutTotal: 0 })
    await core.ok('visits:checkIn', { customerId: ana.id }, manager.session)
    await core.ok('visits:checkOut', { customerId: ana.id }, manager.session)
    const today = await core.ok('visits:today', {}, manager.session)
    expect([today.checkedOut.length, today.checkedOutTotal]).toEqual([1, 1])
  })
})

describe('hub:status lastChange, which tells an open Today that its lists changed', () => {
  it('moves with a check-in made here and with one the store’s other PC made, applied as sync brings it; not with reads', async () => {
    const { core, clock, manager, ana } = await setUp()
    const lastChange = async () => (await core.ok('hub:status', {}, manager.session)).lastChange
    const first = await lastChange()
    // Reading Today, its status and the status again changes nothing.
    await core.ok('visits:today', {}, manager.session)
    expect(await lastChange()).toBe(first)

    await core.ok('visits:checkIn', { customerId: ana.id }, manager.session)
    const afterCheckIn = await lastChange()
    expect(afterCheckIn).toBeGreaterThan(first)

    // The back-room PC, offline meanwhile, checks Bo in; the entries reach this PC through the real applier.
    const bo = await addCustomer(core, { firstName: 'Bo', lastName: 'Lind' })
    const afterBo = await lastChange()
    const backRoom = await offlinePc(core, clock.now)
    await backRoom.twin.ok('visits:checkIn', { customerId: bo.id })
    expect(await lastChange()).toBe(afterBo)
    await backRoom.deliver()
    expect(await lastChange()).toBeGreaterThan(afterBo)
    expect((await core.ok('visits:today', {}, manager.session)).inStore.map((visit) => visit.customer.firstName).sort()).toEqual(['Ana', 'Bo'])
  })

})
