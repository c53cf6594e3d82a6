import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { addCustomer, customerRow, fillCustomerForm, goToCustomers, search, shownCount, startCustomerApp, type CustomerApp } from '../support/customers'
import { expectText, fieldMessage } from '../support/ui'

describe('a refused save: messages next to the fields, nothing saved, nothing lost', () => {
  let ctx: CustomerApp
  let page: Page
  const count = async () => (await ctx.app.core.ok('customers:search', { period: 'all', status: 'all' })).total

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    await addCustomer(ctx.app, { firstName: 'Existing', lastName: 'Person', username: 'taken.name' })
  })
  afterAll(async () => ctx?.app.close())

  it('says which fields are missing or malformed before sending anything', async () => {
    await page.getByRole('button', { name: 'New customer' }).click()
    await fillCustomerForm(page, { firstName: '', email: 'not-an-email', password: 'short' })
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await fieldMessage(page, 'customer-first-name')).toBe('First name is required')
    expect(await fieldMessage(page, 'customer-email')).toBe('Not a valid email address')
    expect(await fieldMessage(page, 'customer-password')).toBe('Password needs at least 8 characters')
    await expectText(page, 'Customer not saved')
    expect(await count()).toBe(1)
    await expectAccessible(page, 'the customer form with its messages')
  })

  it('shows main refusing a duplicate username next to the field, keeping everything typed', async () => {
    await fillCustomerForm(page, { firstName: 'Newcomer', lastName: 'Smith', email: 'newcomer@example.com', password: 'long enough pass', username: 'taken.name', city: 'Portland' })
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await fieldMessage(page, 'customer-username')).toMatch(/taken|already|use/i)
    expect(await count()).toBe(1)
    for (const [label, value] of [['First name', 'Newcomer'], ['Email', 'newcomer@example.com'], ['City', 'Portland'], ['Username', 'taken.name']]) {
      await expect(page.getByLabel(label!, { exact: true }).inputValue()).resolves.toBe(value)
    }
    await page.getByLabel('Username').fill('newcomer.smith')
    await page.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'Customer Created Successfully')
    // Saved: the new customer's page opens.
    await page.getByRole('heading', { level: 1, name: 'Newcomer Smith' }).waitFor()
    expect(await count()).toBe(2)
  })

  it('has main refuse a bad email and a bad phone itself, whatever the page sends', async () => {
    const stores = await ctx.app.core.ok('stores:list', {})
    const direct = await page.evaluate(
      (storeIds) => window.backroom.customers.create({ firstName: 'Mallory', email: 'mallory@', phone: '12', storeIds }),
      stores.map((s) => s.id),
    )
    expect(direct.ok).toBe(false)
    if (!direct.ok) {
      expect(direct.error.code).toBe('VALIDATION')
      expect(direct.error.fields?.email).toBe('Not a valid email address')
    }
    expect(await count()).toBe(2)
  })

  it('shows a phone main cannot read as a phone number next to the field', async () => {
    await goToCustomers(page)
    await page.getByRole('button', { name: 'New customer' }).click()
    await fillCustomerForm(page, { firstName: 'Pat', phone: '12' })
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await fieldMessage(page, 'customer-phone')).not.toBe('')
    expect(await count()).toBe(2)
    // What was typed is asked about before it is left.
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('alertdialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard changes' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })

  it('refuses a gift card number another customer has with other spaces and dashes, saying so, and finds them by it', async () => {
    await addCustomer(ctx.app, { firstName: 'Card', lastName: 'Holder', giftCardNumber: '1234 5678' })
    const before = await count()
    await goToCustomers(page)
    await page.getByRole('button', { name: 'New customer' }).click()
    await fillCustomerForm(page, { firstName: 'Second', lastName: 'Card', giftCardNumber: '1234-5678' })
    await page.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'Customer not saved')
    const card = page.getByLabel('Gift card number', { exact: true })
    // The message is the field's own description, read out with it.
    await expect.poll(() => card.getAttribute('aria-invalid')).toBe('true')
    const describedBy = await card.getAttribute('aria-describedby')
    expect(describedBy).toBeTruthy()
    expect((await page.locator(`#${describedBy}`).textContent())?.trim()).toBe(
      'That gift card number is already taken: another customer has 1234 5678 (spaces, dashes, dots and capitals make no difference)',
    )
    expect(await count()).toBe(before)
    await expectAccessible(page, 'the customer form refusing a gift card number written another way')
    await card.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('customer-gift-card-taken') })

    await card.fill('1234-5679')
    await page.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'Customer Created Successfully')
    await page.getByRole('heading', { level: 1, name: 'Second Card' }).waitFor()
    expect(await count()).toBe(before + 1)

    // The list finds the holder by the card typed either way.
    await goToCustomers(page)
    for (const typed of ['12345678', '1234-5678']) {
      await search(page, typed)
      await customerRow(page, 'Card Holder').waitFor()
      expect(await shownCount(page), `search "${typed}"`).toBe(1)
    }
  })
})
