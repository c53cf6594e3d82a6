import { afterEach, describe, expect, it } from 'vitest'
import { verifySecret } from '../../../electron/core/auth/kdf'
import { TEST_KDF, addUser, changeLog, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, storeOf, type CustomerDetail } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const edit = (c: TestCore, customer: CustomerDetail, patch: Record<string, unknown>) =>
  c.call('customers:update', {
    id: customer.id,
    firstName: customer.firstName,
    username: customer.username,
    assignedStaffIds: customer.assignedStaffIds,
    storeIds: [storeOf(c)],
    ...patch,
  })

describe('customer account: username and password', () => {
  it('refuses a username another customer has, however it is capitalised', async () => {
    core = await startSetUpCore()
    await addCustomer(core, { firstName: 'Ana', username: 'agarcia' })
    for (const username of ['agarcia', 'AGarcia', 'AGARCIA']) {
      expect(await core.call('customers:create', { firstName: 'Other', username, storeIds: [storeOf(core)] }), username).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', fields: { username: 'That username is already taken' } },
      })
    }
    expect(await core.ok('customers:search', { period: 'all' })).toMatchObject({ total: 1 })
  })

  it('never changes a username once saved; blank on an edit keeps it; one can be set later once', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', username: 'agarcia' })
    for (const username of ['ana.g', 'AGARCIA']) {
      expect(await edit(core, ana, { username })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { username: 'The username cannot be changed once saved' } },
      })
    }
    expect(await edit(core, ana, { username: '', firstName: 'Anita' })).toMatchObject({ ok: true, data: { username: 'agarcia', firstName: 'Anita' } })

    const bea = await addCustomer(core, { firstName: 'Bea' })
    expect(await edit(core, bea, { username: 'AGarcia' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await edit(core, bea, { username: 'bea.b' })).toMatchObject({ ok: true, data: { username: 'bea.b' } })
    expect(await edit(core, { ...bea, username: 'bea.b' }, { username: 'bea.c' })).toMatchObject({ ok: false, error: { fields: { username: expect.any(String) } } })
  })

  it('keeps the password only as a scrypt hash, logs only that it changed, and keeps it when an edit leaves it blank', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana', password: 'correct horse 1' })
    expect(ana.hasPassword).toBe(true)
    expect(JSON.stringify(ana)).not.toMatch(/correct horse|scrypt/)
    const stored = (await core.services.db('customers').where({ id: ana.id }).first()).password_hash
    expect(stored).toMatch(/^scrypt\$/)
    expect(await verifySecret('correct horse 1', stored, { cost: TEST_KDF })).toBe(true)

    await edit(core, ana, { firstName: 'Anna' })
    expect((await core.services.db('customers').where({ id: ana.id }).first()).password_hash).toBe(stored)
    await edit(core, ana, { password: 'battery staple 2' })
    const replaced = (await core.services.db('customers').where({ id: ana.id }).first()).password_hash
    expect(await verifySecret('battery staple 2', replaced, { cost: TEST_KDF })).toBe(true)

    // The hash travels (in the insert, then in the update), the password never; the old hash is not kept.
    const logged = await changeLog(core, { table_name: 'customers', row_id: ana.id })
    expect(JSON.parse(logged.find((r) => r.op === 'insert')!.value!).password_hash).toBe(stored)
    const passwordEntries = logged.filter((r) => r.field === 'password_hash')
    expect(passwordEntries.map((r) => [r.old_value, JSON.parse(r.value!)])).toEqual([['"[secret]"', replaced]])
    expect(JSON.stringify(logged)).not.toMatch(/correct horse|battery staple/)
  })
})

describe('assigned staff', () => {
  it('takes up to two active users, with their names', async () => {
    core = await startSetUpCore()
    const [sam, kim] = [await addUser(core, { role: 'staff' }), await addUser(core, { role: 'manager' })]
    const ana = await addCustomer(core, { firstName: 'Ana', assignedStaffIds: [sam.user.id, kim.user.id] })
    expect(ana.assignedStaff).toEqual([
      { id: sam.user.id, name: sam.user.displayName },
      { id: kim.user.id, name: kim.user.displayName },
    ])
    const options = await core.ok('customers:staffOptions', {})
    expect(options.map((o) => o.id)).toEqual(expect.arrayContaining([sam.user.id, kim.user.id]))
  })

  it('refuses three, the same person twice, a deactivated user and an unknown id', async () => {
    core = await startSetUpCore()
    const [sam, kim, lee] = [await addUser(core, { role: 'staff' }), await addUser(core, { role: 'staff' }), await addUser(core, { role: 'staff' })]
    await core.ok('users:setActive', { id: lee.user.id, active: false })
    const attempt = (assignedStaffIds: string[]) => core!.call('customers:create', { firstName: 'Ana', assignedStaffIds, storeIds: [storeOf(core!)] })
    expect(await attempt([sam.user.id, kim.user.id, sam.user.id])).toMatchObject({ error: { fields: { assignedStaffIds: 'At most two assigned staff' } } })
    expect(await attempt([sam.user.id, sam.user.id])).toMatchObject({ error: { fields: { assignedStaffIds: 'Choose two different staff members' } } })
    expect(await attempt([lee.user.id])).toMatchObject({ error: { fields: { assignedStaffIds: 'Only active staff with a login can be assigned' } } })
    expect(await attempt(['01900000-0000-7000-8000-0000000000ff'])).toMatchObject({ error: { fields: { assignedStaffIds: expect.any(String) } } })
    expect((await core.ok('customers:staffOptions', {})).map((o) => o.id)).not.toContain(lee.user.id)
  })

  it('lets a customer keep staff who were deactivated after being assigned', async () => {
    core = await startSetUpCore()
    const sam = await addUser(core, { role: 'staff' })
    const ana = await addCustomer(core, { firstName: 'Ana', assignedStaffIds: [sam.user.id] })
    await core.ok('users:setActive', { id: sam.user.id, active: false })
    expect(await edit(core, ana, { firstName: 'Anna' })).toMatchObject({ ok: true, data: { assignedStaffIds: [sam.user.id] } })
  })
})
