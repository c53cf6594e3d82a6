import { describe, expect, it } from 'vitest'
import { OWNER, OWNER_SESSION, signIn, type TestCore } from '../../support/core'
import { digestStores } from '../../support/hub/digest'
import { connectionOf, customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/**
 * Restoring an older backup on a store linked to a hub (README, Backups): the hub holds entries
 * this store sent after the backup was taken, and the other stores have applied them. The
 * restored store must get them back (they were acknowledged: the hub committed them), send
 * what it writes next, duplicate nothing, and end with the same state as the others. What it
 * wrote after the backup and never sent is gone with the restore, as on a store with no hub.
 */
const server = useHubServer()

const store = server.store

async function roundAll(stores: TestCore[], times = 2) {
  for (let i = 0; i < times; i++) for (const s of stores) await s.services.hub.round()
}

async function backUp(core: TestCore): Promise<string> {
  const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
  return backup!.name
}

async function restore(core: TestCore, name: string): Promise<void> {
  await core.ok('backups:restore', { source: 'backups-folder', name, passphrase: '' })
  await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
}

/** The ids of a store's entries the hub committed. */
async function onHub(database: string, storeId: string): Promise<string[]> {
  const hub = await server.pgs.adminClient(database)
  try {
    return (await hub.query('SELECT id FROM backroom.entries WHERE store_id = $1', [storeId])).rows.map((r) => r.id as string)
  } finally {
    await hub.end()
  }
}

/** Entry ids held twice in a store's change log (none, or an entry was applied or written twice). */
async function twice(core: TestCore): Promise<unknown[]> {
  return core.services.db('change_log').select('id').count({ n: '*' }).groupBy('id').having(core.services.db.raw('count(*) > 1'))
}

async function missingLocally(core: TestCore, ids: string[]): Promise<string[]> {
  const have = new Set<string>(await core.services.db('change_log').whereIn('id', ids).pluck('id'))
  return ids.filter((id) => !have.has(id))
}

const exists = async (core: TestCore, id: string) => (await core.call('customers:get', { id })).ok

describe('restoring an older backup on a store linked to a hub', () => {
  it('takes back what it had sent since the backup, sends what it writes next, and converges', async () => {
    const a = await store()
    const b = await store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    await joinHub(b, admin, 'Store B', 'new', a)
    const storeA = a.services.localStoreId()!
    const early = await a.ok('customers:create', customerInput(a, { firstName: 'Early' }))
    await roundAll([a, b])
    const backup = await backUp(a)

    // After the backup: sent (the hub committed them), then one change never sent.
    const sent = await a.ok('customers:create', customerInput(a, { firstName: 'Sent' }))
    const loaded = await a.ok('customers:get', { id: early.id })
    const form = { firstName: loaded.firstName, lastName: loaded.lastName, phone: loaded.phone, email: loaded.email, storeIds: loaded.storeIds }
    await a.ok('customers:update', { ...form, id: early.id, lastName: 'Edited', loaded: form })
    await a.services.hub.round()
    expect((await a.ok('hub:status', {})).waitingToSend).toBe(0)
    const acknowledged = await onHub(admin.database, storeA)
    const unsent = await a.ok('customers:create', customerInput(a, { firstName: 'Unsent' }))
    const fromB = await b.ok('customers:create', customerInput(b, { firstName: 'FromB' }))
    await roundAll([b])
    expect(await exists(b, sent.id)).toBe(true)

    await restore(a, backup)
    // What the hub acknowledged is carried into the restored data at once (offline too); what was never sent is not.
    expect(await missingLocally(a, acknowledged)).toEqual([])
    expect((await a.ok('customers:get', { id: early.id })).lastName).toBe('Edited')
    expect(await exists(a, unsent.id)).toBe(false)
    expect(await a.ok('hub:settings', {})).toMatchObject({ connected: true, joinedAs: 'new' })
    // The next pulls take own entries back too (what the carry could not know of), until caught up.
    expect((await a.services.db('hub_link').first()).reclaim_own).toBe(1)
    // Written before the hub is reached: its number follows the carried customers' (no number given twice).
    const after = await a.ok('customers:create', customerInput(a, { firstName: 'AfterRestore' }))
    expect(Number((await a.ok('customers:get', { id: after.id })).customerNumber)).toBeGreaterThan(Number((await a.ok('customers:get', { id: sent.id })).customerNumber))

    await roundAll([a, b])
    // Everything the hub acknowledged is back at A, applied once; B got what A wrote after the restore.
    expect(await missingLocally(a, acknowledged)).toEqual([])
    expect(await twice(a)).toEqual([])
    expect(await twice(b)).toEqual([])
    expect(await exists(a, sent.id)).toBe(true)
    expect((await a.ok('customers:get', { id: early.id })).lastName).toBe('Edited')
    expect(await exists(a, fromB.id)).toBe(true)
    expect(await exists(b, after.id)).toBe(true)
    // Never sent, so gone with the restore, everywhere.
    expect(await exists(a, unsent.id)).toBe(false)
    expect(await exists(b, unsent.id)).toBe(false)
    expect(await a.ok('hub:status', {})).toMatchObject({ state: 'online', waitingToSend: 0, firstSync: null })
    expect((await a.services.db('hub_link').first()).reclaim_own).toBe(0)
    expect(await a.services.db('sync_inbox').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect(await b.services.db('sync_inbox').count({ n: '*' }).first()).toEqual({ n: 0 })
    const hubIds = await onHub(admin.database, storeA)
    expect(new Set(hubIds).size).toBe(hubIds.length)
    expect(await digestStores([a, b])).toHaveLength(1)
    // The restored store is still the store that joined as new (not shown as a replacement PC).
    expect((await a.ok('hub:settings', {})).joinedAs).toBe('new')
  }, 60_000)

  it('undoing a restore with its safety backup keeps a customer sent in between, offline, and never hands its number out again', async () => {
    const a = await store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    const one = await a.ok('customers:create', customerInput(a, { firstName: 'One' }))
    await roundAll([a])
    const backup = await backUp(a)
    // Never sent (no round): the current history grows longer than the backup's.
    for (let i = 0; i < 10; i++) await a.ok('customers:setFlag', { id: one.id, flagged: i % 2 === 0, reason: `reason ${i}` })
    const { safetyBackup } = await a.ok('backups:restore', { source: 'backups-folder', name: backup, passphrase: '' })
    await signIn(a, OWNER_SESSION, OWNER.username, OWNER.password)
    const two = await a.ok('customers:create', customerInput(a, { firstName: 'Two' }))
    await roundAll([a])
    expect(await a.ok('hub:status', {})).toMatchObject({ waitingToSend: 0 })

    // The safety backup's log is the longer one, yet "Two" (sent since, on the other history) is carried into it.
    await restore(a, safetyBackup!.name)
    expect(await exists(a, two.id)).toBe(true)
    const three = await a.ok('customers:create', customerInput(a, { firstName: 'Three' }))
    const number = async (id: string) => Number((await a.ok('customers:get', { id })).customerNumber)
    expect(await number(three.id)).toBeGreaterThan(await number(two.id))
    await roundAll([a])
    expect(await twice(a)).toEqual([])
    expect(await a.ok('hub:status', {})).toMatchObject({ state: 'online', waitingToSend: 0 })
    expect(await a.services.db('sync_inbox').count({ n: '*' }).first()).toEqual({ n: 0 })
  }, 60_000)

  it('restoring a backup from before the store joined keeps it joined: it takes back what it had sent and goes on syncing', async () => {
    const a = await store()
    const b = await store()
    const before = await a.ok('customers:create', customerInput(a, { firstName: 'BeforeJoin' }))
    const backup = await backUp(a)
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    await joinHub(b, admin, 'Store B', 'new', a)
    const sent = await a.ok('customers:create', customerInput(a, { firstName: 'SentAfterJoin' }))
    await roundAll([a, b])
    const link = await a.services.db('hub_link').first()

    // The backup holds no link: the current one is carried into the restored data, from the hub's beginning.
    await restore(a, backup)
    expect(await a.ok('hub:settings', {})).toMatchObject({ connected: true, joinedAs: 'new', passwordSaved: true, passwordUnreadable: false })
    expect(await a.services.db('hub_link').first()).toMatchObject({ host: link.host, user: link.user, password_sealed: link.password_sealed, joined_at: link.joined_at, push_seq: 0, pull_pos: 0, reclaim_own: 1 })
    // Sent, so carried offline at once (its number is not handed out again).
    expect(await exists(a, sent.id)).toBe(true)
    const after = await a.ok('customers:create', customerInput(a, { firstName: 'AfterRestore' }))
    await roundAll([a, b])
    expect(await exists(b, after.id)).toBe(true)
    expect(await exists(b, before.id)).toBe(true)
    expect(await twice(a)).toEqual([])
    expect(await a.ok('hub:status', {})).toMatchObject({ state: 'online', waitingToSend: 0 })
    expect(await a.services.db('sync_inbox').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect(await digestStores([a, b])).toHaveLength(1)
  }, 60_000)

  it('restoring a backup taken while linked, after the owner left the hub, does not link the store again', async () => {
    const a = await store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    await a.ok('customers:create', customerInput(a, { firstName: 'Linked' }))
    await roundAll([a])
    const backup = await backUp(a)
    await a.ok('hub:leave', {})

    await restore(a, backup)
    expect(await a.ok('hub:settings', {})).toMatchObject({ connected: false, passwordSaved: false })
    expect(await a.services.db('hub_link').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect(await a.ok('hub:status', {})).toMatchObject({ state: 'not_connected' })
  }, 60_000)

  it('left the hub, restored a backup from before it joined: joining again with its own credentials takes back what it had sent', async () => {
    const a = await store()
    const b = await store()
    const before = await a.ok('customers:create', customerInput(a, { firstName: 'BeforeJoin' }))
    const backup = await backUp(a)
    const admin = await makeHub(server.pgs, a)
    const credentials = await joinHub(a, admin, 'Store A')
    await joinHub(b, admin, 'Store B', 'new', a)
    const sent = await a.ok('customers:create', customerInput(a, { firstName: 'SentAfterJoin' }))
    await roundAll([a, b])
    const acknowledged = await onHub(admin.database, a.services.localStoreId()!)

    // Not linked when restoring: nothing is carried (no push cursor to trust); the hub gives it back at the join.
    await a.ok('hub:leave', {})
    await restore(a, backup)
    expect(await exists(a, sent.id)).toBe(false)
    expect(await a.ok('hub:settings', {})).toMatchObject({ connected: false })
    // The owner joins it again with the same credentials: the hub knows this store.
    expect(await a.ok('hub:testConnection', connectionOf(credentials))).toMatchObject({ ok: true, joinAs: 'same' })
    await a.ok('hub:connect', { connection: connectionOf(credentials), joinAs: 'new' })
    await roundAll([a, b])
    expect(await missingLocally(a, acknowledged)).toEqual([])
    expect(await twice(a)).toEqual([])
    expect(await exists(a, sent.id)).toBe(true)
    expect(await exists(b, before.id)).toBe(true)
    expect(await a.services.db('sync_inbox').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect(await a.ok('hub:status', {})).toMatchObject({ state: 'online', waitingToSend: 0 })
    expect(await digestStores([a, b])).toHaveLength(1)
  }, 60_000)
})
