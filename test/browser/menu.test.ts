import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MenuAction } from '../../electron/contract/menu'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { OWNER, STAFF } from '../support/core'
import { addCustomer, openSignedIn, startOwnerApp } from '../support/customers'
import { expectText } from '../support/ui'

/**
 * The desktop app's File menu reaches the page as `window.backroomMenu` (the preload, tested
 * with the mocked electron in test/main). The browser host has no application menu, so the page
 * gets the same bridge from an init script, and the test picks an item as main would send it.
 */
async function withMenu(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const listeners = new Set<(action: string) => void>()
    Object.assign(window, {
      backroomMenu: Object.freeze({
        onAction(listener: (action: string) => void) {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      }),
      pickMenuItem: (action: string) => listeners.forEach((listener) => listener(action)),
    })
  })
  await page.reload()
  await page.getByRole('heading', { name: 'Customers' }).waitFor()
}

const pick = (page: Page, action: MenuAction) => page.evaluate((a) => (window as unknown as { pickMenuItem(a: string): void }).pickMenuItem(a), action)
const lockScreen = (page: Page) => page.getByRole('dialog', { name: /^Locked by / })

describe('the File menu in the window', () => {
  let app: BrowserApp
  let page: Page

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ automaticBackups: false }))
    await addCustomer(app, { firstName: 'Ada', lastName: 'Byron' })
    await app.core.ok('users:create', { ...STAFF, role: 'staff', permissionOverrides: {} })
    await withMenu(page)
  })
  afterAll(async () => app?.close())

  it('New customer and New sale open their screens', async () => {
    await pick(page, 'new-customer')
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    await pick(page, 'new-sale')
    await page.getByRole('heading', { name: 'New sale' }).waitFor()
  })

  it('Back up now takes a verified backup and says so', async () => {
    await pick(page, 'back-up-now')
    await expectText(page, 'Backed up and verified: 1 customer')
    await expectAccessible(page, 'New sale with the backup message')
    const { backups } = await app.core.ok('backups:list', {})
    expect(backups.map((b) => [b.reason, b.customers, b.verified])).toEqual([['manual', 1, true]])
  })

  it('Export opens the customer list with its Export dialog; Import customers and Import receipts open their screens', async () => {
    await pick(page, 'new-sale')
    await page.getByRole('heading', { name: 'New sale' }).waitFor()
    await pick(page, 'export')
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    const dialog = page.getByRole('dialog', { name: 'Export customers' })
    await dialog.waitFor()
    await expectAccessible(page, 'Export dialog opened from the menu')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    // Already on the list: the menu opens the dialog again.
    await pick(page, 'export')
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await pick(page, 'import')
    await page.getByRole('heading', { name: 'Import customers', level: 1 }).waitFor()
    await pick(page, 'import-receipts')
    await page.getByRole('heading', { name: 'Import receipts', level: 1 }).waitFor()
    await expectAccessible(page, 'Import receipts opened from the menu')
  })

  it('Lock locks the screen, and no item acts while it is locked', async () => {
    await pick(page, 'lock')
    await expectText(lockScreen(page), `Locked by ${OWNER.displayName}`)
    await pick(page, 'new-sale')
    await pick(page, 'back-up-now')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await page.getByRole('heading', { name: 'New sale' }).count()).toBe(0)
    expect((await app.core.ok('backups:list', {})).backups).toHaveLength(1)
    await lockScreen(page).getByLabel('Password or PIN').fill(OWNER.pin)
    await lockScreen(page).getByRole('button', { name: 'Unlock' }).click()
    await lockScreen(page).waitFor({ state: 'detached' })
  })

  it('Back up now and Export tell a user without the permission that they may not, and do nothing', async () => {
    const staff = await openSignedIn(app, STAFF.username, STAFF.password)
    await withMenu(staff)
    await pick(staff, 'back-up-now')
    await expectText(staff, 'You do not have permission to back up the store')
    expect((await app.core.ok('backups:list', {})).backups).toHaveLength(1)
    await pick(staff, 'export')
    await expectText(staff, 'You do not have permission to export customers')
    expect(await staff.getByRole('dialog', { name: 'Export customers' }).count()).toBe(0)
  })
})
