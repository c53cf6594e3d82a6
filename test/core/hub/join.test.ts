import { describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { benchCustomers } from '../../bench/customers/generate'
import { OWNER, OWNER_SESSION, signIn, type TestCore } from '../../support/core'
import { digestStores } from '../../support/hub/digest'
import { connectionOf, customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/** Joining as the replacement PC of a store, photos travelling as blobs, an erase purging the hub, leaving. */
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

const server = useHubServer()

const store = server.store

async function roundAll(stores: TestCore[], times = 2) {
  for (let i = 0; i < times; i++) for (const s of stores) await s.services.hub.round()
}

describe('joining, photos, erase and leaving', () => {
  it('a replacement PC takes its store back and carries on; a photo travels; an erase purges the hub', async () => {
    const a = await store()
    const b = await store()
    const admin = await makeHub(server.pgs, a)
    const credsA = await joinHub(a, admin, 'Store A')
    await joinHub(b, admin, 'Store B', 'new', a)
    const ana = await a.ok('customers:create', { ...customerInput(a, { firstName: 'Ana' }), photo: PHOTO })
    const bo = await a.ok('customers:create', customerInput(a, { firstName: 'Bo' }))
    await roundAll([a, b])
    const atB = await b.ok('customers:get', { id: ana.id })
    expect(atB.photo).toBeTruthy()
    const storeA = a.services.localStoreId()!
    const nameA = (await a.ok('settings:get', {})).storeName
    const ownA = await a.services.db('change_log').where({ store_id: storeA }).whereNot({ op: 'legacy' }).count({ n: '*' }).first()

    // A's disk dies. A fresh PC is set up and joins with A's credentials as its replacement.
    await server.end(a)
    const a2 = await store()
    const probe = await a2.ok('hub:testConnection', connectionOf(credsA))
    expect(probe).toMatchObject({ ok: true, joinAs: 'replacement', store: { storeId: storeA, storeName: nameA } })
    expect(await a2.call('hub:connect', { connection: connectionOf(credsA), joinAs: 'new' })).toMatchObject({ ok: false, error: { code: 'HUB_UNAVAILABLE' } })
    const joining = await a2.ok('hub:connect', { connection: connectionOf(credsA), joinAs: 'replacement' })
    expect(joining.state).toBe('joining')
    expect(a2.services.localStoreId()).toBe(storeA)
    await a2.services.hub.round()
    // The account its first-run setup made is gone with that setup's store: the store's own owner signs in.
    expect(await a2.call('hub:status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    await signIn(a2, OWNER_SESSION, OWNER.username, OWNER.password)
    const after = await a2.ok('hub:status', {})
    expect(after).toMatchObject({ state: 'online', firstSync: null, waitingToSend: 0 })
    // Its own history is back, and what it writes next follows it.
    const back = await a2.services.db('change_log').where({ store_id: storeA }).whereNot({ op: 'legacy' }).count({ n: '*' }).first()
    expect(Number(back!.n)).toBe(Number(ownA!.n))
    expect((await a2.ok('customers:get', { id: ana.id })).photo).toBeTruthy()
    const cy = await a2.ok('customers:create', customerInput(a2, { firstName: 'Cy' }))
    const maxPulled = await a2.services.db('change_log').where({ store_id: storeA }).whereNot({ row_id: cy.id }).max({ seq: 'seq' }).first()
    const cySeq = await a2.services.db('change_log').where({ row_id: cy.id }).min({ seq: 'seq' }).first()
    expect(Number(cySeq!.seq)).toBeGreaterThan(Number(maxPulled!.seq))
    await roundAll([a2, b])
    expect((await b.ok('customers:get', { id: cy.id })).firstName).toBe('Cy')

    // An erase at B purges Ana's entries and photo on the hub; what stays holds nothing of hers.
    await b.ok('customers:erase', { id: ana.id })
    await roundAll([b, a2])
    const hub = await server.pgs.adminClient(admin.database)
    const left = await hub.query(`SELECT op, table_name, value FROM backroom.entries WHERE customer_id = $1 OR row_id = $1`, [ana.id])
    const blobs = await hub.query('SELECT count(*)::int AS n FROM backroom.blobs')
    await hub.end()
    expect(left.rows.every((r) => r.op === 'erase')).toBe(true)
    expect(JSON.stringify(left.rows)).not.toContain('Ana')
    expect(blobs.rows[0].n).toBe(0)
    const erased = await a2.services.db('customers').where({ id: ana.id }).first()
    expect(erased.erased_at).not.toBeNull()
    expect(erased.first_name).not.toBe('Ana')
    expect((await a2.ok('customers:get', { id: bo.id })).firstName).toBe('Bo')
    expect(await digestStores([a2, b])).toHaveLength(1)

    // Leaving: no more rounds; the data stays.
    expect(await b.ok('hub:leave', {})).toMatchObject({ state: 'not_connected' })
    expect(await b.ok('hub:settings', {})).toMatchObject({ connected: false, passwordSaved: false })
    expect(await b.call('hub:syncNow', {})).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } })
    expect((await b.ok('customers:get', { id: cy.id })).firstName).toBe('Cy')
  }, 90_000)

  it('a store joining as new whose receipt prefix a store on the hub prints is refused until it changes it', async () => {
    // Both set up apart as "Corner Shop": both print CS.
    const a = await store({ storeName: 'Corner Shop' })
    const b = await store({ storeName: 'Corner Shop' })
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    await a.services.hub.round()
    const credsB = await a.ok('hub:createStoreCredentials', { admin, label: 'Store B' })
    const taken = /Corner Shop already prints CS on its receipts, as this store does\. Change this store's receipt prefix in Settings .*\(taken: CS\)/
    // Test connection says so before Join is pressed (connected, with something to do first: a warning on the screen).
    const tested = await b.ok('hub:testConnection', connectionOf(credsB))
    expect(tested).toMatchObject({ ok: true, joinAs: 'new', problem: 'prefix_taken' })
    expect(tested.message).toMatch(taken)
    const refused = await b.call('hub:connect', { connection: connectionOf(credsB), joinAs: 'new' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(!refused.ok && refused.error.message).toMatch(taken)
    // Nothing was bound or saved: the credentials are still new, B is not linked.
    expect(await b.ok('hub:testConnection', connectionOf(credsB))).toMatchObject({ joinAs: 'new', store: { storeId: null } })
    expect(await b.ok('hub:settings', {})).toMatchObject({ connected: false })
    // With a prefix of its own it joins, and each store learns what the other prints.
    await b.ok('settings:update', { ...(await b.ok('settings:get', {})), receiptPrefix: 'CS2' })
    expect(await b.ok('hub:connect', { connection: connectionOf(credsB), joinAs: 'new' })).toMatchObject({ state: 'joining' })
    await roundAll([b, a])
    const prefixes = async (s: TestCore) => (await s.services.db('stores').orderBy('receipt_prefix').pluck('receipt_prefix')) as string[]
    expect(await prefixes(a)).toEqual(['CS', 'CS2'])
    expect(await prefixes(b)).toEqual(['CS', 'CS2'])
  }, 60_000)

  it('a store that leaves the hub during its first sync stops it there, not after it', async () => {
    // The owner joined the wrong hub, or one far too large, and leaves at once: Leave used to wait
    // for the whole first sync (minutes on a large hub), taking in every customer of that hub meanwhile.
    const a = await store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Source')
    const customers = 300
    await bulkInsertCustomers(a.services, benchCustomers(customers, a.services.localStoreId()!, new Date()), { userId: null, expectedRows: customers })
    await a.services.hub.round()
    // Pages of 10: the first sync is some thirty pages long.
    const b = await store({ hub: { batchSize: 10 } })
    await joinHub(b, admin, 'Joiner', 'new', a)
    const round = b.services.hub.round()
    await expect.poll(() => b.services.hub.live.firstSync?.applied ?? 0, { interval: 5, timeout: 20_000 }).toBeGreaterThan(0)
    expect(await b.ok('hub:leave', {})).toMatchObject({ state: 'not_connected', syncing: false, firstSync: null })
    await round
    const taken = Number((await b.services.db('customers').whereNot({ store_id: b.services.localStoreId() }).count({ n: '*' }).first())!.n)
    expect(taken).toBeGreaterThan(0)
    expect(taken).toBeLessThan(customers)
    // Nothing runs after it, and the store joins again from where it stands.
    expect(b.services.hub.live).toMatchObject({ syncing: false, failures: 0 })
    expect(await b.ok('hub:settings', {})).toMatchObject({ connected: false })
  }, 60_000)

  it('a connect while connected restarts nothing: the same hub answers the status, another is refused until the store leaves', async () => {
    const a = await store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Source')
    await bulkInsertCustomers(a.services, benchCustomers(300, a.services.localStoreId()!, new Date()), { userId: null, expectedRows: 300 })
    await a.services.hub.round()
    const b = await store({ hub: { batchSize: 10, joinSetsAside: true } })
    const credentials = await joinHub(b, admin, 'Joiner', 'new', a)
    const round = b.services.hub.round()
    await expect.poll(() => b.services.hub.live.firstSync?.applied ?? 0, { interval: 5, timeout: 20_000 }).toBeGreaterThan(0)
    const aside = async () => (await b.services.db('sqlite_master').where({ type: 'index', name: 'customers_by_name' }).first('name')) === undefined
    expect(await aside()).toBe(true)
    const joined = await b.services.db('hub_link').first('joined_at', 'joined_as')
    const applied = b.services.hub.live.firstSync!.applied
    // Review: connecting again (a second click, a second window) stopped the first sync and started it over.
    expect(await b.ok('hub:connect', { connection: connectionOf(credentials), joinAs: 'new' })).toMatchObject({ state: 'joining' })
    expect(b.services.hub.live.firstSync?.applied ?? 0).toBeGreaterThanOrEqual(applied)
    expect(await b.services.db('hub_link').first('joined_at', 'joined_as')).toEqual(joined)
    // Other credentials: refused in words, nothing saved; Leave first, as README says for a new password.
    const other = await a.ok('hub:createStoreCredentials', { admin, label: 'Other' })
    expect(await b.call('hub:connect', { connection: connectionOf(other), joinAs: 'new' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `This store is already connected to the hub ${credentials.database} on ${credentials.host} as ${credentials.user}: leave the hub first (Settings → Sync → Leave the hub…), then join with the other.` },
    })
    expect(await b.services.db('hub_link').first('joined_at', 'joined_as', 'user')).toEqual({ ...joined, user: credentials.user })
    await round
    expect(await b.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  }, 60_000)
})
