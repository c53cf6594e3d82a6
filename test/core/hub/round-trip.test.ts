import { describe, expect, it } from 'vitest'
import { HUB_SCHEMA_VERSION } from '../../../electron/core/hub/schema'
import { manualClock } from '../../support/core'
import { digestStores } from '../../support/hub/digest'
import { connectionOf, customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/** Two stores and a real PostgreSQL hub, through the commands and the worker's rounds. */
const server = useHubServer()

const store = server.store

describe('two stores through the hub', () => {
  it('a customer created at A appears at B; offline edits of one customer at both merge', async () => {
    const a = await store()
    const b = await store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    const credentials = await a.ok('hub:createStoreCredentials', { admin, label: 'Store B' })
    const test = await b.ok('hub:testConnection', connectionOf(credentials))
    expect(test).toMatchObject({ ok: true, problem: null, joinAs: 'new', schemaVersion: HUB_SCHEMA_VERSION })
    await b.ok('hub:connect', { connection: connectionOf(credentials), joinAs: 'new' })

    const created = await a.ok('customers:create', customerInput(a, { firstName: 'Ana', nickname: 'Anita' }))
    expect((await a.ok('hub:status', {})).waitingToSend).toBeGreaterThan(0)
    await a.services.hub.round()
    expect(await a.ok('hub:status', {})).toMatchObject({ state: 'online', online: true, waitingToSend: 0, lastError: null })
    await b.services.hub.round()
    const atB = await b.ok('customers:get', { id: created.id })
    expect(atB.firstName).toBe('Ana')

    // Both offline: A changes the nickname, B the city.
    const fields = customerInput(a, { firstName: 'Ana', nickname: 'Anita' })
    await a.ok('customers:update', { ...fields, id: created.id, nickname: 'Ani' })
    await b.ok('customers:update', { ...fields, id: created.id, city: 'Shelbyville' })
    for (let i = 0; i < 2; i++) for (const core of [a, b]) await core.services.hub.round()
    for (const core of [a, b]) expect(await core.ok('customers:get', { id: created.id })).toMatchObject({ nickname: 'Ani', city: 'Shelbyville' })
    expect(await digestStores([a, b])).toHaveLength(1)
    const status = await b.ok('hub:status', {})
    expect(status).toMatchObject({ state: 'online', waitingToSend: 0, heldForClock: 0, conflicts: 0 })
    expect(status.lastSyncAt).not.toBeNull()
  }, 60_000)

  it('holds back changes from a PC whose clock is ahead, counts them in the status, and applies them once the clock catches up', async () => {
    const ahead = manualClock(new Date(Date.now() + 20 * 60_000).toISOString())
    const behind = manualClock(new Date().toISOString())
    // The clock moves 20 minutes under the stores' sessions: main's idle lock (lock.test.ts) stays off.
    const a = await store({ now: ahead.now, idleLock: false })
    const b = await store({ now: behind.now, idleLock: false })
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Fast clock')
    await joinHub(b, admin, 'Right clock', 'new', a)
    const created = await a.ok('customers:create', customerInput(a, { firstName: 'Future' }))
    await a.services.hub.round()
    await b.services.hub.round()
    const held = await b.ok('hub:status', {})
    expect(held.heldForClock).toBeGreaterThan(0)
    expect(await b.call('customers:get', { id: created.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    behind.advance(20 * 60_000)
    await b.services.hub.round()
    expect(await b.ok('hub:status', {})).toMatchObject({ heldForClock: 0 })
    expect((await b.ok('customers:get', { id: created.id })).firstName).toBe('Future')
  }, 60_000)
})
