import { afterEach, describe, expect, it } from 'vitest'
import { addUser, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addShopper } from '../../support/shoppers'

/** users:assignedWork: what the deactivation confirmation counts as staying with the user. */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('users:assignedWork', () => {
  it('counts their open deals, their appointments from today on, and the active customers assigned to them', async () => {
    const clock = manualClock('2026-11-23T15:00:00.000Z')
    // The clock moves by days below, which would lock the owner's idle session.
    core = await startSetUpCore({ now: clock.now, idleLock: false })
    const staff = await addUser(core, { role: 'staff' })
    const other = await addUser(core, { role: 'staff' })
    const shopper = await addShopper(core)
    const empty = { openDeals: 0, upcomingAppointments: 0, assignedCustomers: 0 }
    expect(await core.ok('users:assignedWork', { id: staff.user.id })).toEqual(empty)

    // Several deals for one customer on purpose (New deal asks before a second open one).
    const deal = (assignedUserId: string) => core!.ok('deals:create', { customerId: shopper.id, assignedUserId, note: '', alsoWhenOpen: true })
    await deal(staff.user.id)
    const sold = await deal(staff.user.id)
    await core.ok('deals:setStatus', { dealId: sold.id, status: 'sold', note: '' })
    const handedOver = await deal(staff.user.id)
    await core.ok('deals:assign', { dealId: handedOver.id, userId: other.user.id })

    const book = (date: string, staffId = staff.user.id) => core!.ok('appointments:schedule', { customerId: shopper.id, date, time: '10:00', staffId, note: '' })
    await book('2026-11-24')
    await book('2026-11-30')
    await core.ok('appointments:cancel', { id: (await book('2026-12-01')).id })
    await book('2026-12-02', other.user.id)

    const customer = (firstName: string) => core!.ok('customers:create', { firstName, assignedStaffIds: [staff.user.id], storeIds: [core!.services.localStoreId()!] })
    await customer('Kept')
    await core.ok('customers:inactivate', { id: (await customer('Gone')).id })

    expect(await core.ok('users:assignedWork', { id: staff.user.id })).toEqual({ openDeals: 1, upcomingAppointments: 2, assignedCustomers: 1 })
    // The 24th's appointment is past once the store's 25th has begun.
    clock.set(Date.parse('2026-11-25T06:00:00.000Z'))
    expect(await core.ok('users:assignedWork', { id: staff.user.id })).toMatchObject({ upcomingAppointments: 1 })
  })

  it('is asked as users:list is: by those who manage users only; an unknown user is not found', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    expect(await core.call('users:assignedWork', { id: staff.user.id }, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.call('users:assignedWork', { id: staff.user.id }, 'nobody')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await core.call('users:assignedWork', { id: '01900000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('reads each count through an index keyed by the user', async () => {
    core = await startSetUpCore()
    const plan = async (statement: string) => JSON.stringify(await core!.services.db.raw(`EXPLAIN QUERY PLAN ${statement}`))
    expect(await plan("SELECT count(*) FROM deals WHERE assigned_user_id = 'u' AND status = 'open'")).toContain('deals_open_by_assignee')
    expect(await plan("SELECT count(*) FROM appointments WHERE staff_id = 'u' AND status = 'scheduled' AND local_date >= '2026-11-23'")).toContain(
      'appointments_scheduled_by_staff',
    )
    expect(await plan("SELECT count(*) FROM customer_staff s JOIN customers c ON c.id = s.customer_id WHERE s.user_id = 'u'")).toContain('customer_staff_by_user')
  })
})
