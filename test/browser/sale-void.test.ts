import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import type { Receipt } from '../../electron/contract/sales'
import { addUser } from '../support/core'
import { openSignedIn } from '../support/customers'
import { addLoyalCustomer, startDeskApp, type DeskApp } from '../support/desk'
import { simpleSale } from '../support/sales'
import { expectText } from '../support/ui'

describe('voiding a receipt', () => {
  let desk: DeskApp
  let sale: Receipt

  beforeAll(async () => {
    desk = await startDeskApp()
    const nora = await addLoyalCustomer(desk.app, { firstName: 'Nora', lastName: 'Ephron' })
    sale = await desk.app.core.ok('sales:create', simpleSale(nora.id, 2500))
  })
  afterAll(async () => desk?.app.close())

  /** A receipt's address, as a link elsewhere in the app would open it. */
  const openReceipt = (page: Page, id: string) => page.evaluate((hash) => (location.hash = hash), `#/receipts/${id}`)

  it('hides Void from a user without the permission', async () => {
    const staff = await addUser(desk.app.core, { role: 'staff', username: 'stan' })
    const page = await openSignedIn(desk.app, 'stan', staff.password)
    await openReceipt(page, sale.id)
    await page.getByRole('heading', { name: `Receipt ${sale.number}` }).waitFor()
    expect(await page.getByRole('button', { name: 'Void receipt' }).count()).toBe(0)
  })

  it('asks for a reason, then marks the receipt voided and links the reversing receipt', async () => {
    const page = desk.owner
    await openReceipt(page, sale.id)
    await page.getByRole('button', { name: 'Void receipt' }).click()
    const dialog = page.getByRole('dialog', { name: `Void receipt ${sale.number}?` })
    await dialog.getByRole('button', { name: 'Void receipt' }).click()
    await expectText(page, 'Reason is required')
    await expectAccessible(page, 'the void dialog with its message', dialog)
    expect((await desk.app.core.ok('receipts:get', { id: sale.id })).voidedBy).toBeNull()

    await dialog.getByLabel('Reason for the void').fill('Rang up twice')
    await dialog.getByRole('button', { name: 'Void receipt' }).click()
    await page.getByTestId('receipt-voided').waitFor()
    const voided = await desk.app.core.ok('receipts:get', { id: sale.id })
    expect(voided.voidedBy).not.toBeNull()
    await page.getByRole('link', { name: `receipt ${voided.voidedBy!.number}` }).click()
    await page.getByRole('heading', { name: `Receipt ${voided.voidedBy!.number}` }).waitFor()
    expect(await page.getByTestId('receipt-total').textContent()).toBe('-$25.00')
    await expectAccessible(page, 'the reversing receipt')
  })

  it('says on a void what goes back to the customer: the cash less the change they kept', async () => {
    // $15.00 paid with a $20 note: $5.00 change. The void gives back $15.00, not $20.00.
    const cashSale = await desk.app.core.ok('sales:create', {
      customerId: null,
      items: [{ name: 'Scarf', quantity: 1, unitPriceMinor: 1500, taxRateId: null }],
      payments: [{ method: 'cash', amountMinor: 2000 }],
    })
    const page = desk.owner
    await openReceipt(page, cashSale.id)
    await page.getByRole('heading', { name: `Receipt ${cashSale.number}` }).waitFor()
    expect(await page.getByTestId('payment-change').textContent()).toBe('$5.00')
    await page.getByRole('button', { name: 'Void receipt' }).click()
    const dialog = page.getByRole('dialog', { name: `Void receipt ${cashSale.number}?` })
    await dialog.getByLabel('Reason for the void').fill('Wrong colour')
    await dialog.getByRole('button', { name: 'Void receipt' }).click()
    await page.getByTestId('receipt-voided').waitFor()
    const { voidedBy } = await desk.app.core.ok('receipts:get', { id: cashSale.id })
    await page.getByRole('link', { name: `receipt ${voidedBy!.number}` }).click()
    await page.getByRole('heading', { name: `Receipt ${voidedBy!.number}` }).waitFor()
    const payments = page.getByRole('table', { name: 'Payment summary' })
    await expect(payments.getByRole('row', { name: /^Cash/ }).textContent()).resolves.toMatch(/Cash\s*—\s*-\$15\.00/)
    expect(await page.getByTestId('payment-refund').textContent()).toBe('-$15.00')
    expect(await payments.getByRole('rowheader', { name: 'Change' }).count()).toBe(0)
    await expectAccessible(page, 'a void of a cash sale with change')
  })
})
