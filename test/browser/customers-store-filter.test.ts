import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostFileExchange } from '../host/file-exchange'
import { expectAccessible } from '../support/axe'
import type { BrowserApp } from '../support/browser'
import { tempDir } from '../support/core'
import { addCustomer, shownCount, startOwnerApp, search } from '../support/customers'
import { choose, expectText } from '../support/ui'

/**
 * The customer list's Store filter (guide 004: "Customers assigned to this Store"), on a PC that
 * shares customers with another store of the owner's: it opens on this store's customers, the
 * owner picks the kiosk or All stores by the filter's label, the count says which, a reload and
 * Back from a customer keep the choice (it is in the page's address), and Export writes only the
 * chosen store's customers.
 */
const KIOSK = '01900000-0000-7000-8000-00000000bb02'

describe('the customer list’s store filter', () => {
  let app: BrowserApp
  let page: Page
  const files = new HostFileExchange(tempDir('backroom-store-filter-exchange-'))
  const names = async () => (await page.getByRole('table', { name: 'Customers' }).locator('tbody .customer-name').allTextContents()).map((n) => n.trim()).sort()
  const storeField = () => page.getByLabel('Store', { exact: true })

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ files, automaticBackups: false }))
    // The kiosk as a hub would have brought it: a second store of the owner's (setup, not the feature).
    const at = new Date().toISOString()
    await app.core.services.db('stores').insert({ id: KIOSK, name: 'Kiosk', currency: 'USD', time_zone: 'UTC', created_at: at, updated_at: at })
    const home = app.core.services.localStoreId()!
    await addCustomer(app, { firstName: 'Ana', lastName: 'Homely', storeIds: [home] })
    await addCustomer(app, { firstName: 'Bea', lastName: 'Twostores', storeIds: [home, KIOSK] })
    await addCustomer(app, { firstName: 'Kim', lastName: 'Kioskonly', storeIds: [KIOSK] })
    await page.reload()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })
  afterAll(async () => app?.close())

  it('opens on this store’s customers, and narrows to the store chosen by its label, with the count', async () => {
    await expect.poll(() => storeField().textContent()).toBe('Corner Shop (this store)')
    await expect.poll(names).toEqual(['Ana Homely', 'Bea Twostores'])
    await expectText(page.getByRole('status'), /2 customers\s+at Corner Shop registered in the last 30 days/)
    await expectAccessible(page, 'the customer list narrowed to this store')

    // A search looks through every store: the kiosk's customer is found here, not made again.
    await search(page, 'Kioskonly')
    await expect.poll(names).toEqual(['Kim Kioskonly'])
    await expectText(page.getByRole('status'), /1 customer\s+match “Kioskonly” in every store/)
    await search(page, '')

    await choose(page, 'Store', 'Kiosk')
    await expect.poll(names).toEqual(['Bea Twostores', 'Kim Kioskonly'])
    await expectText(page.getByRole('status'), /2 customers\s+at Kiosk registered/)
    expect(page.url()).toContain(`store=${KIOSK}`)

    await choose(page, 'Store', 'All stores')
    await expect.poll(names).toEqual(['Ana Homely', 'Bea Twostores', 'Kim Kioskonly'])
    await expect.poll(() => shownCount(page)).toBe(3)
    expect(page.url()).toContain('store=all')
  })

  it('keeps the chosen store over a reload and Back from a customer', async () => {
    await choose(page, 'Store', 'Kiosk')
    await expect.poll(names).toEqual(['Bea Twostores', 'Kim Kioskonly'])
    await page.reload()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await expect.poll(() => storeField().textContent()).toBe('Kiosk')
    await expect.poll(names).toEqual(['Bea Twostores', 'Kim Kioskonly'])

    await page.getByRole('link', { name: 'Kim Kioskonly' }).first().click()
    await page.getByRole('heading', { name: /Kim Kioskonly/ }).waitFor()
    await page.goBack()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await expect.poll(() => storeField().textContent()).toBe('Kiosk')
    await expect.poll(names).toEqual(['Bea Twostores', 'Kim Kioskonly'])
  })

  it('exports only the chosen store’s customers', async () => {
    await expect.poll(() => storeField().textContent()).toBe('Kiosk')
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Export customers' })
    await expectText(dialog, 'Active customers of Kiosk')
    await expectAccessible(page, 'the export dialog of one store', dialog)
    await dialog.getByLabel('CSV (opens in Excel and any spreadsheet)', { exact: true }).check()
    const downloaded = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Export…' }).click()
    const download = await downloaded
    const done = page.getByRole('dialog', { name: 'Export' })
    await expectText(done, /Saved Customer Report .* \(2 customers\)/)
    await done.getByRole('button', { name: 'Done' }).click()
    const rows = parse(readFileSync((await download.path())!), { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.map((r) => r['First name']).sort()).toEqual(['Bea', 'Kim'])
  })

  /** Answers requests matching `pattern` `ms` late, then lets them through or fails them. */
  const late = (pattern: RegExp, ms: number, then: 'continue' | 'abort' = 'continue') =>
    page.route(pattern, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      await (then === 'abort' ? route.abort() : route.continue())
    })
  /** The list opened afresh from the menu's link (no store in its address yet: the list writes it in once its stores answer), then a click to Conflicts. */
  async function reopenListThenClickConflicts() {
    await page.evaluate(() => history.replaceState(history.state, '', '#/customers'))
    await page.reload()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conflicts' }).click()
  }

  it('goes where the user clicked when the list’s stores come after the click', async () => {
    // A busy PC: the list's stores answer a second late, while the next screen is still loading.
    // Writing the store into the list's address then cancelled the user's navigation.
    await late(/stores%3Alist/, 1000)
    await late(/ConflictsView-[^/]*\.js$/, 2000)
    try {
      await reopenListThenClickConflicts()
      await page.getByRole('heading', { name: 'Conflicts', level: 1 }).waitFor()
      // And it stays there, its address its own.
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await page.getByRole('heading', { name: 'Conflicts', level: 1 }).count()).toBe(1)
      expect(page.url()).not.toContain('store=')
    } finally {
      await page.unrouteAll()
    }
  })

  it('still writes the store into its address when the screen clicked to could not load', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await late(/stores%3Alist/, 1000)
    // The Conflicts screen's code does not come (a file missing from a broken install): the user stays on the list.
    await late(/ConflictsView-[^/]*\.js$/, 2000, 'abort')
    try {
      await reopenListThenClickConflicts()
      // The list held its address while the user was leaving, and writes it once they are back.
      await expect.poll(() => page.url(), { timeout: 8000 }).toContain('store=')
      expect(await page.getByRole('heading', { name: 'Customers' }).count()).toBe(1)
    } finally {
      await page.unrouteAll()
    }
  })
})
