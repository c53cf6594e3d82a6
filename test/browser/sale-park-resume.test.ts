import type { Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { expectAccessible } from '../support/axe'
import { addLoyalCustomer, fillItems, fillPayments, goToNewSale, parkTheSale, startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * A parked sale brought back reads its customer as they are now (customers:get) before it is the
 * screen's: until that answer comes, the sale on screen is the resumed one's items with the
 * customer of the sale just parked. A Save (or Park) clicked in that moment must not ring up one
 * customer's items for another (their points, their history).
 */
describe('resuming a parked sale while its customer is read again', () => {
  let desk: DeskApp
  let page: Page
  let grace: CustomerDetail
  let linus: CustomerDetail

  async function pickCustomer(search: string, name: string) {
    await page.getByLabel('Customer', { exact: true }).pressSequentially(search)
    await page.getByRole('option').filter({ hasText: name }).click()
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain(name)
  }

  /** Holds the next customers:get until `release` is called. */
  async function holdNextCustomerRead() {
    const matches = (url: URL) => url.pathname === `/__backroom/call/${encodeURIComponent('customers:get')}`
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const state = { held: false, release }
    await page.route(
      matches,
      async (route: Route) => {
        state.held = true
        await released
        await route.continue()
      },
      { times: 1 },
    )
    return state
  }

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    grace = await addLoyalCustomer(desk.app, { firstName: 'Grace', lastName: 'Hopper' })
    linus = await addLoyalCustomer(desk.app, { firstName: 'Linus', lastName: 'Pauling' })
  })
  afterAll(async () => desk?.app.close())

  it('saves the resumed sale for its own customer, not for the one parked in its place', async () => {
    await goToNewSale(page)
    await pickCustomer('Hopp', 'Grace Hopper')
    await fillItems(page, [{ name: 'Teapot', quantity: 1, unitPrice: '30' }])
    await fillPayments(page, [{ method: 'cash', amount: '30' }])
    await parkTheSale(page)
    await expectText(page, 'The sale for Grace Hopper is parked')

    await pickCustomer('Paul', 'Linus Pauling')
    await fillItems(page, [{ name: 'Mug', quantity: 1, unitPrice: '8.50' }])

    const read = await holdNextCustomerRead()
    await page.getByRole('button', { name: 'Parked sales (1)' }).click()
    await page.getByRole('dialog', { name: 'Parked sales' }).getByRole('row').filter({ hasText: 'Grace Hopper' }).getByRole('button', { name: 'Resume' }).click()
    await expect.poll(() => read.held).toBe(true)
    // The cashier saves at once, before Grace is read again.
    const saving = page.getByRole('button', { name: 'Save sale' }).click()
    await new Promise((resolve) => setTimeout(resolve, 300))
    read.release()
    await saving
    await page.getByTestId('saved-receipt-number').waitFor()

    const { rows: linusRows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: linus.id, period: 'thisYear' })
    expect(linusRows).toEqual([])
    const { rows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: grace.id, period: 'thisYear' })
    expect(rows).toHaveLength(1)
    const receipt = await desk.app.core.ok('receipts:get', { id: rows[0]!.id })
    expect(receipt.items.map((line) => line.name)).toEqual(['Teapot'])
    await expectAccessible(page, 'the resumed sale saved')
  })
})
