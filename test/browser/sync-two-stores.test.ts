import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { fillServer as fillServerOf, openSyncSettings, startHubDesk, statusShows as shows, syncStatus as status, SYNCED, type HubDesk } from '../support/sync/hub-desk'
import type { StoreHost } from '../support/sync/store-hosts'
import { expectText } from '../support/ui'

/**
 * Two stores and one real PostgreSQL hub (issue 10), each store a real core on its own data
 * folder behind its own browser host. The owner makes both stores' credentials and joins store
 * A in Settings → Sync; B joins with its own; then a customer made at A shows at B, edits made
 * at both while the hub is down merge when it returns (the frame's status going offline →
 * waiting → synced), and a username given at both stores meanwhile is settled on the Conflicts page.
 */
let desk: HubDesk
let pgs: HubDesk['pgs']
let a: StoreHost
let b: StoreHost
let pageA: Page
let pageB: Page
let database: string

beforeAll(async () => {
  desk = await startHubDesk(['Corner Shop', 'Harbour Street'])
  ;({ pgs, database } = desk)
  ;[a, b] = desk.stores
  ;[pageA, pageB] = desk.pages
}, 120_000)
afterAll(async () => desk?.close())

const draftsHold = (page: Page, text: string) => page.evaluate((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)

const credential = (dialog: Locator, label: string) => dialog.getByTestId(`credential-${label}`).textContent().then((t) => t!.trim())

const fillServer = (scope: Locator, page: Page, fields: { user: string; password: string; userLabel: string }) => fillServerOf(page, scope, { ...fields, port: pgs.port, database })

/** Makes a store's credentials in Hub administration and reads them from the dialog that shows them once. */
async function makeCredentials(page: Page, label: string): Promise<{ user: string; password: string }> {
  const admin = page.getByRole('region', { name: 'Hub administration' })
  await admin.getByLabel('New store’s label').fill(label)
  await admin.getByRole('button', { name: 'Create store credentials' }).click()
  const dialog = page.getByRole('dialog', { name: `Credentials for ${label}` })
  await dialog.waitFor()
  const made = { user: await credential(dialog, 'Store user name'), password: await credential(dialog, 'Password') }
  return made
}

describe('two stores sharing customers through a hub', () => {
  it('joins store A in Settings → Sync with credentials made there, and B with its own', async () => {
    // The frame's status comes with its first answer: wait for it, as the eye does.
    await expectText(status(pageA), 'Not connected to a hub')
    await openSyncSettings(pageA)
    await expectAccessible(pageA, 'Settings → Sync, not connected')

    const admin = pageA.getByRole('region', { name: 'Hub administration' })
    await fillServer(admin, pageA, { user: pgs.admin.user, password: pgs.admin.password, userLabel: 'Administrator user name' })
    const forA = await makeCredentials(pageA, 'Corner Shop')
    await expectAccessible(pageA, 'the credentials dialog', pageA.getByRole('dialog'))
    await pageA.getByRole('button', { name: 'Done' }).click()
    const forB = await makeCredentials(pageA, 'Harbour Street')
    await pageA.getByRole('button', { name: 'Done' }).click()

    const join = pageA.getByRole('form', { name: 'Connect this store to a hub' })
    await fillServer(join, pageA, { ...forA, userLabel: 'Store user name' })
    // What is typed is kept as a draft (PRODUCT 7.1: drafts-setup-hub.test.ts), never the password.
    await pageA.waitForFunction((user) => Object.values(localStorage).some((draft) => draft.includes(user)), forA.user)
    expect(await draftsHold(pageA, forA.password)).toBe(false)
    await join.getByRole('button', { name: 'Test connection' }).click()
    await expect(join.getByTestId('hub-test-result').textContent()).resolves.toMatch(/./)
    await expectAccessible(pageA, 'Settings → Sync after Test connection')
    await join.getByRole('button', { name: 'Join as a new store' }).click()
    await pageA.getByTestId('hub-connected').waitFor()
    await shows(pageA, 'sync-state', 'Online')
    // Joined: the draft went with it.
    expect(await draftsHold(pageA, forA.user)).toBe(false)
    await expectAccessible(pageA, 'Settings → Sync, connected')

    // The list of stores shows both credentials; B joins with its own (through its core: the screen is A's, tested above).
    await admin.getByRole('button', { name: 'Show the hub’s stores' }).click()
    await pageA.getByRole('table', { name: 'Stores on the hub' }).getByRole('cell', { name: 'Harbour Street' }).first().waitFor()
    const connection = { host: '127.0.0.1', port: pgs.port, database, user: forB.user, password: forB.password, tls: 'off' as const }
    await b.core.ok('hub:connect', { connection, joinAs: 'new' })
    await shows(pageB, 'sync-state', 'Online')
  }, 90_000)

  it('shows a customer made at A at B after sync', async () => {
    const stores = await a.core.ok('stores:list', {})
    const ana = await a.core.ok('customers:create', { firstName: 'Ana', lastName: 'Lima', phone: '+1 415 555 0101', email: 'ana@example.com', storeIds: [stores.find((s) => s.local)!.id] })
    // The worker's next round brings her (the list on screen is not live: search once she is here).
    await expect.poll(async () => (await b.core.call('customers:get', { id: ana.id })).ok, SYNCED).toBe(true)
    await pageB.getByLabel('Search customers').fill('Lima')
    await pageB.getByRole('link', { name: 'Ana Lima' }).waitFor()
    expect((await b.core.ok('customers:get', { id: ana.id })).email).toBe('ana@example.com')
  })

  it('merges edits made at both stores while the hub is down, and settles a username given at both', async () => {
    const [ana] = (await a.core.ok('customers:search', { query: 'Lima', period: 'all', status: 'all', flaggedOnly: false, sort: 'name', direction: 'asc', limit: 5 })).rows
    const form = async (core: StoreHost['core']) => {
      const d = await core.ok('customers:get', { id: ana.id })
      return { firstName: d.firstName, lastName: d.lastName, phone: d.phone, email: d.email, storeIds: d.storeIds }
    }
    await pgs.halt()
    const atA = await form(a.core)
    await a.core.ok('customers:update', { ...atA, id: ana.id, phone: '+1 415 555 0199', loaded: atA })
    const atB = await form(b.core)
    await b.core.ok('customers:update', { ...atB, id: ana.id, email: 'ana.lima@example.com', loaded: atB })
    // The same username at both stores, A first.
    const localOf = async (s: StoreHost) => (await s.core.ok('stores:list', {})).find((x) => x.local)!.id
    const sam = await a.core.ok('customers:create', { firstName: 'Sam', lastName: 'Ortiz', username: 'sam.o', storeIds: [await localOf(a)] })
    const samuel = await b.core.ok('customers:create', { firstName: 'Samuel', lastName: 'Okafor', username: 'sam.o', storeIds: [await localOf(b)] })

    await shows(pageA, 'sync-state', 'Offline')
    // The frame's next poll counts what was written since (the phone and Sam; the first poll may predate them).
    await shows(pageA, 'sync-waiting', 'changes waiting to be sent')
    await expect(status(pageA).getByTestId('sync-waiting').textContent()).resolves.toMatch(/^[23] changes waiting to be sent$/)
    expect((await status(pageA).getByTestId('sync-error').textContent())?.trim()).toMatch(/./)
    await expectAccessible(pageA, 'the frame while offline')

    await pgs.resume()
    for (const page of [pageA, pageB]) {
      await shows(page, 'sync-state', 'Online')
      await shows(page, 'sync-waiting', 'All changes sent')
    }
    for (const store of [a, b]) {
      await expect.poll(async () => (await store.core.ok('customers:get', { id: ana.id })).email, SYNCED).toBe('ana.lima@example.com')
      await expect.poll(async () => (await store.core.ok('customers:get', { id: ana.id })).phone, SYNCED).toMatch(/0199/)
    }
    // Both changes, on B's screen.
    await pageB.getByLabel('Search customers').fill('Lima')
    await pageB.getByRole('link', { name: 'Ana Lima' }).click()
    await expectText(pageB, 'ana.lima@example.com')
    await expectText(pageB, /555.?0199/)

    // The conflict: listed at B, linked from the frame, resolved in the dialog.
    const link = status(pageB).getByRole('link', { name: '1 conflict to resolve' })
    await link.waitFor(SYNCED)
    await link.click()
    await pageB.getByRole('heading', { level: 1, name: 'Conflicts' }).waitFor()
    await expectAccessible(pageB, 'the Conflicts page with a conflict from the hub')
    await pageB.getByRole('button', { name: 'Resolve username sam.o for Samuel Okafor' }).click()
    const dialog = pageB.getByRole('dialog', { name: 'Resolve username sam.o' })
    await expectAccessible(pageB, 'the Resolve dialog', dialog)
    await dialog.getByLabel('New username for Samuel Okafor').fill('samuel.o')
    await dialog.getByRole('button', { name: 'Resolve' }).click()
    await expectText(pageB, 'No conflicts to resolve.')
    // It reaches A: the conflict leaves A's list and Samuel has his new username there.
    await expect.poll(async () => (await a.core.ok('conflicts:list', {})).conflicts.length, SYNCED).toBe(0)
    expect((await a.core.ok('customers:get', { id: samuel.id })).username).toBe('samuel.o')
    expect((await b.core.ok('customers:get', { id: sam.id })).username).toBe('sam.o')
  }, 90_000)
})
