import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { transact } from '../../electron/core/context'
import { DATABASE_FILE } from '../../electron/core'
import { updateStore } from '../../electron/core/stores/repo'
import { parseHlc } from '../../electron/core/sync/hlc'
import {
  OWNER,
  STORE,
  changeLog,
  commandContext,
  manualClock,
  startSetUpCore,
  startTestCore,
  type TestCore,
} from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const json = (value: string | null) => (value === null ? null : JSON.parse(value))

describe('change log', () => {
  it('setup logs every field of the store and of the owner, with HLC, store and user', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const storeId = core.services.localStoreId()!
    const owner = (await core.ok('auth:status', {})).user!
    const node = (await core.services.db('meta').where({ key: 'node_id' }).first()).value

    const storeRows = await changeLog(core, { table_name: 'stores' })
    expect(storeRows.map((r) => r.field).sort()).toEqual(
      [
        'auto_checkout_at_day_start',
        'country',
        'created_at',
        'currency',
        'lock_idle_minutes',
        'lock_pin_unlock',
        'loyalty_points_per_unit',
        'loyalty_value_per_point_minor',
        'medical_shop',
        'name',
        'receipt_prefix',
        'time_zone',
      ].sort(),
    )
    const byField = Object.fromEntries(storeRows.map((r) => [r.field, r]))
    expect(json(byField.name.new_value)).toBe(STORE.name)
    expect(json(byField.currency.new_value)).toBe(STORE.currency)
    expect(json(byField.time_zone.new_value)).toBe(STORE.timeZone)
    expect(json(byField.medical_shop.new_value)).toBe(false)

    const userRows = await changeLog(core, { table_name: 'users' })
    expect(userRows.map((r) => r.field).sort()).toEqual(
      ['active', 'created_at', 'display_name', 'password_hash', 'permission_overrides', 'pin_hash', 'role', 'store_id', 'username'].sort(),
    )
    const userField = Object.fromEntries(userRows.map((r) => [r.field, r]))
    expect(json(userField.username.new_value)).toBe(OWNER.username)
    expect(json(userField.role.new_value)).toBe('owner')
    expect(json(userField.store_id.new_value)).toBe(storeId)

    for (const row of [...storeRows, ...userRows]) {
      expect(row.row_id).toBe(row.table_name === 'stores' ? storeId : owner.id)
      expect(row.old_value).toBeNull()
      expect(row.store_id).toBe(storeId)
      expect(row.user_id).toBe(owner.id)
      expect(row.created_at).toBe('2026-11-23T09:00:00.000Z')
      const hlc = parseHlc(row.hlc)
      expect(hlc.node).toBe(node)
      expect(hlc.wall).toBe(Date.parse('2026-11-23T09:00:00.000Z'))
    }
    const stamps = [...storeRows, ...userRows].map((r) => r.hlc)
    expect(new Set(stamps).size).toBe(stamps.length)
  })

  it('records password and PIN hashes only as "[secret]"', async () => {
    core = await startSetUpCore()
    const owner = (await core.ok('auth:status', {})).user!
    await core.ok('users:resetPassword', { id: owner.id, password: 'another long password' })
    await core.ok('users:resetPin', { id: owner.id, pin: '97531' })

    const secrets = (await changeLog(core)).filter((r) => r.field === 'password_hash' || r.field === 'pin_hash')
    expect(secrets).toHaveLength(4)
    for (const row of secrets) {
      expect(json(row.new_value)).toBe('[secret]')
      expect(row.old_value === null || json(row.old_value) === '[secret]').toBe(true)
    }
    // The resets are updates, so they carry an old value, also hidden.
    expect(secrets.filter((r) => r.old_value !== null)).toHaveLength(2)
    for (const row of await changeLog(core)) {
      expect(`${row.old_value} ${row.new_value}`).not.toMatch(/scrypt\$/)
    }
  })

  it('never writes a plaintext password or PIN into the database files', async () => {
    const logged: string[] = []
    core = await startTestCore({ log: (message) => logged.push(message) })
    const secrets = {
      ownerPassword: 'Plaintext-Owner-Secret-7731',
      ownerPin: '90817263',
      userPassword: 'Plaintext-Staff-Secret-4419',
      userPin: '55170394',
      resetPassword: 'Plaintext-Reset-Secret-2286',
      resetPin: '66284017',
    }
    await core.ok('auth:setup', {
      store: STORE,
      owner: { username: 'owner.plain', displayName: 'Owner', password: secrets.ownerPassword, pin: secrets.ownerPin },
    })
    const staff = await core.ok('users:create', {
      username: 'staff.plain',
      displayName: 'Staff',
      role: 'staff',
      password: secrets.userPassword,
      pin: secrets.userPin,
    })
    await core.ok('auth:login', { username: 'staff.plain', password: secrets.userPassword }, 'other')
    await core.call('auth:login', { username: 'staff.plain', password: `${secrets.userPassword}-wrong` }, 'other')
    await core.ok('users:resetPassword', { id: staff.id, password: secrets.resetPassword })
    await core.ok('users:resetPin', { id: staff.id, pin: secrets.resetPin })

    const files = () =>
      readdirSync(core!.dir)
        .filter((f) => f.startsWith(DATABASE_FILE))
        .map((f) => ({ name: f, bytes: readFileSync(join(core!.dir, f)) }))
    const open = files()
    expect(open.map((f) => f.name)).toContain(`${DATABASE_FILE}-wal`)
    await core.close()
    const closed = files()
    expect(existsSync(join(core.dir, DATABASE_FILE))).toBe(true)

    const all = Buffer.concat([...open, ...closed].map((f) => f.bytes))
    // The files are readable as written: the usernames and hash format are in them.
    expect(all.includes('staff.plain')).toBe(true)
    expect(all.includes('scrypt$')).toBe(true)
    for (const secret of Object.values(secrets)) {
      expect(all.includes(secret), secret).toBe(false)
      expect(all.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false)
    }
    expect(logged.join('\n')).not.toMatch(/Plaintext|90817263|55170394|66284017/)
  })

  it('an update logs only the fields that changed, with old and new values, and bumps updated_at', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const storeId = core.services.localStoreId()!
    const owner = (await core.ok('auth:status', {})).user!
    const before = await changeLog(core)
    const settings = await core.ok('settings:get', {})

    clock.advance(60_000)
    await core.ok('settings:update', { ...settings, storeName: 'Renamed Shop', medicalShop: true, loyaltyPointsPerUnit: 2.5 })

    const added = (await changeLog(core)).slice(before.length)
    expect(added.map((r) => [r.table_name, r.row_id, r.field, json(r.old_value), json(r.new_value)])).toEqual([
      ['stores', storeId, 'name', STORE.name, 'Renamed Shop'],
      ['stores', storeId, 'medical_shop', false, true],
      ['stores', storeId, 'loyalty_points_per_unit', 1, 2.5],
    ])
    for (const row of added) {
      expect(row.user_id).toBe(owner.id)
      expect(row.store_id).toBe(storeId)
      expect(row.created_at).toBe('2026-11-23T09:01:00.000Z')
      expect(row.hlc > before.at(-1)!.hlc).toBe(true)
    }
    const store = await core.services.db('stores').where({ id: storeId }).first()
    expect(store.updated_at).toBe('2026-11-23T09:01:00.000Z')
    expect(store.created_at).toBe('2026-11-23T09:00:00.000Z')
  })

  it('an update that changes nothing logs nothing and leaves updated_at alone', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const before = await changeLog(core)
    clock.advance(60_000)
    await core.ok('settings:update', await core.ok('settings:get', {}))
    const owner = (await core.ok('auth:status', {})).user!
    await core.ok('users:setActive', { id: owner.id, active: true })
    expect(await changeLog(core)).toHaveLength(before.length)
    const store = await core.services.db('stores').first()
    expect(store.updated_at).toBe('2026-11-23T09:00:00.000Z')
  })

  it('a transaction that throws after a tracked write leaves neither the change nor its log entries', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const before = await changeLog(core)
    const ctx = commandContext(core)

    await expect(
      transact(ctx, storeId, async (w) => {
        await updateStore(w, storeId, { name: 'Never Saved', medical_shop: true })
        // Inside the transaction the write and its entries are there…
        expect((await w.trx('stores').where({ id: storeId }).first()).name).toBe('Never Saved')
        expect(await w.trx('change_log').count({ n: '*' }).first()).toEqual({ n: before.length + 2 })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')

    // …and after the throw neither is.
    expect((await core.services.db('stores').where({ id: storeId }).first()).name).toBe(STORE.name)
    expect(await changeLog(core)).toEqual(before)
  })
})
