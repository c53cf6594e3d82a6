import { afterEach, describe, expect, it } from 'vitest'
import { refreshMemberCaches } from '../../../electron/core/customers/members'
import { addUser, changeLog, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, storeOf, type CustomerDetail } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const OTHER_STORE = '01900000-0000-7000-8000-00000000aa01'

async function addOtherStore(c: TestCore): Promise<string> {
  const at = new Date().toISOString()
  await c.services.db('stores').insert({ id: OTHER_STORE, name: 'Kiosk', currency: 'USD', time_zone: 'UTC', created_at: at, updated_at: at })
  return OTHER_STORE
}

/** The form's fields as customers:get gave them: what an edit form sends, and sends back as `loaded`. */
function formOf(c: CustomerDetail) {
  const { id, customerNumber, photo, hasPassword, assignedStaff, stores, flag, loyaltyPoints, lastLoyaltyReason, active, erased, createdAt, updatedAt, ...fields } = c
  return fields
}

/** Everything a refused save could have touched. */
async function snapshot(c: TestCore) {
  return {
    customers: await c.services.db('customers').select(),
    stores: await c.services.db('customer_stores').select().orderBy('store_id'),
    staff: await c.services.db('customer_staff').select().orderBy('user_id'),
    log: (await changeLog(c)).length,
  }
}

describe('two forms editing one customer’s stores at once', () => {
  it('refuses the second save when together the two would leave no store, writes nothing, and saves once chosen again', async () => {
    core = await startSetUpCore()
    const here = storeOf(core)
    const other = await addOtherStore(core)
    const ana = await addCustomer(core, { firstName: 'Ana', storeIds: [here, other] })
    const loaded = formOf(ana)
    // Form 1 keeps only the kiosk, form 2 (opened before) keeps only this store.
    await core.ok('customers:update', { ...loaded, id: ana.id, storeIds: [other], loaded })
    const before = await snapshot(core)
    const refused = await core.call('customers:update', { ...loaded, id: ana.id, storeIds: [here], loaded })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { storeIds: expect.stringMatching(/Another user changed this customer's stores.*Choose the stores again/) } },
    })
    expect(await snapshot(core)).toEqual(before)
    // The customer still opens with the first form's stores, and the form opened again saves.
    const now = await core.ok('customers:get', { id: ana.id })
    expect(now.storeIds).toEqual([other])
    expect((await core.ok('customers:update', { ...formOf(now), id: ana.id, storeIds: [here], loaded: formOf(now) })).storeIds).toEqual([here])
  })

  it('opens a customer left with no store (as sync can leave one) and lets the form choose one again', async () => {
    core = await startSetUpCore()
    const here = storeOf(core)
    const other = await addOtherStore(core)
    const ana = await addCustomer(core, { firstName: 'Ana', storeIds: [here, other] })
    // Two stores each removed the other offline: once synced, the join table is empty.
    await core.services.db('customer_stores').where({ customer_id: ana.id }).delete()
    await refreshMemberCaches(core.services.db, ana.id)
    const opened = await core.ok('customers:get', { id: ana.id })
    expect(opened).toMatchObject({ storeIds: [], stores: [] })
    expect(await core.call('customers:update', { ...formOf(opened), id: ana.id, city: 'Porto', loaded: formOf(opened) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { storeIds: 'Choose at least one store' } },
    })
    const repaired = await core.ok('customers:update', { ...formOf(opened), id: ana.id, storeIds: [here], loaded: formOf(opened) })
    expect(repaired.storeIds).toEqual([here])
    expect(await core.services.db('customer_stores').where({ customer_id: ana.id }).pluck('store_id')).toEqual([here])
    expect((await core.ok('customers:search', { period: 'all', query: 'ana' })).rows.map((r) => r.stores.map((s) => s.id))).toEqual([[here]])
  })
})

describe('two forms assigning staff to one customer at once', () => {
  it('refuses a save that would leave more than two assigned, naming who is assigned now, and writes nothing', async () => {
    core = await startSetUpCore()
    const [u1, u2, u3] = [await addUser(core, { role: 'staff' }), await addUser(core, { role: 'staff' }), await addUser(core, { role: 'staff' })]
    const bea = await addCustomer(core, { firstName: 'Bea' })
    const loaded = formOf(bea)
    await core.ok('customers:update', { ...loaded, id: bea.id, assignedStaffIds: [u1.user.id, u2.user.id], loaded })
    const before = await snapshot(core)
    const refused = await core.call('customers:update', { ...loaded, id: bea.id, assignedStaffIds: [u3.user.id], loaded })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const message = refused.ok ? '' : refused.error.fields?.assignedStaffIds
    expect(message).toContain('Another user changed the assigned staff')
    expect(message).toContain(`${u1.user.displayName} and ${u2.user.displayName} are assigned now`)
    expect(message).toContain('Choose at most 2')
    expect(await snapshot(core)).toEqual(before)
    // Opened again, the form replaces the two with the third.
    const now = await core.ok('customers:get', { id: bea.id })
    const saved = await core.ok('customers:update', { ...formOf(now), id: bea.id, assignedStaffIds: [u3.user.id], loaded: formOf(now) })
    expect(saved.assignedStaffIds).toEqual([u3.user.id])
    expect(await core.services.db('customer_staff').where({ customer_id: bea.id }).pluck('user_id')).toEqual([u3.user.id])
  })

  it('still adds to a list another form changed when the total stays within two', async () => {
    core = await startSetUpCore()
    const [u1, u2] = [await addUser(core, { role: 'staff' }), await addUser(core, { role: 'staff' })]
    const bea = await addCustomer(core, { firstName: 'Bea' })
    const loaded = formOf(bea)
    await core.ok('customers:update', { ...loaded, id: bea.id, assignedStaffIds: [u1.user.id], loaded })
    const saved = await core.ok('customers:update', { ...loaded, id: bea.id, assignedStaffIds: [u2.user.id], loaded })
    expect(new Set(saved.assignedStaffIds)).toEqual(new Set([u1.user.id, u2.user.id]))
  })

  it('lets a form that saw the two shown staff replace them when sync left a third hidden behind them', async () => {
    core = await startSetUpCore()
    const [u1, u2, u3, u4] = [
      await addUser(core, { role: 'staff' }),
      await addUser(core, { role: 'staff' }),
      await addUser(core, { role: 'staff' }),
      await addUser(core, { role: 'staff' }),
    ]
    const bea = await addCustomer(core, { firstName: 'Bea', assignedStaffIds: [u1.user.id, u2.user.id] })
    // Two stores each added one offline: the join table holds three, the row shows the first two.
    await core.services.db('customer_staff').insert({ customer_id: bea.id, user_id: u3.user.id, hlc: 'zzzz' })
    await refreshMemberCaches(core.services.db, bea.id)
    const opened = await core.ok('customers:get', { id: bea.id })
    expect(opened.assignedStaffIds).toEqual([u1.user.id, u2.user.id])
    const saved = await core.ok('customers:update', { ...formOf(opened), id: bea.id, assignedStaffIds: [u1.user.id, u4.user.id], loaded: formOf(opened) })
    expect(saved.assignedStaffIds).toEqual([u1.user.id, u4.user.id])
    expect((await core.services.db('customer_staff').where({ customer_id: bea.id }).pluck('user_id')).sort()).toEqual([u1.user.id, u4.user.id].sort())
  })
})
