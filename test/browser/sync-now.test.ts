import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { connectionOf } from '../support/hub/stores'
import { FAST_HUB, startHubDesk, statusShows, syncStatus, SYNCED, waitUntil, type HubDesk } from '../support/sync/hub-desk'
import type { StoreHost } from '../support/sync/store-hosts'
import { expectText } from '../support/ui'

/**
 * *Sync now* in the app frame's sync status (issue 10): two stores on one real PostgreSQL hub,
 * whose workers run a round on their own only every ten minutes, so what Sync now does is what
 * the test sees. Clicked at B, it brings a customer A has just sent; with the hub down it says
 * the hub cannot be reached. A store with no hub says so, and offers no Sync now.
 */
const SLOW_ROUNDS = { ...FAST_HUB, intervalMs: 10 * 60_000 }

let desk: HubDesk
let a: StoreHost
let b: StoreHost
let pageB: Page

const localId = async (s: StoreHost) => (await s.core.ok('stores:list', {})).find((x) => x.local)!.id
const syncNow = () => syncStatus(pageB).getByRole('button', { name: 'Sync now' })

beforeAll(async () => {
  desk = await startHubDesk(['Corner Shop', 'Harbour Street'], SLOW_ROUNDS)
  ;[a, b] = desk.stores
  pageB = desk.pages[1]!
}, 120_000)
afterAll(async () => desk?.close())

describe('Sync now in the app frame', () => {
  it('says a store with no hub is not connected, and offers no Sync now', async () => {
    await expectText(syncStatus(pageB), 'Not connected to a hub')
    expect(await syncNow().count()).toBe(0)
  })

  it('brings in a customer another store has just sent, and the status shows the round', async () => {
    // Both join through their cores (sync-two-stores.test.ts joins on the screen); each joining round runs at once.
    const admin = { ...desk.pgs.admin, database: desk.database }
    for (const [store, label] of [[a, 'Corner Shop'], [b, 'Harbour Street']] as const) {
      const credentials = await a.core.ok('hub:createStoreCredentials', { admin, label })
      await store.core.ok('hub:connect', { connection: connectionOf(credentials), joinAs: 'new' })
      await waitUntil(`${label} made its first sync`, async () => Boolean((await store.core.ok('hub:status', {})).lastSyncAt))
    }
    await statusShows(pageB, 'sync-state', 'Online')
    const before = (await b.core.ok('hub:status', {})).lastSyncAt

    // A's new customer goes to the hub soon after it is made; B's next round of its own is minutes away.
    const ana = await a.core.ok('customers:create', { firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com', storeIds: [await localId(a)] })
    await waitUntil('A sent Ana', async () => (await a.core.ok('hub:status', {})).waitingToSend === 0)
    expect((await b.core.call('customers:get', { id: ana.id })).ok).toBe(false)
    await expectAccessible(pageB, 'the frame with Sync now')

    await syncNow().click()
    await expect.poll(async () => (await b.core.call('customers:get', { id: ana.id })).ok, SYNCED).toBe(true)
    await expect.poll(async () => (await b.core.ok('hub:status', {})).lastSyncAt).not.toBe(before)
    await statusShows(pageB, 'sync-state', 'Online')
    await statusShows(pageB, 'sync-waiting', 'All changes sent')
    await syncStatus(pageB).getByText(/^Last sync: (?!not yet)/).waitFor()
    expect(await syncStatus(pageB).getByTestId('sync-error').count()).toBe(0)
    // She is on B's screen.
    await pageB.getByLabel('Search customers').fill('Lima')
    await pageB.getByRole('link', { name: 'Ana Lima' }).click()
    await expectText(pageB, 'ana@example.com')
  }, 90_000)

  it('says the hub cannot be reached when Sync now finds it down', async () => {
    await desk.pgs.halt()
    try {
      await syncNow().click()
      await statusShows(pageB, 'sync-state', 'Offline')
      await statusShows(pageB, 'sync-error', /^The hub at 127\.0\.0\.1:\d+ cannot be reached\. Check the server name and port, and that this PC is online\.$/)
      await expect.poll(() => syncNow().isEnabled(), SYNCED).toBe(true)
      await expectAccessible(pageB, 'the frame after Sync now found the hub down')
    } finally {
      await desk.pgs.resume()
    }
  }, 60_000)
})
