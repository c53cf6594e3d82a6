import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addCustomer, customerRow, goToCustomers, search, shownCount, startCustomerApp, type CustomerApp } from '../support/customers'
import { simpleSale } from '../support/sales'
import { choose, expectText } from '../support/ui'

/**
 * Merged and erased customers are not inactive ones: a merged customer lives on in the one it
 * was merged into, an erased one is gone. Neither is in the customer table, whichever status is
 * chosen; a screen of a merged customer opened before the merge says whom it was merged into
 * when it tries to save, and an old link to its metrics opens the other customer's.
 */
describe('merged and erased customers at the desk', () => {
  let ctx: CustomerApp
  let page: Page
  const ids = { maria: '', mary: '' }
  let marysReceipt = ''
  const MERGED = 'This customer was merged into Maria Lopez (#1); open Maria Lopez instead'

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    const core = ctx.app.core
    ids.maria = (await addCustomer(ctx.app, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0101' })).id
    ids.mary = (await addCustomer(ctx.app, { firstName: 'Mary', lastName: 'Lopes', phone: '(212) 555-0199' })).id
    marysReceipt = (await core.ok('sales:create', simpleSale(ids.mary, 4200))).number
    const ina = await addCustomer(ctx.app, { firstName: 'Ina', lastName: 'Inactive' })
    await core.ok('customers:inactivate', { id: ina.id })
    const erin = await addCustomer(ctx.app, { firstName: 'Erin', lastName: 'Erased' })
    await core.ok('sales:create', simpleSale(erin.id, 1000))
    await core.ok('customers:erase', { id: erin.id })
  })
  afterAll(async () => ctx?.app.close())

  it('says, on a screen opened before the merge, whom the customer was merged into, instead of "restore them first"', async () => {
    await page.evaluate((hash) => (location.hash = hash), `#/customers/${ids.mary}/metrics`)
    await page.getByRole('heading', { name: 'Mary Lopes' }).waitFor()
    // Meanwhile, at another desk, Mary is merged into Maria.
    await ctx.app.core.ok('duplicates:merge', { survivorId: ids.maria, mergedId: ids.mary, keep: {} })

    await page.getByRole('button', { name: 'Record feedback' }).click()
    const dialog = page.getByRole('dialog', { name: 'Feedback from Mary Lopes' })
    await dialog.getByLabel('Positive').check()
    await dialog.getByLabel('Comment').fill('Loved the fitting')
    await dialog.getByRole('button', { name: 'Save feedback' }).click()
    await expectText(dialog, MERGED)
    expect(await dialog.getByText('restore them first').count()).toBe(0)
    await expectAccessible(page, 'the feedback dialog of a customer merged meanwhile', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await ctx.app.core.services.db('feedback').count({ n: '*' })).toEqual([{ n: 0 }])
  })

  it('opens an old link to the merged customer’s metrics as the metrics of the customer it was merged into', async () => {
    await page.reload()
    await expectText(page, 'The customer you opened was merged into this one.')
    await page.getByRole('heading', { name: 'Maria Lopez' }).waitFor()
    expect(page.url()).toContain(ids.maria)
    // Mary's sale is Maria's now.
    await page.getByRole('link', { name: marysReceipt }).waitFor()
    await expectAccessible(page, 'a merged customer’s metrics opened')
  })

  it('lists neither the merged nor the erased customer, under Inactive or All; the merged one’s name finds the other', async () => {
    await goToCustomers(page)
    await choose(page, 'Status', 'Inactive')
    await customerRow(page, 'Ina Inactive').waitFor()
    await expect.poll(() => shownCount(page)).toBe(1)
    expect(await customerRow(page, 'Mary Lopes').count()).toBe(0)
    await expectAccessible(page, 'the inactive customers, with no merged or erased one')

    await choose(page, 'Status', 'All')
    await expect.poll(() => shownCount(page)).toBe(2)
    await customerRow(page, 'Maria Lopez').waitFor()
    await customerRow(page, 'Ina Inactive').waitFor()
    for (const gone of ['Mary Lopes', 'Erin Erased', 'Erased customer']) expect(await customerRow(page, gone).count(), gone).toBe(0)

    await search(page, 'Lopes')
    await expect.poll(() => shownCount(page)).toBe(1)
    await customerRow(page, 'Maria Lopez').waitFor()
    await expectAccessible(page, 'all customers searched by the merged customer’s name')
  })

  it('shows, in a dialog with no customer field, why the customer cannot be written to (inactivated meanwhile)', async () => {
    const ivy = await addCustomer(ctx.app, { firstName: 'Ivy', lastName: 'Later' })
    await page.evaluate((hash) => (location.hash = hash), `#/customers/${ivy.id}/metrics`)
    await page.getByRole('heading', { name: 'Ivy Later' }).waitFor()
    // Meanwhile, at another desk, Ivy is inactivated. The refusal names the customer, a value the dialog does not show.
    await ctx.app.core.ok('customers:inactivate', { id: ivy.id })
    await page.getByRole('button', { name: 'Record feedback' }).click()
    const dialog = page.getByRole('dialog', { name: 'Feedback from Ivy Later' })
    await dialog.getByLabel('Negative').check()
    await dialog.getByLabel('Comment').fill('Waited too long')
    await dialog.getByRole('button', { name: 'Save feedback' }).click()
    await expectText(dialog, 'This customer is inactive; restore them first')
    await expectAccessible(page, 'the feedback dialog of a customer inactivated meanwhile', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })
})
