import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { connectionOf } from '../support/hub/stores'
import { startHubDesk, SYNCED, waitUntil, type HubDesk } from '../support/sync/hub-desk'
import type { StoreHost } from '../support/sync/store-hosts'

/**
 * An erase made at another store arrives by sync (a real hub, two stores): the drafts this PC
 * keeps about the erased customer go as soon as the window learns of the sync round that
 * applied it, with the window left open on another screen, not only at the next start.
 */
let desk: HubDesk
let a: StoreHost
let b: StoreHost
let pageB: Page
let anaId: string

const localId = async (s: StoreHost) => (await s.core.ok('stores:list', {})).find((x) => x.local)!.id
const draftsHolding = (text: string) => pageB.evaluate((t) => Object.keys(localStorage).filter((key) => localStorage.getItem(key)!.includes(t)), text)

beforeAll(async () => {
  desk = await startHubDesk(['Corner Shop', 'Harbour Street'])
  ;[a, b] = desk.stores
  ;[, pageB] = desk.pages
  // Joining through the screen is tested in sync-two-stores: here both join through their cores.
  const admin = { ...desk.pgs.admin, database: desk.database }
  const forA = await a.core.ok('hub:createStoreCredentials', { admin, label: 'Corner Shop' })
  const forB = await a.core.ok('hub:createStoreCredentials', { admin, label: 'Harbour Street' })
  await a.core.ok('hub:connect', { connection: connectionOf(forA), joinAs: 'new' })
  await b.core.ok('hub:connect', { connection: connectionOf(forB), joinAs: 'new' })
  anaId = (await a.core.ok('customers:create', { firstName: 'Ana', lastName: 'Lima', storeIds: [await localId(a)] })).id
  await waitUntil('B holds Ana', async () => (await b.core.call('customers:get', { id: anaId })).ok)
}, 120_000)
afterAll(async () => desk?.close())

describe('a customer erased at another store', () => {
  it('takes this PC’s drafts about them once the erase has come by sync', async () => {
    await pageB.goto(`${b.host.origin}/#/customers/${anaId}`)
    await pageB.getByRole('heading', { level: 1, name: 'Ana Lima' }).waitFor(SYNCED)
    await pageB.getByLabel('Flag customer?').check()
    await pageB.getByLabel('Flagged reason').fill('Ana’s card was declined twice')
    await pageB.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('declined twice')))
    // The user goes on to another screen and leaves the window open.
    await pageB.getByRole('link', { name: 'Customers' }).first().click()
    await pageB.getByRole('heading', { name: 'Customers' }).waitFor()

    await a.core.ok('customers:erase', { id: anaId })
    await waitUntil('B applied the erase', async () => !(await b.core.call('customers:get', { id: anaId })).ok)
    await expect.poll(() => draftsHolding('declined twice'), SYNCED).toEqual([])
    await expectAccessible(pageB, 'the customer list after the erase came by sync')
  }, 60_000)
})

describe('a user’s permissions changed by an owner at another store', () => {
  it('show on this PC’s screens after the next sync round, without signing in again', async () => {
    const password = 'sam password 123'
    const sam = await a.core.ok('users:create', { username: 'sam', displayName: 'Sam Staff', role: 'staff', password, pin: '5555', permissionOverrides: { manage_backups: true } })
    await waitUntil('B holds Sam', async () => !!(await b.core.services.db('users').where({ id: sam.id }).first()))
    const samAtB = await b.openPageAs('sam', password)
    const nav = samAtB.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('link', { name: 'Backups' }).waitFor()

    await a.core.ok('users:update', { id: sam.id, permissionOverrides: {} })
    await expect.poll(() => nav.getByRole('link', { name: 'Backups' }).count(), SYNCED).toBe(0)
    await a.core.ok('users:update', { id: sam.id, permissionOverrides: { manage_backups: true, manage_settings: true } })
    await nav.getByRole('link', { name: 'Settings' }).waitFor(SYNCED)
    await nav.getByRole('link', { name: 'Backups' }).waitFor()
    await expectAccessible(samAtB, 'the frame after permissions changed by sync')
  }, 60_000)
})
