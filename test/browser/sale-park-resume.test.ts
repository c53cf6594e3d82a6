import type { Page, Request, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { expectAccessible } from '../support/axe'
import { goToCustomers } from '../support/customers'
import { addLoyalCustomer, type DeskApp, fillItems, fillPayments, goToNewSale, parkTheSale, pickSaleCustomer, saveSale, startDeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * A parked sale brought back reads its customer as they are now (customers:get) before it is the
 * screen's: until that answer comes, the sale on screen is the resumed one's items with the
 * customer of the sale just parked. A Save (or Park) clicked in that moment must not ring up one
 * customer's items for another (their points, their history).
 */
const BUSY = 'The data folder cannot be read just now: try again'

describe('resuming a parked sale while its customer is read again', () => {
  let desk: DeskApp
  let page: Page
  let grace: CustomerDetail
  let linus: CustomerDetail

  const pickCustomer = (search: string, name: string) => pickSaleCustomer(page, search, name)

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

  /** Answers the next customers:get as main does when the data folder is busy: the customer cannot be read just then. */
  const failNextCustomerRead = () =>
    page.route(
      (url) => url.pathname === `/__backroom/call/${encodeURIComponent('customers:get')}`,
      (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'READ_ONLY', message: BUSY } }) }),
      { times: 1 },
    )

  /**
   * Opens Parked sales and waits until the list's own reads of its customers (each one's flag as
   * it is now) are answered: a fault armed after it is for the resume's read, not the list's.
   */
  let customerReadsInFlight = 0
  const isCustomerRead = (request: Request) => request.url().endsWith(`/__backroom/call/${encodeURIComponent('customers:get')}`)
  async function openParked(count: number) {
    await page.getByRole('button', { name: `Parked sales (${count})` }).click()
    await page.getByRole('dialog', { name: 'Parked sales' }).waitFor()
    await expect.poll(() => customerReadsInFlight).toBe(0)
  }

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    page.on('request', (request) => void (isCustomerRead(request) && (customerReadsInFlight += 1)))
    const ended = (request: Request) => void (isCustomerRead(request) && (customerReadsInFlight -= 1))
    page.on('requestfinished', ended)
    page.on('requestfailed', ended)
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

    await openParked(1)
    const read = await holdNextCustomerRead()
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

  it('keeps the resumed sale’s customer when they cannot be read just then: Save waits until they are read again', async () => {
    await pickCustomer('Hopp', 'Grace Hopper')
    await fillItems(page, [{ name: 'Kettle', quantity: 1, unitPrice: '40' }])
    await fillPayments(page, [{ method: 'cash', amount: '40' }])
    await parkTheSale(page)
    // Linus's sale waits too: test one parked it in place of the one it resumed.
    await openParked(2)
    await failNextCustomerRead()
    await page.getByRole('dialog', { name: 'Parked sales' }).getByRole('row').filter({ hasText: '$40.00' }).getByRole('button', { name: /^Resume/ }).click()
    await expectText(page, `This sale is for Grace Hopper, whose record could not be read: ${BUSY}`)
    await expect.poll(() => page.getByRole('button', { name: 'Save sale' }).isDisabled()).toBe(true)
    await expectAccessible(page, 'a resumed sale whose customer could not be read')
    // A reload keeps her on the sale's draft: nothing made it a walk-in's.
    const readAfterReload = page.waitForResponse((response) => response.url().endsWith(`/__backroom/call/${encodeURIComponent('customers:get')}`))
    await page.reload()
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Grace Hopper')
    // Her name shows while she is read again: the failure below is for the next read, not this one.
    await readAfterReload
    await failNextCustomerRead()
    // Away and back, each screen shown before the next click (a click on New sale while Customers
    // still loads cancels that navigation: New sale never left, nor read her again).
    await goToCustomers(page)
    await goToNewSale(page)
    await expectText(page, 'This sale is for Grace Hopper, whose record could not be read')
    await page.getByRole('button', { name: 'Try again' }).click()
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Grace Hopper')
    await page.getByRole('button', { name: 'Save sale' }).click()
    await page.getByTestId('saved-receipt-number').waitFor()
    const { rows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: grace.id, period: 'thisYear' })
    expect(rows).toHaveLength(2)
    await page.getByRole('button', { name: 'New sale' }).click()
  })

  it('starts a sale for the customer found with Ctrl+Enter while New sale is open, parking the one on screen', async () => {
    await pickCustomer('Paul', 'Linus Pauling')
    await fillItems(page, [{ name: 'Spoon', quantity: 1, unitPrice: '2' }])
    await page.getByRole('heading', { name: 'New sale' }).click()
    await page.keyboard.press('Control+k')
    const lookup = page.getByRole('dialog', { name: 'Find a customer' })
    await lookup.getByRole('combobox', { name: 'Find a customer' }).fill('Hopper')
    await lookup.getByRole('option', { name: /Grace Hopper/ }).waitFor()
    await page.keyboard.press('Control+Enter')
    await expectText(page, 'The unsaved sale for Linus Pauling is parked: find it under Parked sales.')
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Grace Hopper')
    expect(await page.getByRole('group', { name: 'Item 1' }).getByLabel('Item', { exact: true }).inputValue()).toBe('')
    // Again for the same customer: the address forgot her, so the lookup is seen again.
    await page.keyboard.press('Control+k')
    await lookup.getByRole('combobox', { name: 'Find a customer' }).fill('Pauling')
    await lookup.getByRole('option', { name: /Linus Pauling/ }).waitFor()
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => page.getByTestId('sale-customer').textContent()).toContain('Linus Pauling')
    // Grace's sale had no item yet: it is simply Linus's now, nothing more parked (his spoon, and
    // the sale the first test parked).
    await page.getByRole('button', { name: 'Parked sales (2)' }).waitFor()
    await expectAccessible(page, 'a sale started from the quick lookup on New sale')
  })

  it('waits for a save on its way before starting the sale for a customer found with Ctrl+Enter', async () => {
    await fillItems(page, [{ name: 'Cup', quantity: 1, unitPrice: '3' }])
    await fillPayments(page, [{ method: 'cash', amount: '3' }])
    // Linus's sale is saved; main holds the answer while the cashier looks up Grace.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    await page.route((url) => url.pathname === `/__backroom/call/${encodeURIComponent('sales:create')}`, async (route) => (await released, route.continue()), { times: 1 })
    await page.getByRole('button', { name: 'Save sale' }).click()
    await page.keyboard.press('Control+k')
    const lookup = page.getByRole('dialog', { name: 'Find a customer' })
    await lookup.getByRole('combobox', { name: 'Find a customer' }).fill('Hopper')
    await lookup.getByRole('option', { name: /Grace Hopper/ }).waitFor()
    await page.keyboard.press('Control+Enter')
    await lookup.waitFor({ state: 'detached' })
    release()
    await page.getByTestId('saved-receipt-number').waitFor()
    // Saved for Linus, nothing of it parked; then the sale is Grace's, empty.
    await expect.poll(() => page.getByTestId('sale-customer').textContent()).toContain('Grace Hopper')
    expect(await page.getByRole('group', { name: 'Item 1' }).getByLabel('Item', { exact: true }).inputValue()).toBe('')
    await page.getByRole('button', { name: 'Parked sales (2)' }).waitFor()
    const { rows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: linus.id, period: 'thisYear' })
    expect(rows).toHaveLength(1)
  })

  it('goes on without a resumed sale’s customer who cannot be read: the sale is then a walk-in’s, and saves', async () => {
    // The screen holds Grace's empty sale from the last test: a teapot for her, parked.
    await fillItems(page, [{ name: 'Teapot', quantity: 1, unitPrice: '12' }])
    await fillPayments(page, [{ method: 'cash', amount: '12' }])
    await parkTheSale(page)
    const before = (await desk.app.core.ok('receipts:listForCustomer', { customerId: grace.id, period: 'thisYear' })).rows.length
    await openParked(3)
    await failNextCustomerRead()
    await page.getByRole('dialog', { name: 'Parked sales' }).getByRole('row').filter({ hasText: '$12.00' }).getByRole('button', { name: /^Resume/ }).click()
    const unread = page.getByRole('alert').filter({ hasText: 'This sale is for Grace Hopper, whose record could not be read' })
    await expectText(unread, BUSY)
    await unread.getByRole('button', { name: 'Try again' }).waitFor()
    await unread.getByRole('button', { name: 'Go on without them' }).waitFor()
    await expect.poll(() => page.getByRole('button', { name: 'Save sale' }).isDisabled()).toBe(true)
    await expectAccessible(page, 'a resumed sale whose customer could not be read, before the cashier answers')

    await unread.getByRole('button', { name: 'Go on without them' }).click()
    await unread.waitFor({ state: 'detached' })
    expect(await page.getByTestId('sale-customer').count()).toBe(0)
    expect(await page.getByRole('group', { name: 'Item 1' }).getByLabel('Item', { exact: true }).inputValue()).toBe('Teapot')
    const number = await saveSale(page)
    // A walk-in's sale: no customer on the receipt, nothing in Grace's history, no points earned.
    await page.getByRole('link', { name: `Open receipt ${number}` }).click()
    await page.getByRole('heading', { level: 1, name: `Receipt ${number}` }).waitFor()
    await expect.poll(async () => (await page.locator('dt:text-is("Customer") + dd').textContent())?.trim()).toBe('Walk-in')
    const { rows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: grace.id, period: 'thisYear' })
    expect(rows).toHaveLength(before)
    const receipts = await desk.app.core.ok('receipts:search', { number, limit: 5 })
    expect(receipts.rows.map((row) => [row.number, row.customer])).toEqual([[number, null]])
  })
})
