import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memorySecrets } from '../../electron/core/mail/secrets'
import { expectAccessible } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE } from '../support/core'
import { addCustomer, openSignedIn } from '../support/customers'
import { choose, expectText, passRecoveryKey } from '../support/ui'

/**
 * PRODUCT 7.1 on the first-run setup, a deal's Mark delivered / Mark lost note and Reassign,
 * Settings → Sync's server fields and Settings → Screen lock: typing outlives a reload (as a
 * crash would leave the window), is put back with a notice, and is gone once saved or
 * cancelled. The owner's password and PIN and the hub password are never kept.
 */
const PUT_BACK = /Unsaved .* from .* was put back/

const draftHolding = (page: Page, text: string) => page.waitForFunction((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)
const draftsHold = (page: Page, text: string) => page.evaluate((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)

describe('the first-run setup keeps what was typed through a reload', () => {
  let app: BrowserApp
  let page: Page

  beforeAll(async () => {
    app = await startBrowserApp()
    page = await app.openPage()
  })
  afterAll(async () => app?.close())

  it('puts the store’s details and the owner’s names back on the first-run setup, never the password or the PIN, and none once the store is made', async () => {
    await expectText(page, 'Welcome to Backroom')
    await page.getByLabel('Store name').fill('Harbour Bikes')
    await choose(page, 'Currency', /^EUR/)
    await page.getByLabel('Your name').fill(OWNER.displayName)
    await page.getByLabel('Username').fill(OWNER.username)
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password)
    await page.getByLabel('Confirm password').fill(OWNER.password)
    await page.getByLabel('Manager PIN').fill(OWNER.pin)
    await draftHolding(page, 'Harbour Bikes')
    await draftHolding(page, OWNER.username)
    expect(await draftsHold(page, OWNER.password)).toBe(false)
    expect(await draftsHold(page, OWNER.pin)).toBe(false)

    await page.reload()
    await expectText(page, 'Welcome to Backroom')
    await expectText(page, PUT_BACK)
    expect(await page.getByLabel('Store name').inputValue()).toBe('Harbour Bikes')
    expect(await page.getByLabel('Currency').textContent()).toMatch(/^EUR/)
    expect(await page.getByLabel('Your name').inputValue()).toBe(OWNER.displayName)
    expect(await page.getByLabel('Username').inputValue()).toBe(OWNER.username)
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    expect(await page.getByLabel('Manager PIN').inputValue()).toBe('')
    await expectAccessible(page, 'the setup screen with its typing put back')

    await page.getByLabel('Password', { exact: true }).fill(OWNER.password)
    await page.getByLabel('Confirm password').fill(OWNER.password)
    await page.getByLabel('Manager PIN').fill(OWNER.pin)
    await page.getByRole('button', { name: 'Create store' }).click()
    await passRecoveryKey(page)
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await app.core.ok('auth:login', { username: OWNER.username, password: OWNER.password })
    expect((await app.core.ok('settings:get', {})).storeName).toBe('Harbour Bikes')
    expect(await draftsHold(page, 'Harbour Bikes')).toBe(false)
    expect(await draftsHold(page, OWNER.username)).toBe(false)
  })
})

describe('a deal’s status note and reassignment, the hub connection and the screen lock keep what was typed through a reload', () => {
  let app: BrowserApp
  let page: Page

  beforeAll(async () => {
    app = await startBrowserApp({ secrets: memorySecrets() })
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    page = await openSignedIn(app, OWNER.username, OWNER.password)
  })
  afterAll(async () => app?.close())

  let ana: { id: string }

  /** Ana's deal's button `move` on her Deals tab, and the dialog it opens. */
  async function openMove(move: 'Mark lost' | 'Mark delivered' | 'Reassign', header: string): Promise<Locator> {
    await page.goto(`${app.host.origin}/#/customers/${ana.id}`)
    await page.getByRole('heading', { level: 1, name: 'Ana Petrov' }).waitFor()
    await page.getByRole('tab', { name: 'Deals' }).click()
    await page.getByRole('table', { name: 'Deals' }).getByRole('button', { name: new RegExp(`^${move}: deal opened`) }).click()
    const dialog = page.getByRole('dialog', { name: header })
    await dialog.waitFor()
    return dialog
  }

  it('puts the note typed to mark a deal lost back, about its customer, and none once marked; Cancel on Mark delivered removes its own', async () => {
    ana = await addCustomer(app, { firstName: 'Ana', lastName: 'Petrov' })
    const user = (await app.core.ok('customers:staffOptions', {})).find((s) => s.name === OWNER.displayName)!
    await app.core.ok('deals:create', { customerId: ana.id, assignedUserId: user.id, note: '', requestId: crypto.randomUUID() })

    let dialog = await openMove('Mark lost', 'Mark this deal lost?')
    await dialog.getByLabel('Why it was lost').fill('Bought the red one across town')
    await draftHolding(page, 'Bought the red one across town')
    const [raw] = await page.evaluate(() => Object.values(localStorage).filter((draft) => draft.includes('Bought the red one')))
    // The draft names the customer: erasing them removes it (useFormDraft's sweep).
    expect(JSON.parse(raw!).customerId).toBe(ana.id)

    await page.reload()
    dialog = await openMove('Mark lost', 'Mark this deal lost?')
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Why it was lost').inputValue()).toBe('Bought the red one across town')
    await expectAccessible(page, 'the mark lost dialog with its note put back', dialog)
    await dialog.getByRole('button', { name: 'Mark lost' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await app.core.ok('deals:listForCustomer', { customerId: ana.id })).deals.map((d) => [d.status, d.statusNote])).toEqual([
      ['lost', 'Bought the red one across town'],
    ])
    expect(await draftsHold(page, 'Bought the red one')).toBe(false)

    // Reopened and sold: Mark delivered's note, then Cancel, leaves no draft.
    const [deal] = (await app.core.ok('deals:listForCustomer', { customerId: ana.id })).deals
    await app.core.ok('deals:setStatus', { dealId: deal!.id, status: 'open', note: '' })
    await app.core.ok('deals:setStatus', { dealId: deal!.id, status: 'sold', note: '' })
    dialog = await openMove('Mark delivered', 'Mark this deal delivered?')
    await dialog.getByLabel('Note').fill('Collected on Saturday')
    await draftHolding(page, 'Collected on Saturday')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await draftsHold(page, 'Collected on Saturday')).toBe(false)
  })

  it('puts the staff chosen to reassign a deal back, about its customer, and none once reassigned', async () => {
    const maria = await app.core.ok('users:create', { username: 'maria', displayName: 'Maria Lopez', role: 'staff', password: 'password of maria', pin: '86420', permissionOverrides: {} })
    let dialog = await openMove('Reassign', 'Reassign deal')
    await choose(page, 'Assigned to', 'Maria Lopez', dialog)
    await draftHolding(page, maria.id)
    const [raw] = await page.evaluate((id) => Object.values(localStorage).filter((draft) => draft.includes(id)), maria.id)
    expect(JSON.parse(raw!).customerId).toBe(ana.id)

    await page.reload()
    dialog = await openMove('Reassign', 'Reassign deal')
    await expectText(dialog, PUT_BACK)
    await expect.poll(() => dialog.getByLabel('Assigned to', { exact: true }).textContent()).toBe('Maria Lopez')
    await expectAccessible(page, 'the reassign dialog with its choice put back', dialog)
    await dialog.getByRole('button', { name: 'Reassign' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await app.core.ok('deals:listForCustomer', { customerId: ana.id })).deals[0]!.assignedTo?.name).toBe('Maria Lopez')
    expect(await draftsHold(page, maria.id)).toBe(false)
  })

  it('puts the hub’s server, port, database, user name and link protection back, never the password; Start over removes them', async () => {
    const openSync = async (): Promise<Locator> => {
      await page.goto(`${app.host.origin}/#/settings/sync`)
      const join = page.getByRole('form', { name: 'Connect this store to a hub' })
      await join.waitFor()
      return join
    }
    let join = await openSync()
    await join.getByLabel('Server', { exact: true }).fill('hub.harbourbikes.example')
    await join.getByLabel('Port', { exact: true }).fill('6543')
    await join.getByLabel('Database', { exact: true }).fill('harbour_hub')
    await join.getByLabel('Store user name', { exact: true }).fill('store_harbour')
    await join.getByLabel('Password', { exact: true }).fill('the hub password, never kept')
    await choose(page, 'Link protection', 'No TLS (only for a hub on this computer)', join)
    await draftHolding(page, 'store_harbour')
    await expect.poll(() => draftsHold(page, '"tls":"off"')).toBe(true)
    expect(await draftsHold(page, 'the hub password')).toBe(false)

    await page.reload()
    join = await openSync()
    await expectText(join, PUT_BACK)
    expect(await join.getByLabel('Server', { exact: true }).inputValue()).toBe('hub.harbourbikes.example')
    expect(await join.getByLabel('Port', { exact: true }).inputValue()).toBe('6543')
    expect(await join.getByLabel('Database', { exact: true }).inputValue()).toBe('harbour_hub')
    expect(await join.getByLabel('Store user name', { exact: true }).inputValue()).toBe('store_harbour')
    expect(await join.getByLabel('Link protection', { exact: true }).textContent()).toBe('No TLS (only for a hub on this computer)')
    expect(await join.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    await expectAccessible(page, 'Settings → Sync with the hub connection put back')

    await join.getByRole('button', { name: 'Start over' }).click()
    expect(await join.getByLabel('Server', { exact: true }).inputValue()).toBe('')
    await expect.poll(() => draftsHold(page, 'store_harbour')).toBe(false)
    await page.reload()
    join = await openSync()
    expect(await join.getByLabel('Store user name', { exact: true }).inputValue()).toBe('')
    expect(await page.getByText(PUT_BACK).count()).toBe(0)
  })

  it('puts the screen lock’s minutes and PIN choice back, and none once saved', async () => {
    const openSettings = async (): Promise<Locator> => {
      await page.goto(`${app.host.origin}/#/settings`)
      const section = page.getByRole('form', { name: 'Screen lock' })
      await section.getByLabel('Lock after minutes without use').waitFor()
      return section
    }
    let lock = await openSettings()
    await lock.getByLabel('Lock after minutes without use').fill('17')
    await lock.getByLabel('The user who locked may unlock with their PIN').click()
    await draftHolding(page, '"idleMinutes":17')
    await expect.poll(() => draftsHold(page, '"pinUnlock":false')).toBe(true)

    await page.reload()
    lock = await openSettings()
    await expectText(lock, PUT_BACK)
    expect(await lock.getByLabel('Lock after minutes without use').inputValue()).toBe('17')
    expect(await lock.getByLabel('The user who locked may unlock with their PIN').isChecked()).toBe(false)
    await expectAccessible(page, 'Settings with the screen lock put back')
    await lock.getByRole('button', { name: 'Save screen lock' }).click()
    await expectText(page, 'Screen lock saved')
    expect(await app.core.ok('lock:policy', {})).toEqual({ idleMinutes: 17, pinUnlock: false })
    await expect.poll(() => draftsHold(page, '"idleMinutes":17')).toBe(false)
    await page.reload()
    lock = await openSettings()
    expect(await lock.getByText(PUT_BACK).count()).toBe(0)
  })
})
