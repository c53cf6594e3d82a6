import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCustomer, customerRow, goToCustomers, rowAction, solidPng, startCustomerApp, type CustomerApp } from '../support/customers'
import { expectAccessible } from '../support/axe'
import { expectText } from '../support/ui'
import { customerFieldsSchema } from '../../electron/contract/customers'
import type { CommandInput } from '../../electron/contract'

describe('editing a customer and reading the change history', () => {
  let ctx: CustomerApp
  let page: Page
  let customerId: string

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    const photo = `data:image/png;base64,${solidPng(32, [20, 160, 90]).toString('base64')}`
    customerId = (
      await addCustomer(ctx.app, { firstName: 'Linus', lastName: 'Pauling', email: 'linus@example.com', username: 'lpauling', photo, photoThumbnail: photo })
    ).id
    await page.reload()
  })
  afterAll(async () => ctx?.app.close())

  it('edits from the row menu, shows the banner and returns to the list with the new values', async () => {
    await rowAction(page, 'Linus Pauling', 'Edit')
    await page.getByRole('heading', { name: 'Edit customer' }).waitFor()
    await expect(page.getByLabel('Email', { exact: true }).inputValue()).resolves.toBe('linus@example.com')
    await page.getByLabel('Email', { exact: true }).fill('pauling@example.org')
    await page.getByLabel('Gift card number').fill('GC-42')
    await expectAccessible(page, 'the edit customer form')
    await page.getByRole('button', { name: 'Update' }).click()
    await expectText(page, 'Customer Updated Successfully')
    // Started from the list: back to the list.
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    const row = customerRow(page, 'Linus Pauling')
    await expect(row.textContent()).resolves.toContain('pauling@example.org')
    await expect(row.textContent()).resolves.toContain('GC-42')
    // The photo was not touched, so it was not sent, and main kept it.
    expect((await ctx.app.core.ok('customers:get', { id: customerId })).photo).not.toBeNull()
    await row.getByRole('img', { name: 'Photo of Linus Pauling' }).waitFor()
  })

  it('never lets a saved username be changed', async () => {
    await rowAction(page, 'Linus Pauling', 'Edit')
    const username = page.getByLabel('Username')
    await expect(username.inputValue()).resolves.toBe('lpauling')
    await expect(username.getAttribute('readonly')).resolves.not.toBeNull()
    await expectText(page, 'A username cannot be changed once saved')
    // Main refuses it too, whatever the page sends.
    const direct = await page.evaluate(async (id) => {
      const current = await window.backroom.customers.get({ id })
      if (!current.ok) return current
      const { firstName, storeIds } = current.data
      return window.backroom.customers.update({ id, firstName, storeIds, username: 'someone-else' })
    }, customerId)
    expect(direct.ok).toBe(false)
    expect((await ctx.app.core.ok('customers:get', { id: customerId })).username).toBe('lpauling')
    await page.getByRole('button', { name: 'Cancel' }).click()
  })

  it('lists each change with who made it, the field by its label, the old and the new value', async () => {
    await customerRow(page, 'Linus Pauling').getByRole('link', { name: 'Linus Pauling' }).click()
    await page.getByRole('tab', { name: 'Change history' }).click()
    const history = page.getByRole('table', { name: 'Change history' })
    const emailChange = history.getByRole('row').filter({ hasText: 'pauling@example.org' })
    await emailChange.waitFor()
    const cells = await emailChange.getByRole('cell').allTextContents()
    expect(cells.slice(1)).toEqual(['Olivia Owner', 'Email', 'linus@example.com', 'pauling@example.org'])
    const giftCard = await history.getByRole('row').filter({ hasText: 'GC-42' }).getByRole('cell').allTextContents()
    expect(giftCard.slice(1)).toEqual(['Olivia Owner', 'Gift card number', '—', 'GC-42'])
    // The address keeps the open tab: a reload comes back to the history.
    await page.reload()
    await history.getByRole('row').filter({ hasText: 'GC-42' }).waitFor()
    await goToCustomers(page)
  })

  it('returns to the customer’s page after an edit started there, with no draft offered afterwards', async () => {
    await customerRow(page, 'Linus Pauling').getByRole('link', { name: 'Linus Pauling' }).click()
    await page.getByRole('heading', { level: 1, name: 'Linus Pauling' }).waitFor()
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    await page.getByRole('heading', { name: 'Edit customer' }).waitFor()
    await page.getByLabel('Nickname').fill('Lin')
    await page.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('"Lin"')))
    await page.getByRole('button', { name: 'Update' }).click()
    await expectText(page, 'Customer Updated Successfully')
    await page.getByRole('heading', { level: 1, name: 'Linus Pauling' }).waitFor()
    await expectAccessible(page, 'the customer page after an edit')
    // Opening the form again, saved and untouched: no "unsaved changes" banner.
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    await expect(page.getByLabel('Nickname').inputValue()).resolves.toBe('Lin')
    await expect(page.getByText(/Unsaved changes from/).count()).resolves.toBe(0)
    // Leaving it untouched asks nothing and leaves no draft to offer next time.
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('heading', { level: 1, name: 'Linus Pauling' }).waitFor()
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    await page.getByRole('heading', { name: 'Edit customer' }).waitFor()
    await expect(page.getByText(/Unsaved changes from/).count()).resolves.toBe(0)
    await page.getByRole('button', { name: 'Cancel' }).click()
  })

  /** Another user saves the customer with `change` (the PC locked, a colleague at another desk…). */
  async function saveAsColleague(change: Partial<CommandInput<'customers:update'>>) {
    const { id: _id, ...now } = await ctx.app.core.ok('customers:get', { id: customerId })
    const fields = Object.fromEntries(Object.entries(now).filter(([name]) => name in customerFieldsSchema.shape && !['photo', 'photoThumbnail', 'password'].includes(name)))
    await ctx.app.core.ok('customers:update', { ...(fields as unknown as CommandInput<'customers:update'>), id: customerId, ...change, loaded: fields as never })
  }

  it('puts back only the fields typed in an unsaved edit: a field another user saved since keeps their value, and is not written back', async () => {
    await page.goto(`${ctx.app.host.origin}/#/customers/${customerId}/edit`)
    await page.getByRole('heading', { name: 'Edit customer' }).waitFor()
    await page.getByLabel('City').fill('Pasadena')
    await page.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('"Pasadena"')))
    // Meanwhile (the PC locked, a colleague at another desk…) someone else saves the phone.
    await saveAsColleague({ phone: '(415) 555-0199' })
    // The edit comes back after a reload (or a crash): what was typed, over the customer as saved now.
    await page.reload()
    await expectText(page, /Unsaved changes from .* were restored/)
    await expect(page.getByLabel('City').inputValue()).resolves.toBe('Pasadena')
    await expect(page.getByLabel('Phone', { exact: true }).inputValue()).resolves.toBe('(415) 555-0199')
    await page.getByRole('button', { name: 'Update' }).click()
    await expectText(page, 'Customer Updated Successfully')
    const saved = await ctx.app.core.ok('customers:get', { id: customerId })
    expect({ city: saved.city, phone: saved.phone }).toEqual({ city: 'Pasadena', phone: '(415) 555-0199' })
  })

  it('keeps a field both the user and a colleague changed as the colleague saved it, naming what was typed', async () => {
    await page.goto(`${ctx.app.host.origin}/#/customers/${customerId}/edit`)
    await page.getByRole('heading', { name: 'Edit customer' }).waitFor()
    await page.getByLabel('City').fill('Glendale')
    await page.getByLabel('Nickname').fill('Mine')
    await page.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('"Glendale"')))
    // A colleague saves another nickname meanwhile.
    await saveAsColleague({ nickname: 'Theirs' })
    await page.reload()
    await expectText(page, /Unsaved changes from .* were restored/)
    expect(await page.getByTestId('draft-changed-since').textContent()).toBe('Nickname (yours was “Mine”)')
    await expect(page.getByLabel('Nickname').inputValue()).resolves.toBe('Theirs')
    await expect(page.getByLabel('City').inputValue()).resolves.toBe('Glendale')
    await expectAccessible(page, 'an edit draft with a field saved since by someone else')
    await page.getByRole('button', { name: 'Update' }).click()
    await expectText(page, 'Customer Updated Successfully')
    const saved = await ctx.app.core.ok('customers:get', { id: customerId })
    expect({ city: saved.city, nickname: saved.nickname }).toEqual({ city: 'Glendale', nickname: 'Theirs' })
  })
})
