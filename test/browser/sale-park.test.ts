import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { expectAccessible } from '../support/axe'
import { addLoyalCustomer, type DeskApp, fillItems, fillPayments, goToNewSale, parkTheSale, pickSaleCustomer, saveSale, startDeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * Parking a sale (guide 002, "save the cart to queue"): the customer went to fetch something, the
 * cashier rings up the next one meanwhile, then brings the first sale back and saves it.
 */
describe('parking a sale at the desk', () => {
  let desk: DeskApp
  let page: Page
  let grace: CustomerDetail

  const item = (n: number) => page.getByRole('group', { name: `Item ${n}` }).getByLabel('Item', { exact: true })
  const parkButton = () => page.getByRole('button', { name: 'Park sale' })
  const parkedButton = (count: number) => page.getByRole('button', { name: `Parked sales (${count})` })
  const dialog = () => page.getByRole('dialog', { name: 'Parked sales' })
  const parkedKeys = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('backroom:parked-sale:')))
  const receipts = async () => Number((await desk.app.core.services.db('receipts').count({ n: '*' }).first())!.n)

  const pickCustomer = (search: string, name: string) => pickSaleCustomer(page, search, name)

  beforeAll(async () => {
    // With animations: Discard's question once lost its focus to the dialog's own, given when its
    // opening ended (support/browser.ts, Motion).
    desk = await startDeskApp(undefined, { motion: 'full' })
    page = desk.owner
    grace = await addLoyalCustomer(desk.app, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' })
  })
  afterAll(async () => desk?.app.close())

  it('parks a half-rung sale for a customer and starts a fresh one', async () => {
    await goToNewSale(page)
    // Nothing to park, nothing parked.
    expect(await parkButton().count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Parked sales/ }).count()).toBe(0)
    await pickCustomer('Hopp', 'Grace Hopper')
    await fillItems(page, [
      { name: 'Coffee beans', quantity: 2, unitPrice: '12.99' },
      { name: 'Mug', quantity: 1, unitPrice: '8.50' },
    ])
    expect(await page.getByTestId('sale-total').textContent()).toBe('$34.48')
    await expectAccessible(page, 'the new sale screen with a sale to park')
    // Asked for a name, the customer's offered: Save keeps it.
    await parkButton().click()
    const parkDialog = page.getByRole('dialog', { name: 'Park sale' })
    expect(await parkDialog.getByLabel('Name').inputValue()).toBe('Grace Hopper')
    await parkDialog.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'The sale for Grace Hopper is parked: find it under Parked sales.')
    expect(await item(1).inputValue()).toBe('')
    expect(await page.getByTestId('sale-customer').count()).toBe(0)
    expect(await page.getByTestId('sale-total').textContent()).toBe('$0.00')
    await parkedButton(1).waitFor()
    expect(await parkButton().count()).toBe(0)
  })

  it('rings up and saves the next customer, a walk-in, meanwhile', async () => {
    await fillItems(page, [{ name: 'Loose tea', quantity: 1, unitPrice: '4.20' }])
    await fillPayments(page, [{ method: 'cash', amount: '5' }])
    expect(await saveSale(page)).toMatch(/-\d{6}$/)
    await parkedButton(1).waitFor()
  })

  let parkedCopy: { key: string; value: string }
  let graceReceipt = ''

  it('lists the parked sale and brings it back, customer and items, to be saved', async () => {
    ;[parkedCopy] = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((key) => key.startsWith('backroom:parked-sale:'))
        .map((key) => ({ key, value: localStorage.getItem(key)! })),
    )
    await parkedButton(1).click()
    const row = dialog().getByRole('row').filter({ hasText: 'Grace Hopper' })
    await expect(row.textContent()).resolves.toMatch(/Grace Hopper\s*2 items\s*\$34\.48/)
    await expectAccessible(page, 'the parked sales dialog', dialog())
    await row.getByRole('button', { name: 'Resume' }).click()
    await expectText(page, 'The sale for Grace Hopper is back.')
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Grace Hopper')
    expect(await item(1).inputValue()).toBe('Coffee beans')
    expect(await item(2).inputValue()).toBe('Mug')
    expect(await page.getByTestId('sale-total').textContent()).toBe('$34.48')
    expect(await page.getByRole('button', { name: /^Parked sales/ }).count()).toBe(0)
    expect(await parkedKeys()).toEqual([])
    await fillPayments(page, [{ method: 'card', amount: '34.48' }])
    graceReceipt = await saveSale(page)
    const { rows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: grace.id, period: 'thisYear' })
    expect(rows).toHaveLength(1)
    const receipt = await desk.app.core.ok('receipts:get', { id: rows[0]!.id })
    expect(receipt.items.map((line) => [line.name, line.quantity, line.unitPriceMinor])).toEqual([
      ['Coffee beans', 2, 1299],
      ['Mug', 1, 850],
    ])
  })

  it('answers an older copy of a saved sale, resumed by mistake, with its first receipt (the request id travels with it)', async () => {
    await page.evaluate(({ key, value }) => localStorage.setItem(key, value), parkedCopy)
    await page.reload()
    await parkedButton(1).click()
    await dialog().getByRole('row').filter({ hasText: 'Grace Hopper' }).getByRole('button', { name: 'Resume' }).click()
    await fillPayments(page, [{ method: 'card', amount: '34.48' }])
    const before = await receipts()
    expect(await saveSale(page)).toBe(graceReceipt)
    expect(await receipts()).toBe(before)
  })

  it('parks the sale on screen in place of the one resumed, and discards a parked sale once confirmed', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Scarf', quantity: 1, unitPrice: '15' }])
    await parkTheSale(page)
    await expectText(page, 'The sale for the walk-in customer is parked')
    await fillItems(page, [{ name: 'Gloves', quantity: 1, unitPrice: '9' }])
    await parkedButton(1).click()
    await dialog().getByRole('row').filter({ hasText: 'Walk-in' }).getByRole('button', { name: 'Resume' }).click()
    await expectText(page, 'The sale for the walk-in customer is back. The sale for the walk-in customer is parked in its place.')
    expect(await item(1).inputValue()).toBe('Scarf')

    // The gloves were never lost: they wait in the list; discarding asks first.
    await parkedButton(1).click()
    const row = dialog().getByRole('row').filter({ hasText: 'Walk-in' })
    await expect(row.textContent()).resolves.toMatch(/1 item\s*\$9\.00/)
    await row.getByRole('button', { name: 'Discard' }).click()
    await expectText(dialog(), 'Discard the sale parked for Walk-in (1 item, $9.00)? It cannot be brought back.')
    await expectAccessible(page, 'the parked sales dialog asking to discard', dialog())
    // Focus waits on the safe answer, and comes back to the list after it.
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() || document.activeElement?.getAttribute('aria-label'))
    await expect.poll(focused).toBe('Keep it')
    await page.keyboard.press('Enter')
    await expect(dialog().getByRole('row').count()).resolves.toBe(2)
    await expect.poll(focused).toBe('Resume')
    await row.getByRole('button', { name: 'Discard' }).click()
    await dialog().getByRole('button', { name: 'Discard sale' }).click()
    await expectText(dialog(), 'No sales are parked.')
    await expect.poll(focused).toBe('Close')
    expect(await parkedKeys()).toEqual([])
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    expect(await item(1).inputValue()).toBe('Scarf')
  })

  it('keeps the parked list through a reload', async () => {
    await parkTheSale(page)
    await pickCustomer('Hopp', 'Grace Hopper')
    await fillItems(page, [{ name: 'Teapot', quantity: 1, unitPrice: '30' }])
    await parkTheSale(page)
    await parkedButton(2).waitFor()
    await page.reload()
    await parkedButton(2).click()
    const rows = dialog().getByRole('row')
    await expect(rows.nth(1).textContent()).resolves.toMatch(/^Walk-in\s*1 item\s*\$15\.00/)
    await expect(rows.nth(2).textContent()).resolves.toMatch(/^Grace Hopper\s*1 item\s*\$30\.00/)
    await page.keyboard.press('Escape')
  })

  it('asks again about a customer flagged since the sale was parked', async () => {
    // Flagged at another desk while her sale waited: the resumed sale must not skip the question.
    await desk.app.core.ok('customers:setFlag', { id: grace.id, flagged: true, reason: 'Paid with a stolen card' })
    await parkedButton(2).click()
    // The list already says so, in red with the reason, as everywhere her name appears (guide 003).
    const graceRow = dialog().getByRole('row').nth(2)
    await graceRow.locator('[data-flagged]').filter({ hasText: 'Grace Hopper' }).waitFor()
    await expect(graceRow.textContent()).resolves.toContain('(flagged: Paid with a stolen card)')
    await expectAccessible(page, 'the parked sales dialog with a flagged customer', dialog())
    await graceRow.getByRole('button', { name: /^Resume/ }).click()
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Flagged: Paid with a stolen card')
    await page.getByLabel(/^I have seen why Grace is flagged/).waitFor()
    await expectAccessible(page, 'a resumed sale for a customer flagged since')
    await parkTheSale(page)
    await parkedButton(2).waitFor()
    await desk.app.core.ok('customers:setFlag', { id: grace.id, flagged: false, reason: '' })
  })

  it('sweeps a sale parked for a customer erased elsewhere, and keeps the others', async () => {
    await desk.app.core.ok('customers:erase', { id: grace.id })
    // The next start asks main which customers the drafts name are gone.
    await page.reload()
    await expect.poll(parkedKeys).toHaveLength(1)
    await page.reload()
    await parkedButton(1).click()
    await expect(dialog().getByRole('row').nth(1).textContent()).resolves.toMatch(/^Walk-in/)
    expect(await page.evaluate(() => Object.values(localStorage).some((value) => value.includes('grace@example.com')))).toBe(false)
  })
  it('refuses a 21st parked sale, saying so, and keeps the sale on screen', async () => {
    await page.keyboard.press('Escape')
    // Nineteen more copies of the walk-in's parked sale: twenty wait.
    await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('backroom:parked-sale:'))!
      for (let n = 1; n < 20; n++) localStorage.setItem(`${key.slice(0, key.lastIndexOf(':') + 1)}copy-${n}`, localStorage.getItem(key)!)
    })
    await page.reload()
    await parkedButton(20).waitFor()
    await fillItems(page, [{ name: 'Umbrella', quantity: 1, unitPrice: '12' }])
    await parkButton().click()
    await expectText(page, '20 sales are parked already: resume or discard one before parking another. This sale is still here.')
    expect(await item(1).inputValue()).toBe('Umbrella')
    expect(await parkedKeys()).toHaveLength(20)
  })

  it('parks the sale put back when New sale is opened for another customer: its items are never rung up for them', async () => {
    const ada = await addLoyalCustomer(desk.app, { firstName: 'Ada', lastName: 'Byron' })
    const openSaleForAda = async () => {
      await page.goto(`${desk.app.host.origin}/#/customers/${ada.id}`)
      await page.getByRole('heading', { level: 1, name: 'Ada Byron' }).waitFor()
      await page.getByRole('button', { name: 'New sale for Ada Byron' }).click()
      await page.getByRole('heading', { name: 'New sale' }).waitFor()
    }
    // Twenty wait already: the walk-in's umbrella cannot be parked, so it stays and Ada's sale waits.
    await openSaleForAda()
    await expectText(page, 'The unsaved sale for the walk-in customer is still here (20 sales are parked already): save it, or start over, before a new sale.')
    await expect.poll(() => item(1).inputValue()).toBe('Umbrella')
    expect(await page.getByTestId('sale-customer').count()).toBe(0)
    // One parked copy gone: now the umbrella is parked, and Ada's sale starts empty.
    await page.evaluate(() => localStorage.removeItem(Object.keys(localStorage).find((key) => key.endsWith(':copy-1'))!))
    await openSaleForAda()
    await expectText(page, 'The unsaved sale for the walk-in customer is parked: find it under Parked sales.')
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Ada Byron')
    expect(await item(1).inputValue()).toBe('')
    await parkedButton(20).waitFor()
    await expectAccessible(page, 'a new sale for another customer, the sale put back parked')
    await parkedButton(20).click()
    await expect(dialog().getByRole('row').last().textContent()).resolves.toMatch(/^Walk-in\s*1 item\s*\$12\.00/)
    await page.keyboard.press('Escape')
  })
})
