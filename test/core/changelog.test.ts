import { SCHEMA_VERSION } from '../../electron/core/sync/spec'
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
  it('setup logs the store and the owner as one transaction of two insert entries, each holding its row, with HLC, store and user', async () => {
    const clock = manualClock('2026-11-23T09:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const storeId = core.services.localStoreId()!
    const owner = (await core.ok('auth:status', {})).user!
    const node = (await core.services.db('meta').where({ key: 'node_id' }).first()).value

    const entries = (await changeLog(core)).filter((e) => e.op !== 'legacy')
    expect(entries.map((e) => [e.op, e.table_name, e.row_id, e.field])).toEqual([
      ['insert', 'stores', storeId, null],
      ['insert', 'users', owner.id, null],
    ])
    const [store, user] = entries.map((e) => json(e.value))
    expect(store).toMatchObject({
      name: STORE.name,
      currency: STORE.currency,
      time_zone: STORE.timeZone,
      country: 'US',
      medical_shop: 0,
      loyalty_points_per_unit: 1,
      loyalty_value_per_point_minor: 1,
      auto_checkout_at_day_start: 0,
      receipt_prefix: 'CS',
      lock_idle_minutes: 10,
      lock_pin_unlock: 1,
      created_at: '2026-11-23T09:00:00.000Z',
    })
    expect(user).toMatchObject({ store_id: storeId, username: OWNER.username, role: 'owner', active: 1, password_hash: expect.stringMatching(/^scrypt\$/) })
    for (const entry of entries) {
      expect(entry).toMatchObject({ tx: entries[0].id, tx_size: 2, store_id: storeId, user_id: owner.id, old_value: null, schema_version: SCHEMA_VERSION })
      expect(entry.created_at).toBe('2026-11-23T09:00:00.000Z')
      const hlc = parseHlc(entry.hlc)
      expect(hlc.node).toBe(node)
      expect(hlc.wall).toBe(Date.parse('2026-11-23T09:00:00.000Z'))
    }
    expect(entries[0].seq).toBeLessThan(entries[1].seq)
  })

  it('carries password and PIN hashes (never the secrets) so an owner can sign in at every store; old hashes are not kept', async () => {
    core = await startSetUpCore()
    const owner = (await core.ok('auth:status', {})).user!
    // Under My account: the owner's own reset is refused in Users & permissions.
    await core.ok('auth:changePassword', { currentPassword: OWNER.password, newPassword: 'another long password' })
    await core.ok('auth:changePin', { currentPassword: 'another long password', newPin: '97531' })

    const resets = (await changeLog(core, { table_name: 'users', row_id: owner.id })).filter((r) => r.field === 'password_hash' || r.field === 'pin_hash')
    expect(resets.map((r) => [r.op, r.field, json(r.old_value)])).toEqual([
      ['update', 'password_hash', '[secret]'],
      ['update', 'pin_hash', '[secret]'],
    ])
    for (const row of resets) expect(json(row.value)).toMatch(/^scrypt\$/)
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
    expect(added.map((r) => [r.op, r.table_name, r.row_id, r.field, json(r.old_value), json(r.value)])).toEqual([
      ['update', 'stores', storeId, 'name', STORE.name, 'Renamed Shop'],
      ['update', 'stores', storeId, 'medical_shop', 0, 1],
      ['update', 'stores', storeId, 'loyalty_points_per_unit', 1, 2.5],
    ])
    // One command, one transaction unit of three entries.
    expect(new Set(added.map((r) => `${r.tx}/${r.tx_size}`))).toEqual(new Set([`${added[0].id}/3`]))
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
        // Inside the transaction the write is there and its entries wait on the writer…
        expect((await w.trx('stores').where({ id: storeId }).first()).name).toBe('Never Saved')
        expect(w.entries).toHaveLength(2)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')

    // …and after the throw neither is.
    expect((await core.services.db('stores').where({ id: storeId }).first()).name).toBe(STORE.name)
    expect(await changeLog(core)).toEqual(before)
  })
})
