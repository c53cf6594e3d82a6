import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { simpleSale } from '../support/sales'
import { choose, expectText, expectToast } from '../support/ui'
import {
  addCustomer,
  addStaff,
  customerRow,
  FLAG_RED,
  goToCustomers,
  nameLook,
  openSignedIn,
  rowAction,
  search,
  shownCount,
  startCustomerApp,
  type CustomerApp,
} from '../support/customers'

// What erasing really does: receipts stay (the old wording said order information went).
const WARNING = "Their receipts stay in the store's accounts, with no name on them."

describe('deleting a customer: inactivate by default, restore, erase only with its permission', () => {
  let ctx: CustomerApp
  let page: Page
  let henryId: string
  let henrysReceipt: { id: string; number: string }

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    henryId = (await addCustomer(ctx.app, { firstName: 'Henry', lastName: 'Ford', email: 'henry@example.com' })).id
    henrysReceipt = await ctx.app.core.ok('sales:create', simpleSale(henryId, 2500))
    await addCustomer(ctx.app, { firstName: 'Edsel', lastName: 'Ford' })
    await page.reload()
  })
  afterAll(async () => ctx?.app.close())

  it('asks first, then inactivates: the customer leaves the list and searches', async () => {
    await rowAction(page, 'Henry Ford', 'Delete')
    const dialog = page.getByRole('dialog', { name: 'Delete customer' })
    await expect(dialog.textContent()).resolves.toContain(WARNING)
    await expect(dialog.getByLabel("Also erase this customer's history").isChecked()).resolves.toBe(false)
    await expectAccessible(page, 'the delete dialog', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await customerRow(page, 'Henry Ford').waitFor()

    await rowAction(page, 'Henry Ford', 'Delete')
    await page.getByRole('dialog', { name: 'Delete customer' }).getByRole('button', { name: 'Delete', exact: true }).click()
    await expectText(page, 'Customer inactivated successfully')
    await search(page, 'Ford')
    expect(await shownCount(page)).toBe(1)
    expect(await customerRow(page, 'Henry Ford').count()).toBe(0)
    const kept = await ctx.app.core.ok('customers:get', { id: henryId })
    expect(kept).toMatchObject({ active: false, email: 'henry@example.com' })
  })

  it('takes an inactivation back with Undo in its toast', async () => {
    await search(page, '')
    await rowAction(page, 'Edsel Ford', 'Delete')
    await page.getByRole('dialog', { name: 'Delete customer' }).getByRole('button', { name: 'Delete', exact: true }).click()
    const toast = page.locator('.p-toast-message').filter({ hasText: 'Customer inactivated successfully' })
    await expectAccessible(page, 'the inactivation toast with Undo')
    await toast.last().getByRole('button', { name: 'Undo' }).click()
    await expectText(page, 'Edsel Ford restored')
    await customerRow(page, 'Edsel Ford').waitFor()
    await expect(ctx.app.core.ok('customers:search', { query: 'Edsel' })).resolves.toMatchObject({ total: 1 })
  })

  it('finds the inactive customer under the Inactive filter and restores them', async () => {
    await choose(page, 'Status', 'Inactive')
    await customerRow(page, 'Henry Ford').waitFor()
    expect(await shownCount(page)).toBe(1)
    await expect(customerRow(page, 'Henry Ford').textContent()).resolves.toContain('Inactive')
    await rowAction(page, 'Henry Ford', 'Restore')
    await expectToast(page, 'Customer restored')
    await choose(page, 'Status', 'Active')
    await expect.poll(() => shownCount(page)).toBe(2)
    await customerRow(page, 'Henry Ford').waitFor()
  })

  it('offers a staff member allowed to delete no erase option, and main refuses them erasing', async () => {
    const password = await addStaff(ctx.app, { displayName: 'Dee Leter', username: 'dee', permissionOverrides: { delete_customers: true } })
    const staff = await openSignedIn(ctx.app, 'dee', password)
    await rowAction(staff, 'Henry Ford', 'Delete')
    const dialog = staff.getByRole('dialog', { name: 'Delete customer' })
    await dialog.getByRole('button', { name: 'Delete', exact: true }).waitFor()
    expect(await dialog.getByLabel("Also erase this customer's history").count()).toBe(0)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    const direct = await staff.evaluate((id) => window.backroom.customers.erase({ id }), henryId)
    expect(direct).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await staff.getByRole('button', { name: 'Actions for Edsel Ford' }).count()).toBe(1)
  })

  it('erases the history for good when the owner ticks the box, after the warning', async () => {
    await search(page, 'Henry')
    await rowAction(page, 'Henry Ford', 'Delete')
    const dialog = page.getByRole('dialog', { name: 'Delete customer' })
    await dialog.getByLabel("Also erase this customer's history").check()
    await expect(dialog.textContent()).resolves.toContain('it cannot be undone')
    // What anyone typed about Henry and left unsaved on this PC (another customer's draft stays).
    const drafts = [`backroom.draft.customer.u1.${henryId}`, `backroom.draft.feedback.u2.${henryId}:r1`, 'backroom.draft.flag.u1.someone-else']
    await page.evaluate((keys) => keys.forEach((key) => localStorage.setItem(key, '{"values":{"notes":"Henry’s gate code 4711"}}')), drafts)
    await dialog.getByRole('button', { name: 'Delete and erase history' }).click()
    await expectText(page, 'Customer and history erased')
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('backroom.draft.')))).toEqual(['backroom.draft.flag.u1.someone-else'])
    await choose(page, 'Status', 'All')
    await search(page, 'henry@example.com')
    expect(await shownCount(page)).toBe(0)
  })

  it("keeps the erased customer's receipts, saying \"Erased customer\" as plain text, not a link to a page that is gone", async () => {
    await page.evaluate((hash) => (location.hash = hash), `#/receipts/${henrysReceipt.id}`)
    await page.getByRole('heading', { name: `Receipt ${henrysReceipt.number}` }).waitFor()
    const summary = page.getByRole('region', { name: 'Receipt summary' })
    await summary.getByText('Erased customer', { exact: true }).waitFor()
    expect(await summary.getByRole('link').count()).toBe(0)
    expect(await page.getByText('Henry').count()).toBe(0)
    // Feedback is for a customer who is still there.
    expect(await page.getByRole('button', { name: 'Record feedback' }).count()).toBe(0)
    await expectAccessible(page, "an erased customer's receipt")
  })

  it('names a flagged customer in red with the flag, and its reason, before deleting them', async () => {
    const reason = 'Banned: threatened staff'
    const flagged = await addCustomer(ctx.app, { firstName: 'Fred', lastName: 'Flag' })
    await ctx.app.core.ok('customers:setFlag', { id: flagged.id, flagged: true, reason })
    await goToCustomers(page)
    await search(page, 'Fred Flag')
    await rowAction(page, 'Fred Flag', 'Delete')
    const dialog = page.getByRole('dialog', { name: 'Delete customer' })
    // The reason is read with the name where no link or button carries it as a description.
    await expectText(dialog, `Delete Fred Flag (flagged: ${reason})?`)
    expect(await nameLook(dialog.locator('.customer-name'))).toEqual({ color: FLAG_RED, flag: true, title: `Flagged: ${reason}` })
    await expectAccessible(page, 'the delete dialog of a flagged customer', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })
})
