import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { FLAG_RED, nameLook } from '../support/customers'
import { addLoyalCustomer, fillItems, fillPayments, goToNewSale, saveSale, startDeskApp, type DeskApp } from '../support/desk'
import { addTaxRate } from '../support/sales'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { choose, expectText } from '../support/ui'

describe('ringing up a sale at the desk', () => {
  let desk: DeskApp
  let page: Page
  let ada: CustomerDetail

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    await addTaxRate(desk.app.core, 'State tax', 8.875)
    ada = await addLoyalCustomer(desk.app, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
    await desk.app.core.ok('customers:setFlag', { id: ada.id, flagged: true, reason: 'Cheque bounced in May' })
  })
  afterAll(async () => desk?.app.close())

  it('starts empty, with no change due and no minus sign', async () => {
    await goToNewSale(page)
    expect(await page.getByTestId('sale-total').textContent()).toBe('$0.00')
    expect(await page.getByTestId('sale-change').count()).toBe(0)
    expect(await page.getByRole('complementary').textContent()).not.toContain('-$')
    await expectAccessible(page, 'the new sale screen')
  })

  it('finds the customer by search and shows a flagged one in red with the reason', async () => {
    await page.getByLabel('Customer', { exact: true }).pressSequentially('Lovel')
    const option = page.getByRole('option').filter({ hasText: 'Ada Lovelace' })
    await expect(option.textContent()).resolves.toContain('Flagged: Cheque bounced in May')
    const look = await nameLook(option.locator('.customer-name'))
    expect(look).toMatchObject({ color: FLAG_RED, flag: true })
    await option.click()
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Flagged: Cheque bounced in May')
    // The flag must be acknowledged before the sale: focus goes to that question.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sale-flag-seen')
  })

  it('works out subtotal, tax and total as the receipt will, while items are typed', async () => {
    await fillItems(page, [
      { name: 'Coffee beans', quantity: 2, unitPrice: '12.99', taxRate: 'State tax (8.875 %)' },
      { name: 'Mug', quantity: 1, unitPrice: '8.50', taxRate: 'No tax' },
    ])
    // 2 × 12.99 = 25.98; its tax 2.3057… rounds to 2.31; the mug is untaxed: 25.98 + 8.50 + 2.31.
    expect(await page.getByTestId('sale-subtotal').textContent()).toBe('$34.48')
    expect(await page.getByTestId('sale-tax').textContent()).toBe('$2.31')
    expect(await page.getByTestId('sale-total').textContent()).toBe('$36.79')
  })

  it('says at once when a card pays more than the total (only cash gives change)', async () => {
    const amount = page.getByRole('group', { name: 'Payment 1' }).getByLabel('Amount')
    await fillPayments(page, [{ method: 'card', amount: '40' }])
    await expectText(page, 'Only cash can be more than the total: the other payments are $3.21 over')
    await amount.fill('')
  })

  it('refuses a flagged customer’s sale until the flag is acknowledged', async () => {
    await fillPayments(page, [{ method: 'card', amount: '20' }])
    await page.getByRole('button', { name: 'Save sale' }).click()
    await expectText(page, 'Tick this to confirm you have seen the flag')
    await expectAccessible(page, 'the new sale screen with the flag question')
    // The message is the box's description, read out with it.
    const seen = page.getByLabel('I have seen why Ada is flagged and still want to make this sale')
    expect(await seen.getAttribute('aria-describedby')).toBe('sale-flag-seen-error')
    await seen.check()
  })

  it('refuses payments that do not cover the total, saying so under the payments, and saves nothing', async () => {
    expect(await page.getByTestId('sale-still-to-pay').textContent()).toBe('$16.79')
    await page.getByRole('button', { name: 'Save sale' }).click()
    await expectText(page, 'Payments are $16.79 short of the total $36.79')
    expect((await desk.app.core.ok('receipts:listForCustomer', { customerId: ada.id, period: 'thisYear' })).rows).toEqual([])
  })

  it('saves a sale paid part by card and part in cash, shows the receipt number and the change', async () => {
    // The second payment starts at what is still owed; the customer hands over a $20 note.
    await page.getByRole('button', { name: 'Add payment' }).click()
    const second = page.getByRole('group', { name: 'Payment 2' })
    expect(await second.getByLabel('Amount').inputValue()).toBe('$16.79')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sale-payment-1-amount')
    // The change shows while the cash is typed, before the box is left.
    await choose(page, 'Method', 'Cash', second)
    const cash = second.getByLabel('Amount')
    await cash.click()
    await cash.press('Control+a')
    await cash.press('Delete')
    await cash.pressSequentially('20')
    expect(await page.getByTestId('sale-change').textContent()).toBe('$3.21')
    const number = await saveSale(page)
    expect(number).toMatch(/^[A-Z0-9]+-\d{6}$/)
    await expectText(page, 'change due $3.21')
    // Big and unmistakable, and where focus is.
    expect(await page.getByTestId('saved-change').textContent()).toContain('$3.21')
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Change due')
    await expectAccessible(page, 'the saved sale')
    await page.screenshot({ path: screenshotPath('sale-saved') })

    const [line] = (await desk.app.core.ok('receipts:listForCustomer', { customerId: ada.id, period: 'thisYear' })).rows
    const receipt = await desk.app.core.ok('receipts:get', { id: line!.id })
    expect(receipt).toMatchObject({ number, subtotalMinor: 3448, taxMinor: 231, totalMinor: 3679, paidMinor: 4000, changeMinor: 321 })
    expect(receipt.items.map((item) => [item.name, item.quantity, item.unitPriceMinor])).toEqual([
      ['Coffee beans', 2, 1299],
      ['Mug', 1, 850],
    ])
    expect(receipt.payments.map((p) => [p.method, p.amountMinor])).toEqual([
      ['card', 2000],
      ['cash', 2000],
    ])
  })

  it('opens the saved receipt from the link, for the customer the sale was for', async () => {
    const number = (await page.getByTestId('saved-receipt-number').textContent())!.trim()
    await page.getByRole('link', { name: `Open receipt ${number}` }).click()
    await page.getByRole('heading', { name: `Receipt ${number}` }).waitFor()
    await expect(page.getByRole('region', { name: 'Receipt summary' }).textContent()).resolves.toContain('Ada Lovelace')
    expect(await page.getByTestId('receipt-total').textContent()).toBe('$36.79')
  })
  it('keeps a half-rung sale through a reload, until it is saved or started over', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Loose tea', quantity: 1, unitPrice: '4.20' }])
    // The draft is kept under the user's id (another user signing in over a lock never sees it).
    await page.waitForFunction(() =>
      Object.keys(localStorage).some((key) => key.startsWith('backroom:new-sale:') && localStorage.getItem(key)!.includes('"unitPrice":4.2')),
    )
    await page.reload()
    await expectText(page, /An unsaved sale from .* was put back/)
    const line = page.getByRole('group', { name: 'Item 1' })
    expect(await line.getByLabel('Item', { exact: true }).inputValue()).toBe('Loose tea')
    // A new line starts on the store's rate: 4.20 + 8.875 % = 4.57275 → $4.57.
    expect(await page.getByTestId('sale-total').textContent()).toBe('$4.57')
    await page.getByRole('button', { name: 'Start over' }).click()
    expect(await line.getByLabel('Item', { exact: true }).inputValue()).toBe('')
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('backroom:new-sale:')))).toEqual([])
  })

  it('saves a sale sent just before a reload once: the sale put back keeps its request id and gets that receipt', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Green tea', quantity: 1, unitPrice: '3' }])
    await fillPayments(page, [{ method: 'cash', amount: '5' }])
    await page.waitForFunction(() =>
      Object.keys(localStorage).some((key) => key.startsWith('backroom:new-sale:') && localStorage.getItem(key)!.includes('"amount":5')),
    )
    // Main saves the sale; the page never hears back: it is reloaded first, as after a crash.
    const call = (url: URL) => url.pathname === `/__backroom/call/${encodeURIComponent('sales:create')}`
    let firstAnswer: { data: { number: string } } | undefined
    await page.route(call, async (route) => void (firstAnswer = await (await route.fetch()).json()))
    const receipts = async () => Number((await desk.app.core.services.db('receipts').count({ n: '*' }).first())!.n)
    const receiptsBefore = await receipts()
    await page.getByRole('button', { name: 'Save sale' }).click()
    await expect.poll(() => firstAnswer).toBeDefined()
    await page.reload()
    await expectText(page, /An unsaved sale from .* was put back/)
    await page.unroute(call)
    expect(await saveSale(page)).toBe(firstAnswer!.data.number)
    expect(await receipts()).toBe(receiptsBefore + 1)
  })

  it('starts a sale for a customer from their page', async () => {
    await page.goto(`${desk.app.host.origin}/#/customers/${ada.id}`)
    await page.getByRole('button', { name: 'New sale for Ada Lovelace' }).click()
    await page.getByRole('heading', { name: 'New sale' }).waitFor()
    await expect(page.getByTestId('sale-customer').textContent()).resolves.toContain('Ada Lovelace')
  })
})
