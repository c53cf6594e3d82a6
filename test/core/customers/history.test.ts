import { afterEach, describe, expect, it } from 'vitest'
import { addUser, manualClock, OWNER, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, OTHER_PNG, PNG, storeOf } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('customers:history', () => {
  it('lists who changed which field when, with old and new values as a person reads them, newest first', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const sam = await addUser(core, { role: 'staff' })
    const ana = await addCustomer(core, { firstName: 'Ana', phone: '(415) 555-2671', smsOptIn: false })
    clock.advance(60_000)
    await core.ok(
      'customers:update',
      { id: ana.id, firstName: 'Anna', phone: '212 555 0199', smsOptIn: true, storeIds: [storeOf(core)], assignedStaffIds: [sam.user.id] },
      sam.session,
    )

    const history = await core.ok('customers:history', { id: ana.id })
    const edit = history.filter((h) => h.at === '2026-11-23T09:01:00.000Z')
    expect(edit.map(({ field, label, oldValue, newValue, user }) => ({ field, label, oldValue, newValue, user }))).toEqual(
      expect.arrayContaining([
        { field: 'firstName', label: 'First name', oldValue: 'Ana', newValue: 'Anna', user: sam.user.displayName },
        { field: 'phone', label: 'Phone', oldValue: '(415) 555-2671', newValue: '(212) 555-0199', user: sam.user.displayName },
        { field: 'smsOptIn', label: 'SMS opt-in', oldValue: 'No', newValue: 'Yes', user: sam.user.displayName },
        // A list changes member by member: Sam was added.
        { field: 'assignedStaffIds', label: 'Assigned staff', oldValue: null, newValue: sam.user.displayName, user: sam.user.displayName },
      ]),
    )
    expect(edit).toHaveLength(4)
    // The creation is there too, credited to the owner; empty fields and internal columns are not
    // (the loyalty enrolment is not empty: the store enrols new customers by default).
    const created = history.filter((h) => h.at === '2026-11-23T09:00:00.000Z')
    expect(created.map((h) => h.field).sort()).toEqual(['active', 'firstName', 'loyaltyEnrolled', 'phone', 'storeIds'].sort())
    expect(created.every((h) => h.user === OWNER.displayName && h.oldValue === null)).toBe(true)
    expect(history.indexOf(edit[0])).toBeLessThan(history.indexOf(created[0]))
  })

  it('shows the password and the photo only as markers', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', password: 'secret words 1', photo: PNG, photoThumbnail: PNG })
    const again = { id: ana.id, firstName: 'Ana', storeIds: [storeOf(core)] }
    await core.ok('customers:update', { ...again, password: 'secret words 2', photo: OTHER_PNG, photoThumbnail: OTHER_PNG })
    await core.ok('customers:update', { ...again, photo: null })

    const history = await core.ok('customers:history', { id: ana.id })
    const values = (field: string) => history.filter((h) => h.field === field).map((h) => [h.oldValue, h.newValue])
    expect(values('password')).toEqual([
      ['[hidden]', '[hidden]'],
      [null, '[hidden]'],
    ])
    expect(values('photo')).toEqual([
      ['[photo]', null],
      ['[photo]', '[photo]'],
      [null, '[photo]'],
    ])
    expect(JSON.stringify(history)).not.toMatch(/secret words|base64|scrypt/)
    expect((await core.ok('customers:get', { id: ana.id })).photo).toBeNull()
  })

  it('keeps the photo, re-encoded by main as a JPEG, and shows the thumbnail in the table', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', photo: PNG, photoThumbnail: OTHER_PNG })
    expect(ana.photo).toMatch(/^data:image\/jpeg;base64,\/9j\//)
    const [row] = (await core.ok('customers:search', { period: 'all' })).rows
    // The thumbnail is main's own, made from the photo (the one sent with it is not kept).
    expect(row.photoThumbnail).toMatch(/^data:image\/jpeg;base64,/)
    // An edit that leaves the photo out keeps it.
    expect(await core.ok('customers:update', { id: ana.id, firstName: 'Anna', storeIds: [storeOf(core)] })).toMatchObject({ photo: ana.photo })
  })
})
