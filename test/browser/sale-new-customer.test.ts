import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addLoyalCustomer, fillItems, fillPayments, goToNewSale, saveSale, startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * A customer not in the store yet, added from the sale without leaving it (guide 002): the
 * dialog names a likely duplicate, refuses a bad email beside the field, keeps what was typed
 * over a reload, and the sale goes on with the new customer, who earns its points.
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
    await page.getByRole('button', { name: 'New customer…' }).click()
    const dialog = page.getByRole('dialog', { name: 'New customer' })
    await dialog.waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-customer-first-name')
    await dialog.getByLabel('First name').fill('Grace')
    await dialog.getByLabel('Last name').fill('Hopper')
    await dialog.getByLabel('Email').fill('ada@example.com')
    await expectText(dialog, 'Possible duplicate.')
    await expectText(dialog, 'Ada Lovelace')
    await expectAccessible(page, 'the New customer dialog with a possible duplicate', dialog)
    await dialog.getByLabel('Email').fill('grace@example')
    await dialog.getByRole('button', { name: 'Add customer' }).click()
    await expectText(dialog, 'Not a valid email address')
    expect(await desk.app.core.ok('customers:search', { query: 'Hopper', period: 'all', limit: 5 })).toMatchObject({ rows: [] })

    // Kept as it is typed (a moment after the last key): the reload finds it.
    await page.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('grace@example"')))
    await page.reload()
    await page.getByRole('button', { name: 'New customer…' }).click()
    await expect.poll(() => dialog.getByLabel('Last name').inputValue()).toBe('Hopper')
    expect(await dialog.getByLabel('Email').inputValue()).toBe('grace@example')
  })

  it('adds the customer to the sale, which then earns them points', async () => {
    const dialog = page.getByRole('dialog', { name: 'New customer' })
    await dialog.getByLabel('Email').fill('grace@example.com')
    await dialog.getByLabel('Phone').fill('(202) 555-0143')
    await dialog.getByRole('button', { name: 'Add customer' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expectText(page, 'Customer added')
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
    // Saved: the dialog's draft is gone.
    await goToNewSale(page)
    await page.getByRole('button', { name: 'New customer…' }).click()
    expect(await page.getByRole('dialog', { name: 'New customer' }).getByLabel('First name').inputValue()).toBe('')
  })
})
