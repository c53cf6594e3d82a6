import { afterEach, describe, expect, it } from 'vitest'
import { refreshFlagCache } from '../../../electron/core/customers/flag-events'
import { addUser, manualClock, OWNER, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, searchIds } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('flags', () => {
  it('flags with a reason, shows who and when, and the table shows the customer flagged', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const manager = await addUser(core, { role: 'manager' })
    const ana = await addCustomer(core, { firstName: 'Ana' })
    await addCustomer(core, { firstName: 'Bea' })
    const flagged = await core.ok('customers:setFlag', { id: ana.id, flagged: true, reason: 'Tried to sell stolen goods' }, manager.session)
    expect(flagged.flag).toEqual({ flagged: true, reason: 'Tried to sell stolen goods', by: manager.user.displayName, at: '2026-11-23T09:00:00.000Z' })
    const [row] = (await core.ok('customers:search', { period: 'all', query: 'ana' })).rows
    expect(row).toMatchObject({ flagged: true, flagReason: 'Tried to sell stolen goods' })
    expect(await searchIds(core, { flaggedOnly: true })).toEqual([ana.id])
  })

  it('requires a reason to flag, not to un-flag; un-flagging restores the normal look', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const ana = await addCustomer(core, { firstName: 'Ana' })
    expect(await core.call('customers:setFlag', { id: ana.id, flagged: true, reason: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { reason: 'Give a reason for flagging' } },
    })
    expect(await core.call('customers:setFlag', { id: ana.id, flagged: false })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    await core.ok('customers:setFlag', { id: ana.id, flagged: true, reason: 'Threatened staff' })
    clock.advance(60_000)
    await core.ok('customers:setFlag', { id: ana.id, flagged: true, reason: 'Threatened staff again' })
    clock.advance(60_000)
    const unflagged = await core.ok('customers:setFlag', { id: ana.id, flagged: false })
    expect(unflagged.flag).toEqual({ flagged: false, reason: null, by: OWNER.displayName, at: '2026-11-23T09:02:00.000Z' })
    expect((await core.ok('customers:search', { period: 'all' })).rows[0]).toMatchObject({ flagged: false, flagReason: null })
    expect(await searchIds(core, { flaggedOnly: true })).toEqual([])

    expect(await core.ok('customers:flagHistory', { id: ana.id })).toEqual([
      { action: 'unflagged', at: '2026-11-23T09:02:00.000Z', user: OWNER.displayName, reason: null },
      { action: 'flagged', at: '2026-11-23T09:01:00.000Z', user: OWNER.displayName, reason: 'Threatened staff again' },
      { action: 'flagged', at: '2026-11-23T09:00:00.000Z', user: OWNER.displayName, reason: 'Threatened staff' },
    ])
  })

  it('takes the latest event by HLC as the state, whichever store wrote it and whatever its wall time', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana' })
    await core.ok('customers:setFlag', { id: ana.id, flagged: true, reason: 'Here' })
    // Another store un-flagged her later by HLC, with a wall clock that runs behind ours.
    const ours = (await core.services.db('flag_events').first()).hlc as string
    await core.services.db('flag_events').insert({
      id: '01900000-0000-7000-8000-0000000000f1',
      customer_id: ana.id,
      action: 'unflagged',
      reason: 'Sorted out',
      user_id: null,
      store_id: '01900000-0000-7000-8000-0000000000f2',
      hlc: ours.replace(/-(\d{6})-/, (_m, n: string) => `-${String(Number(n) + 1).padStart(6, '0')}-`),
      created_at: '2020-01-01T00:00:00.000Z',
    })
    await refreshFlagCache(core.services.db, ana.id)
    expect((await core.ok('customers:get', { id: ana.id })).flag).toMatchObject({ flagged: false, reason: 'Sorted out' })
    expect(await searchIds(core, { flaggedOnly: true })).toEqual([])
  })

  it('refuses flagging and un-flagging to a user without "flag customers", and changes nothing', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    const ana = await addCustomer(core, { firstName: 'Ana' })
    expect(await core.call('customers:setFlag', { id: ana.id, flagged: true, reason: 'No' }, staff.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    await core.ok('customers:setFlag', { id: ana.id, flagged: true, reason: 'Yes' })
    expect(await core.call('customers:setFlag', { id: ana.id, flagged: false }, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.ok('customers:flagHistory', { id: ana.id }, staff.session)).toHaveLength(1)
    // Granting the single permission is enough.
    const granted = await addUser(core, { role: 'staff', permissionOverrides: { flag_customers: true } })
    expect(await core.call('customers:setFlag', { id: ana.id, flagged: false }, granted.session)).toMatchObject({ ok: true })
  })
})
