import { existsSync, readdirSync, readlinkSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { commandNames, contract } from '../../electron/contract'
import { transact } from '../../electron/core/context'
import { updateUser } from '../../electron/core/users/repo'
import { addUser, commandContext, startSetUpCore, type TestCore } from '../support/core'
import { addShopper } from '../support/shoppers'
import { closeAll, deliver, firstStore, joinStore, makeTemplate, WorldClock, type SyncStore } from '../support/sync/cluster'

/**
 * The signed-in user and the store's terms are kept in memory between commands
 * (electron/core/db/read-cache.ts). Whatever writes the users or stores table — a command, a
 * sync apply, a repair made straight in the database — the next command must see it.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** The statements Knex runs while `step` runs. */
async function knexQueries(c: TestCore, step: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = []
  const listener = (q: { sql: string }) => seen.push(q.sql)
  c.services.db.on('query', listener)
  try {
    await step()
  } finally {
    c.services.db.removeListener('query', listener)
  }
  return seen
}

const token = async (c: TestCore, db = c.services.db) => (await db('read_cache_token').first()).token as number

describe('the read cache', () => {
  it('reads neither the signed-in user nor the store again while neither changed', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    await core.ok('customers:get', { id: shopper.id })
    const queries = await knexQueries(core, () => core!.ok('customers:get', { id: shopper.id }))
    expect(queries.length).toBeGreaterThan(0)
    expect(queries.filter((sql) => /from [`"]?(users|stores)\b/i.test(sql))).toEqual([])
  })

  it('applies a permission revoked by a write straight to the users table on the next command', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_users: true } })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: true })

    // As a sync apply or a repair would: not through the users service.
    await core.services.db('users').where({ id: manager.user.id }).update({ permission_overrides: JSON.stringify({ manage_users: false }) })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('ends the session of an account deactivated straight in the database on its next command', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    expect(await core.call('auth:status', {}, staff.session)).toMatchObject({ ok: true, data: { user: { id: staff.user.id } } })

    await core.services.db('users').where({ id: staff.user.id }).update({ active: false })
    expect(await core.call('customers:search', {}, staff.session)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(core.services.sessions.userIdFor(staff.session)).toBeUndefined()
  })

  it('shows a store setting written straight to the stores table on the next command', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    expect((await core.ok('metrics:customer', { customerId: shopper.id, period: 'thisYear' })).currency).toBe('USD')

    await core.services.db('stores').update({ currency: 'EUR' })
    expect((await core.ok('metrics:customer', { customerId: shopper.id, period: 'thisYear' })).currency).toBe('EUR')
  })

  it('keeps what is committed when a write to the users table rolls back', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_users: true } })
    const before = await token(core)
    await expect(
      transact(commandContext(core), core.services.localStoreId()!, async (w) => {
        await updateUser(w, manager.user.id, { permission_overrides: JSON.stringify({ manage_users: false }) })
        expect(await token(core!, w.trx)).not.toBe(before)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await token(core)).toBe(before)
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: true })
  })

  it('answers from memory while a long transaction holds the connection, as committed when it began', async () => {
    core = await startSetUpCore()
    const importer = await addUser(core, { role: 'staff', permissionOverrides: { import_customers: true } })
    const status = () => core!.call('receiptImports:status', { id: '01900000-0000-7000-8000-000000000001' }, importer.session)
    expect(await status()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const long = (work: () => Promise<void>) => transact(commandContext(core!), core!.services.localStoreId()!, work, { long: true })
    // Nothing changed: a command sent while the transaction holds the one connection is answered
    // from memory, before the transaction ends (it waits for the answer).
    await long(async () => {
      const timeout = new Promise((resolve) => setTimeout(() => resolve('waited for the connection'), 5000))
      expect(await Promise.race([status(), timeout])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    })
    // A permission revoked straight in the database, no command since: the long transaction's
    // first read sees the token move, and a command sent during it waits and is refused.
    await core.services.db('users').where({ id: importer.user.id }).update({ permission_overrides: JSON.stringify({ import_customers: false }) })
    let answer: ReturnType<typeof status> | undefined
    await long(async () => {
      answer = status()
    })
    expect(await answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('makes a command not answered from memory read the token during a long transaction, so a revocation queued behind it applies', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_users: true, import_customers: true } })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: true })
    const long = (work: () => Promise<void>) => transact(commandContext(core!), core!.services.localStoreId()!, work, { long: true })
    let revoked: Promise<unknown> | undefined
    let listed: ReturnType<TestCore['call']> | undefined
    let inside = true
    let answeredInside = false
    await long(async () => {
      // A sync apply revoking the permission, queued for the connection behind the long
      // transaction, then a command not marked fromMemory: it must not pass its check on the user
      // held since the transaction began and then run after the revocation.
      revoked = core!.services
        .db('users')
        .where({ id: manager.user.id })
        .update({ permission_overrides: JSON.stringify({ manage_users: false }) })
        .then()
      listed = core!.call('users:list', {}, manager.session)
      void listed.then(() => (answeredInside = inside))
      await new Promise((resolve) => setTimeout(resolve, 300))
      inside = false
    })
    // It waited for the connection (its token read), as every command did before the cache.
    expect(answeredInside).toBe(false)
    await revoked
    expect(await listed).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it("lets only what is answered from memory (an import's status and Cancel, the lock, who is signed in) skip the token during a long transaction", () => {
    expect(commandNames.filter((name) => contract[name].fromMemory === true).sort()).toEqual([
      'auth:status',
      'imports:cancel',
      'imports:running',
      'imports:status',
      'lock:engage',
      'receiptImports:cancel',
      'receiptImports:running',
      'receiptImports:status',
    ])
  })

  it('gets a new token from every insert, update and delete on users and stores, and from nothing else', async () => {
    core = await startSetUpCore()
    const db = core.services.db
    const changes = async (write: () => Promise<unknown>) => {
      const before = await token(core!)
      await write()
      return (await token(core!)) !== before
    }
    const at = new Date().toISOString()
    const kiosk = { id: '01900000-0000-7000-8000-0000000000aa', name: 'Kiosk', currency: 'USD', time_zone: 'UTC', created_at: at, updated_at: at }
    expect(await changes(() => db('stores').insert(kiosk))).toBe(true)
    expect(await changes(() => db('stores').where({ id: kiosk.id }).update({ name: 'Airport kiosk' }))).toBe(true)
    expect(await changes(() => db('stores').where({ id: kiosk.id }).delete())).toBe(true)
    expect(await changes(() => db('users').update({ display_name: 'Olivia O.' }))).toBe(true)
    expect(await changes(() => addShopper(core!))).toBe(false)
  })

  it.skipIf(!existsSync('/proc/self/fd'))('closes the database file on close, statements prepared for reads included', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    await core.ok('metrics:customer', { customerId: shopper.id, period: 'last30Days' })
    const openFiles = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`)
          } catch {
            return ''
          }
        })
        .filter((path) => path.startsWith(core!.dir))
    expect(openFiles().length).toBeGreaterThan(0)
    await core.close()
    expect(openFiles()).toEqual([])
  })
})

describe('the read cache and sync', () => {
  it('applies a permission revoked at another store on the next command here, once the entry arrives', async () => {
    const template = await makeTemplate()
    const world = new WorldClock()
    let stores: SyncStore[] = []
    try {
      const a = await firstStore(world, template, 0)
      const b = await joinStore(world, template, a, 1, 0)
      stores = [a, b]
      const created = await a.call('users:create', {
        username: 'mia',
        displayName: 'Mia Manager',
        role: 'manager',
        password: 'password of mia',
        pin: '4321',
        permissionOverrides: { manage_users: true },
      })
      if (!created.ok) throw new Error(JSON.stringify(created.error))
      await deliver(a, b, { all: true })
      b.core.services.sessions.signIn('mia at b', created.data.id)
      expect(await b.core.dispatch('users:list', {}, 'mia at b')).toMatchObject({ ok: true })

      world.advance(1000)
      expect(await a.call('users:update', { id: created.data.id, permissionOverrides: { manage_users: false } })).toMatchObject({ ok: true })
      // Until the entry arrives, B knows nothing of it; once applied, the next command is refused.
      expect(await b.core.dispatch('users:list', {}, 'mia at b')).toMatchObject({ ok: true })
      await deliver(a, b, { all: true })
      expect(await b.core.dispatch('users:list', {}, 'mia at b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

      world.advance(1000)
      expect(await a.call('users:setActive', { id: created.data.id, active: false })).toMatchObject({ ok: true })
      await deliver(a, b, { all: true })
      expect(await b.core.dispatch('auth:status', {}, 'mia at b')).toMatchObject({ ok: true, data: { user: null } })
    } finally {
      await closeAll(stores)
      rmSync(dirname(template), { recursive: true, force: true })
    }
  })
})
