import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { fillDate } from '../support/customers'
import { addLoyalCustomer, fillItems, fillPayments, goToNewSale, saveSale, startDeskApp, type DeskApp } from '../support/desk'
import { expectText, expectToast, fieldMessage } from '../support/ui'

/** What the customer's page (Details) shows beside `label`. */
async function detail(page: Page, label: string): Promise<string> {
  const value = page.locator(`dt:text-is("${label}") + dd`)
  await value.waitFor()
  return (await value.textContent())?.trim() ?? ''
}

/** Opens the sale's New customer dialog. */
async function openNewCustomer(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New customer…' }).click()
  const dialog = page.getByRole('dialog', { name: 'New customer' })
  await dialog.waitFor()
  return dialog
}

/**
 * A customer not in the store yet, added from the sale without leaving it (guide 002): the
 * dialog names a likely duplicate, refuses a bad email and a future birth date beside the field,
 * takes the consent given at the desk, the date of birth and (behind "Additional information")
 * the driver's licence, keeps what was typed over a reload, and the sale goes on with the new
 * customer, who earns its points. The medical fields show only in a medical shop.
 */
describe('a new customer from the sale', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    await addLoyalCustomer(desk.app, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
  })
  afterAll(async () => desk?.app.close())

  it('warns of a likely duplicate and refuses a bad email, keeping what was typed over a reload', async () => {
    await goToNewSale(page)
    const dialog = await openNewCustomer(page)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-customer-first-name')
    await dialog.getByLabel('First name').fill('Grace')
    await dialog.getByLabel('Last name').fill('Hopper')
    await dialog.getByLabel('Email', { exact: true }).fill('ada@example.com')
    await expectText(dialog, 'Possible duplicate.')
    await expectText(dialog, 'Ada Lovelace')
    await expectAccessible(page, 'the New customer dialog with a possible duplicate', dialog)
    await dialog.getByLabel('Email', { exact: true }).fill('grace@example')
    await dialog.getByRole('button', { name: 'Add customer' }).click()
    await expectText(dialog, 'Not a valid email address')
    expect(await desk.app.core.ok('customers:search', { query: 'Hopper', period: 'all', limit: 5 })).toMatchObject({ rows: [] })

    // The consent taken at the desk, the nickname and the licence behind the switch (this is no medical shop).
    await expect.poll(() => dialog.getByRole('button', { name: 'Add customer' }).isEnabled()).toBe(true)
    await dialog.getByLabel('Nickname').fill('Amazing Grace')
    await dialog.getByLabel('SMS opt-in').check()
    await expect(dialog.getByLabel("Driver's licence number").isVisible()).resolves.toBe(false)
    await dialog.getByLabel('Additional information').check()
    await dialog.getByLabel("Driver's licence number").fill('H-1906')
    expect(await dialog.getByLabel('Medical number').count()).toBe(0)

    // Kept as it is typed (a moment after the last key): the reload finds it, new fields too.
    await page.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('grace@example"') && draft.includes('H-1906')))
    await page.reload()
    await openNewCustomer(page)
    await expect.poll(() => dialog.getByLabel('Last name').inputValue()).toBe('Hopper')
    expect(await dialog.getByLabel('Email', { exact: true }).inputValue()).toBe('grace@example')
    expect(await dialog.getByLabel('Nickname').inputValue()).toBe('Amazing Grace')
    expect(await dialog.getByLabel('SMS opt-in').isChecked()).toBe(true)
    // A licence put back opens the part it is in.
    expect(await dialog.getByLabel('Additional information').isChecked()).toBe(true)
    expect(await dialog.getByLabel("Driver's licence number").inputValue()).toBe('H-1906')
  })

  it('refuses a birth date in the future beside the field, as the full form does', async () => {
    const dialog = page.getByRole('dialog', { name: 'New customer' })
    await dialog.getByLabel('Email', { exact: true }).fill('grace@example.com')
    await dialog.getByLabel('Phone').fill('(202) 555-0143')
    await dialog.getByLabel('Email opt-in').check()
    await fillDate(dialog, 'Date of birth', '2030-01-01')
    await dialog.getByRole('button', { name: 'Add customer' }).click()
    expect(await fieldMessage(page, 'quick-customer-date-of-birth')).toBe('Date of birth cannot be in the future')
    expect(await desk.app.core.ok('customers:search', { query: 'Hopper', period: 'all', limit: 5 })).toMatchObject({ rows: [] })
    await expect.poll(() => dialog.getByRole('button', { name: 'Add customer' }).isEnabled()).toBe(true)
    await fillDate(dialog, 'Date of birth', '1906-12-09')
    await fillDate(dialog, "Driver's licence expiry", '2028-12-09')
    await expectAccessible(page, 'the New customer dialog with Additional information open', dialog)
  })

  it('adds the customer to the sale, which then earns them points, with the consent and date saved', async () => {
    const dialog = page.getByRole('dialog', { name: 'New customer' })
    await dialog.getByRole('button', { name: 'Add customer' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expectToast(page, 'Customer added')
    const picked = page.getByTestId('sale-customer')
    await expectText(picked, 'Grace Hopper')
    await expectText(picked, 'grace@example.com')
    // The sale goes on where it would after picking a customer: the first item.
    const itemId = await page.getByRole('group', { name: 'Item 1' }).getByLabel('Item', { exact: true }).getAttribute('id')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(itemId)
    await expectAccessible(page, 'the new sale with the new customer')

    await fillItems(page, [{ name: 'Notebook', quantity: 1, unitPrice: '20.00' }])
    await fillPayments(page, [{ method: 'cash', amount: '20' }])
    await saveSale(page)
    const [grace] = (await desk.app.core.ok('customers:search', { query: 'Hopper', period: 'all', limit: 5 })).rows
    expect(grace).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' })
    expect(grace.loyaltyPoints).toBeGreaterThan(0)
    expect((await desk.app.core.ok('receipts:listForCustomer', { customerId: grace.id, period: 'thisYear' })).rows).toHaveLength(1)

    // The customer's page says what the desk typed and the consent given there.
    await page.goto(`${desk.app.host.origin}/#/customers/${grace.id}`)
    await page.getByRole('tab', { name: 'Details' }).waitFor()
    expect(await detail(page, 'Nickname')).toBe('Amazing Grace')
    expect(await detail(page, 'Phone')).toMatch(/555.0143 \(opted in\)$/)
    expect(await detail(page, 'Email')).toBe('grace@example.com (opted in)')
    // In the store's date format (a US store), as Registered is.
    expect(await detail(page, 'Date of birth')).toBe('12/09/1906')
    expect(await detail(page, "Driver's licence")).toBe('H-1906 · expires 12/09/2028')
    expect(await desk.app.core.ok('customers:get', { id: grace.id })).toMatchObject({ smsOptIn: true, emailOptIn: true, dateOfBirth: '1906-12-09' })

    // Saved: the dialog's draft is gone.
    await goToNewSale(page)
    const again = await openNewCustomer(page)
    expect(await again.getByLabel('First name').inputValue()).toBe('')
    expect(await again.getByLabel('SMS opt-in').isChecked()).toBe(false)
    expect(await again.getByLabel('Additional information').isChecked()).toBe(false)
    await again.getByRole('button', { name: 'Cancel' }).click()
  })

  it('in a medical shop, also takes the medical number and its expiry', async () => {
    const settings = await desk.app.core.ok('settings:get', {})
    await desk.app.core.ok('settings:update', { ...settings, medicalShop: true })
    await page.reload()
    await goToNewSale(page)
    const dialog = await openNewCustomer(page)
    await dialog.getByLabel('First name').fill('Florence')
    await dialog.getByLabel('Last name').fill('Nightingale')
    await dialog.getByLabel('Additional information').check()
    await dialog.getByLabel('Medical number').fill('MED-1820')
    await fillDate(dialog, 'Medical expiry', '2027-05-12')
    await expectAccessible(page, 'the New customer dialog in a medical shop', dialog)
    await dialog.getByRole('button', { name: 'Add customer' }).click()
    await dialog.waitFor({ state: 'detached' })
    const [florence] = (await desk.app.core.ok('customers:search', { query: 'Nightingale', period: 'all', limit: 5 })).rows
    expect(await desk.app.core.ok('customers:get', { id: florence.id })).toMatchObject({ medicalNumber: 'MED-1820', medicalExpiry: '2027-05-12' })
  })
})
