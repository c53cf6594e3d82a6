import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TestCore } from '../../support/core'
import { startPostgres, type TestPostgres } from '../../support/hub/server'
import { connectionOf, joinHub, makeHub } from '../../support/hub/stores'
import { isLoopback, startSetUpCore, STORE } from '../../support/core'

/**
 * The app frame asks hub:status every few seconds, more often than the worker's interval. Each
 * command nudges the worker; a nudge after a read must not push back the timer's own round, or
 * a store that only reads would never pull the other stores' changes (found by the two-store
 * browser test: store B stopped pulling while its screen was open).
 */
let pgs: TestPostgres
const cores: TestCore[] = []
beforeAll(async () => {
  pgs = await startPostgres()
}, 120_000)
afterAll(async () => {
  for (const core of cores) await core.cleanup()
  await pgs?.stop()
})

it('keeps pulling on its interval while the status is read more often than that', async () => {
  // Test cores reach no hub unless allowed: these reach the test's PostgreSQL on this machine.
  const hub = { allowHost: isLoopback, debounceMs: 100, intervalMs: 600, backoff: { baseMs: 300, maxMs: 1500 }, connectTimeoutMs: 2000 }
  const a = await startSetUpCore({ hub })
  // A prefix of its own (CS is A's): a store joining is refused one a store on the hub prints.
  const b = await startSetUpCore({ hub, store: { ...STORE, name: 'Harbour Street' } })
  cores.push(a, b)
  const admin = await makeHub(pgs, a)
  await joinHub(a, admin, 'A')
  await b.ok('hub:connect', { connection: connectionOf(await a.ok('hub:createStoreCredentials', { admin, label: 'B' })), joinAs: 'new' })
  const reads = setInterval(() => void b.call('hub:status', {}), 150)
  try {
    await expect.poll(async () => (await b.ok('hub:status', {})).lastSyncAt, { timeout: 10_000 }).not.toBeNull()
    const stores = await a.ok('stores:list', {})
    const ana = await a.ok('customers:create', { firstName: 'Ana', storeIds: [stores.find((s) => s.local)!.id] })
    await expect.poll(async () => (await b.call('customers:get', { id: ana.id })).ok, { timeout: 10_000 }).toBe(true)
  } finally {
    clearInterval(reads)
  }
}, 60_000)
