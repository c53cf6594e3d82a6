import { afterEach, describe, expect, it } from 'vitest'
import { addUser, changeLog, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, PNG, rowCount, searchIds, storeOf } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('inactivate and restore', () => {
  it('hides an inactivated customer from the table and brings them back on restore', async () => {
    core = await startSetUpCore()
    const ana = await addCustomer(core, { firstName: 'Ana' })
    expect(await core.ok('customers:inactivate', { id: ana.id })).toMatchObject({ active: false })
    expect(await searchIds(core, {})).toEqual([])
    expect(await searchIds(core, { status: 'inactive' })).toEqual([ana.id])
    expect(await core.ok('customers:get', { id: ana.id })).toMatchObject({ active: false, firstName: 'Ana' })

    expect(await core.ok('customers:restore', { id: ana.id })).toMatchObject({ active: true })
    expect(await searchIds(core, {})).toEqual([ana.id])
    const history = await core.ok('customers:history', { id: ana.id })
    expect(history.filter((h) => h.field === 'active').map((h) => [h.oldValue, h.newValue])).toEqual([
      ['No', 'Yes'],
      ['Yes', 'No'],
      [null, 'Yes'],
    ])
  })

  it('needs "delete customers": staff are refused, managers may', async () => {
    core = await startSetUpCore()
    const [staff, manager] = [await addUser(core, { role: 'staff' }), await addUser(core, { role: 'manager' })]
    const ana = await addCustomer(core, { firstName: 'Ana' })
    expect(await core.call('customers:inactivate', { id: ana.id }, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.ok('customers:get', { id: ana.id })).toMatchObject({ active: true })
    expect(await core.call('customers:inactivate', { id: ana.id }, manager.session)).toMatchObject({ ok: true })
    expect(await core.call('customers:restore', { id: ana.id }, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.call('customers:restore', { id: ana.id }, manager.session)).toMatchObject({ ok: true })
  })
})

describe('erase', () => {
  /** A customer with something in every place personal data can be: fields, photo, password, flags, history. */
  async function fullCustomer(c: TestCore) {
    const ana = await addCustomer(c, {
      firstName: 'Ana',
      lastName: 'GarcíaZqxw',
      nickname: 'AnitaZqxw',
      phone: '(415) 555-2671',
      email: 'ana.zqxw@example.org',
      username: 'anazqxw',
      password: 'zqxw password',
      dateOfBirth: '1990-05-01',
      addressLine1: '1 Zqxw Street',
      notes: 'Zqxw note',
      giftCardNumber: 'GC-ZQXW',
      photo: PNG,
      photoThumbnail: PNG,
    })
    await c.ok('customers:update', { id: ana.id, firstName: 'AnaZqxw', lastName: 'GarcíaZqxw', username: 'anazqxw', storeIds: [storeOf(c)] })
    await c.ok('customers:setFlag', { id: ana.id, flagged: true, reason: 'Zqxw reason' })
    return ana
  }

  it('removes personal data, photo, flags and history for good, keeps a marked tombstone, and logs the erase', async () => {
    core = await startSetUpCore()
    const owner = (await core.ok('auth:status', {})).user!
    const ana = await fullCustomer(core)
    const other = await addCustomer(core, { firstName: 'Bea' })
    const otherLog = await changeLog(core, { row_id: other.id })

    expect(await core.ok('customers:erase', { id: ana.id })).toEqual({ backupsCleaned: 0, backupsRemoved: 0, notCleaned: [] })

    const row = await core.services.db('customers').where({ id: ana.id }).first()
    expect(row).toMatchObject({ id: ana.id, customer_number: Number(ana.customerNumber), active: 0, first_name: '', search_text: '', name_key: '', flagged: 0 })
    expect(row.erased_at).toEqual(expect.any(String))
    for (const column of ['last_name', 'nickname', 'phone', 'email', 'username', 'password_hash', 'date_of_birth', 'address_line1', 'notes', 'gift_card_number', 'flag_reason', 'last_key', 'nickname_key']) {
      expect(row[column], column).toBeNull()
    }
    expect(await rowCount(core, 'customer_photos')).toBe(0)
    expect(await rowCount(core, 'flag_events')).toBe(0)

    // What is left in the log about her is the erase: who, when, no personal value.
    const log = await changeLog(core)
    expect(log.filter((r) => r.row_id === ana.id).map((r) => [r.op, JSON.parse(r.value!), r.user_id])).toEqual([
      ['erase', { store_id: storeOf(core), customer_number: Number(ana.customerNumber), created_at: row.created_at, erased_at: row.erased_at }, owner.id],
    ])
    expect(log.filter((r) => r.table_name === 'flag_events')).toEqual([])
    expect(JSON.stringify(log)).not.toMatch(/zqxw|5552671/i)
    expect(await changeLog(core, { row_id: other.id })).toEqual(otherLog)

    // Gone for every command and every search; the full-text index has forgotten her too.
    for (const command of ['customers:get', 'customers:history', 'customers:flagHistory', 'customers:restore', 'customers:erase'] as const) {
      expect(await core.call(command, { id: ana.id }), command).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect(await core.call('customers:update', { id: ana.id, firstName: 'Back', storeIds: [storeOf(core)] })).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect(await searchIds(core, { query: 'zqxw', status: 'all' })).toEqual([])
    expect(await searchIds(core, { status: 'all' })).toEqual([other.id])
    expect(await core.services.db.raw("SELECT rowid FROM customer_search WHERE customer_search MATCH '\"qxw\"'")).toEqual([])
    // Her username is free again.
    expect(await addCustomer(core, { firstName: 'New', username: 'anazqxw' })).toMatchObject({ username: 'anazqxw' })
  })

  it('needs "erase history", which managers do not have by default', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager' })
    const ana = await addCustomer(core, { firstName: 'Ana' })
    expect(await core.call('customers:erase', { id: ana.id }, manager.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.ok('customers:get', { id: ana.id })).toMatchObject({ firstName: 'Ana' })
    const granted = await addUser(core, { role: 'manager', permissionOverrides: { erase_history: true } })
    expect(await core.call('customers:erase', { id: ana.id }, granted.session)).toMatchObject({ ok: true })
  })
})
