import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fillItems, fillPayments, goToNewSale, saveSale, startDeskApp, type DeskApp } from '../support/desk'
import { expectAccessible } from '../support/axe'
import { OWNER } from '../support/core'
import { addCustomer, openSignedIn } from '../support/customers'
import { simpleSale } from '../support/sales'
import { choose, expectText, expectToast } from '../support/ui'

describe('the settings a sale is made with: tax rates, the receipt prefix, the currency, the locale, the loyalty default and the time zone times show in', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
  })
  afterAll(async () => desk?.app.close())

  it('adds a tax rate in Settings, refusing a rate with more than three decimals', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'New tax rate' }).click()
    const dialog = page.getByRole('dialog', { name: 'New tax rate' })
    await dialog.getByLabel('Tax name').fill('City tax')
    await dialog.getByLabel('Rate (%)').pressSequentially('5')
    await dialog.getByRole('button', { name: 'Save tax rate' }).click()
    await expectText(page, 'Tax rate saved')
    // The list is read again after the save: its row comes a moment after the toast.
    const row = page.getByRole('table', { name: 'Tax rates' }).getByRole('row').filter({ hasText: 'City tax' })
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(['City tax', '5 %', 'Active', 'Edit'])
    await expectAccessible(page, 'the settings screen')
  })

  it('sets the receipt prefix that new receipt numbers start with', async () => {
    await page.getByLabel('Receipt prefix').fill('dt1')
    await expect(page.getByLabel('Receipt prefix').inputValue()).resolves.toBe('DT1')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
  })

  it('offers the new rate on a sale and numbers the receipt with the prefix', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Gift box', quantity: 3, unitPrice: '10', taxRate: 'City tax (5 %)' }])
    expect(await page.getByTestId('sale-total').textContent()).toBe('$31.50')
    await fillPayments(page, [{ method: 'gift_card', amount: '31.50', reference: 'GC-77' }])
    expect(await saveSale(page)).toBe('DT1-000001')
  })

  it('refuses a sale whose tax rate changed while it was rung up, showing the new total, then saves it at that total', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Gift box', quantity: 1, unitPrice: '10', taxRate: 'City tax (5 %)' }])
    expect(await page.getByTestId('sale-total').textContent()).toBe('$10.50')
    await fillPayments(page, [{ method: 'cash', amount: '20.00' }])
    // Meanwhile, at the back office, the owner raises the rate.
    const cityTax = (await desk.app.core.ok('taxRates:list', {})).find((rate) => rate.name === 'City tax')!
    await desk.app.core.ok('taxRates:save', { id: cityTax.id, name: 'City tax', ratePercent: 10, active: true })
    const receiptsBefore = Number((await desk.app.core.services.db('receipts').count({ n: '*' }).first())!.n)
    await page.getByRole('button', { name: 'Save sale' }).click()
    await expectText(page.getByRole('alert'), 'The total is $11.00 now, not $10.50: a tax rate changed since this sale was started.')
    await expect.poll(() => page.getByTestId('sale-total').textContent()).toBe('$11.00')
    expect(Number((await desk.app.core.services.db('receipts').count({ n: '*' }).first())!.n)).toBe(receiptsBefore)
    await expectAccessible(page, 'the sale refused for a changed total')
    // (The panel of the sale before is still on the screen until this one is saved.)
    await page.getByRole('button', { name: 'Save sale' }).click()
    await expect.poll(() => page.getByTestId('saved-receipt-number').textContent()).toContain('DT1-000002')
    const saved = await desk.app.core.services.db('receipts').where({ number: 'DT1-000002' }).first('total_minor')
    expect(saved.total_minor).toBe(1100)
  })

  it('shows the currency fixed, with the reason, once a sale is recorded', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await expectText(page, 'Fixed: this store has recorded sales in it')
    const currency = page.getByRole('combobox', { name: 'Currency' })
    await expect(currency.getAttribute('aria-disabled')).resolves.toBe('true')
    await expect(currency.getAttribute('aria-describedby')).resolves.toBe('settings-currency-hint')
  })

  it('writes dates the store’s way once its locale is British, and reads typed dates that way too', async () => {
    await choose(page, 'Dates and numbers', /^English \(United Kingdom\)/)
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    const { id } = await addCustomer(desk.app, { firstName: 'Imogen', dateOfBirth: '1990-03-04' })
    await page.goto(`${desk.app.host.origin}/#/customers/${id}`)
    // 15 June 2026 (the test clock) is 15/06/2026 in Britain; 4 March 1990 is 04/03/1990.
    await expectText(page, '15/06/2026')
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    const born = page.getByLabel('Date of birth')
    await expect(born.inputValue()).resolves.toBe('04/03/1990')
    await expect(born.getAttribute('placeholder')).resolves.toBe('DD/MM/YYYY')
    await born.fill('05/03/1990')
    await born.press('Escape')
    await page.getByRole('button', { name: 'Update' }).click()
    await expectText(page, 'Customer Updated Successfully')
    expect((await desk.app.core.ok('customers:get', { id })).dateOfBirth).toBe('1990-03-05')
  })

  it('starts new customers outside the loyalty programme when the store says so', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByLabel('New customers join the loyalty programme').uncheck()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    await page.goto(`${desk.app.host.origin}/#/customers/new`)
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    await expect(page.getByLabel('Enrolled in loyalty').isChecked()).resolves.toBe(false)
  })

  it('shows a receipt at the store’s hour and day (Tokyo) on a PC whose clock is on UTC', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await choose(page, 'Time zone', 'Asia/Tokyo')
    await choose(page, 'Dates and numbers', /^English \(United States\)/)
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    // The toast of the test before may still be up: the sale below needs this save done.
    await expect.poll(async () => (await desk.app.core.ok('settings:get', {})).timeZone).toBe('Asia/Tokyo')
    // 16:30 UTC on 15 June is 01:30 on 16 June in Tokyo: another hour, and another day.
    desk.clock.set(Date.parse('2026-06-15T16:30:00Z'))
    const receipt = await desk.app.core.ok('sales:create', simpleSale(null, 1200))
    expect(receipt.localDate).toBe('2026-06-16')

    const pc = await openSignedIn(desk.app, OWNER.username, OWNER.password, { timezoneId: 'UTC' })
    expect(await pc.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC')
    // Chromium may put a narrow no-break space before AM.
    const text = async (cell: Locator) => (await cell.textContent())?.replace(/\s+/g, ' ').trim()
    const nav = pc.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('link', { name: 'Receipts' }).click()
    const row = pc.getByRole('table', { name: 'Receipts' }).getByRole('row').filter({ hasText: receipt.number })
    await expect.poll(() => text(row.getByRole('cell').nth(1))).toBe('06/16/2026, 01:30 AM')
    await expectAccessible(pc, 'the receipts list on the store’s clock')
    // The page's now is the sale's, and the list is opened again: a date box's calendar reads
    // the time when it is made. (Fixed right after signing in instead, the window was found
    // locked once on a loaded machine: the page's clock then jumps half a year back under the
    // idle lock's count; this order ran green for days.)
    await pc.clock.setFixedTime(new Date('2026-06-15T16:30:00Z'))
    await nav.getByRole('link', { name: 'Customers' }).click()
    await pc.getByRole('heading', { name: 'Customers' }).waitFor()
    await nav.getByRole('link', { name: 'Receipts' }).click()
    await expect.poll(() => text(row.getByRole('cell').nth(1))).toBe('06/16/2026, 01:30 AM')
    // A date box's Today is the store's: at 16:30 UTC this PC's calendar still says 15 June.
    await pc.getByLabel('From', { exact: true }).click()
    // Its calendar marks the store's today too, not this PC's.
    await expect(pc.locator('td[data-p-today="true"]').textContent()).resolves.toBe('16')
    await pc.getByRole('button', { name: 'Today' }).click()
    await expect(pc.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('06/16/2026')
    await pc.getByLabel('From', { exact: true }).press('Escape')
    await pc.getByRole('button', { name: 'Search', exact: true }).click()
    await expect.poll(() => text(row.getByRole('cell').nth(1))).toBe('06/16/2026, 01:30 AM')

    await row.getByRole('link', { name: receipt.number }).click()
    await pc.getByRole('heading', { name: `Receipt ${receipt.number}` }).waitFor()
    const summary = pc.getByRole('region', { name: 'Receipt summary' })
    const fact = (term: string) => summary.locator(`dt:text-is("${term}") + dd`)
    await expect(text(fact('Date'))).resolves.toBe('06/16/2026, 01:30 AM')
    await expect(text(fact('Business day'))).resolves.toBe('06/16/2026')
    await expectAccessible(pc, 'the receipt on the store’s clock')
  })
})
