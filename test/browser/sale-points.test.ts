import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { OWNER } from '../support/core'
import { addLoyalCustomer, fillItems, goToNewSale, saveSale, startDeskApp, typeAmount, type DeskApp } from '../support/desk'
import { expectAccessible } from '../support/axe'
import { choose, expectText, fieldMessage } from '../support/ui'

/** What a cashier does when an enrolled customer pays part of a sale with their points. */
describe('paying with loyalty points at the desk', () => {
  let desk: DeskApp
  let page: Page
  let ada: CustomerDetail

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    ada = await addLoyalCustomer(desk.app, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
    const owner = (await desk.app.core.ok('auth:status', {})).user!.id
    // 500 points at the store's default value of one cent a point: $5.00.
    await desk.app.core.ok('loyalty:adjust', { customerId: ada.id, direction: 'add', points: 500, reason: 'Welcome', approverId: owner, approverPin: OWNER.pin })
  })
  afterAll(async () => desk?.app.close())

  const line = () => page.getByRole('group', { name: 'Payment 1' })

  it('offers no Loyalty points payment to a walk-in', async () => {
    await goToNewSale(page)
    await line().getByLabel('Method', { exact: true }).click()
    await page.getByRole('option', { name: 'Card', exact: true }).waitFor()
    expect(await page.getByRole('option', { name: 'Loyalty points' }).count()).toBe(0)
    await page.keyboard.press('Escape')
    await page.getByRole('listbox').waitFor({ state: 'detached' })
  })

  it('takes points from an enrolled customer: their value and balance shown, too many refused beside the field', async () => {
    await page.getByLabel('Customer', { exact: true }).pressSequentially('Lovel')
    await page.getByRole('option').filter({ hasText: 'Ada Lovelace' }).click()
    await fillItems(page, [{ name: 'Notebook', quantity: 1, unitPrice: '10.00', taxRate: 'No tax' }])
    await choose(page, 'Method', 'Loyalty points', line())
    const points = line().getByLabel('Points to use')
    await expectText(page, 'Whole points, $0.01 each. Ada Lovelace has 500 points ($5.00)')
    await typeAmount(points, '600')
    expect(await line().getByTestId('sale-payment-0-worth').textContent()).toBe('$6.00')
    const save = page.getByRole('button', { name: 'Save sale' })
    await save.click()
    expect(await fieldMessage(page, 'sale-payment-0-points')).toBe('Ada Lovelace has 500 points ($5.00); 600 points cannot be used')
    await expectAccessible(page, 'a Loyalty points payment refused beside its field')
    await expect.poll(() => save.isEnabled()).toBe(true)

    await typeAmount(points, '250')
    expect(await line().getByTestId('sale-payment-0-worth').textContent()).toBe('$2.50')
    expect(await page.getByTestId('sale-still-to-pay').textContent()).toBe('$7.50')
    // The rest by card: a new payment starts at what is still owed.
    await page.getByRole('button', { name: 'Add payment' }).click()
    expect(await page.getByRole('group', { name: 'Payment 2' }).getByLabel('Amount').inputValue()).toBe('$7.50')
    await expectAccessible(page, 'a sale paid with points and a card')
    const number = await saveSale(page)
    // $10.00 less the $2.50 paid in points earns 7 points.
    await expectText(page, `Receipt number ${number}, total $10.00, 250 loyalty points used, 7 loyalty points earned.`)
  })

  it('shows the payment on the receipt, and the new balance and the entry on the customer’s page', async () => {
    await page.getByRole('link', { name: /^Open receipt/ }).click()
    const payments = page.getByRole('table', { name: 'Payment summary' })
    await payments.waitFor()
    const rows = (await payments.locator('tbody tr').allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim())
    expect(rows).toEqual(['Loyalty points: 250 pts ($2.50)—$2.50', 'Card—$7.50'])
    await expectAccessible(page, 'the receipt of a sale paid with points')

    await page.goto(`${desk.app.host.origin}/#/customers/${ada.id}`)
    await expectText(page, 'Enrolled · 257 points')
    await page.getByRole('tab', { name: 'Loyalty history' }).click()
    const history = page.getByRole('table', { name: 'Loyalty history' })
    const paid = history.getByRole('row').filter({ hasText: 'Paid on sale' })
    await paid.waitFor()
    expect(await paid.textContent()).toContain('-250')
    await paid.getByRole('link', { name: /^CS-/ }).waitFor()
    await expectAccessible(page, 'the loyalty history with a payment by points')
  })

  it('says on voiding that the points paid with come back, and gives them back', async () => {
    const history = page.getByRole('table', { name: 'Loyalty history' })
    await history.getByRole('row').filter({ hasText: 'Paid on sale' }).getByRole('link', { name: /^CS-/ }).click()
    await page.getByRole('button', { name: 'Void receipt' }).click()
    const dialog = page.getByRole('dialog', { name: /^Void receipt CS-/ })
    await expectText(dialog, /the 250 points it was paid with are given back and the 7 points it earned are taken back/)
    await expectAccessible(page, 'the void dialog of a sale paid with points', dialog)
    await dialog.getByLabel('Reason for the void').fill('Returned unopened')
    await dialog.getByRole('button', { name: 'Void receipt' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.goto(`${desk.app.host.origin}/#/customers/${ada.id}`)
    await expectText(page, 'Enrolled · 500 points')
  })

  it('says a customer without points has none to use, as main does, not "0 points ($0.00)"', async () => {
    await addLoyalCustomer(desk.app, { firstName: 'Bo', lastName: 'Newman', email: 'bo@example.com' })
    await goToNewSale(page)
    await page.getByLabel('Customer', { exact: true }).pressSequentially('Newman')
    await page.getByRole('option').filter({ hasText: 'Bo Newman' }).click()
    await fillItems(page, [{ name: 'Pencil', quantity: 1, unitPrice: '1.00', taxRate: 'No tax' }])
    await choose(page, 'Method', 'Loyalty points', line())
    await expectText(page, 'Whole points, $0.01 each. Bo Newman has no points to use')
  })
})
