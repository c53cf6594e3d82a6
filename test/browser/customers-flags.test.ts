import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import {
  addCustomer,
  addStaff,
  customerRow,
  FLAG_RED,
  goToCustomers,
  nameLook,
  openSignedIn,
  search,
  startCustomerApp,
  type CustomerApp,
} from '../support/customers'
import { expectToast, fieldMessage } from '../support/ui'

const REASON = 'Tried to sell a bike reported stolen'

/** An element's accessible description from aria-describedby, as a screen reader reads it on focus. */
function accessibleDescription(element: Locator): Promise<string> {
  return element.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  )
}

describe('flagging a customer, as guide 003 describes it', () => {
  let ctx: CustomerApp
  let page: Page
  let customerId: string
  const nameInTable = () => customerRow(page, 'Victor Vance').locator('.customer-name')

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    customerId = (await addCustomer(ctx.app, { firstName: 'Victor', lastName: 'Vance', phone: '(415) 555-2671' })).id
    await addCustomer(ctx.app, { firstName: 'Vera', lastName: 'Vance' })
    await page.reload()
  })
  afterAll(async () => ctx?.app.close())

  it('refuses a flag without a reason, then flags with one and shows who and when', async () => {
    await customerRow(page, 'Victor Vance').getByRole('link', { name: 'Victor Vance' }).click()
    await page.getByLabel('Flag customer?').check()
    await page.getByRole('button', { name: 'Flag customer' }).click()
    expect(await fieldMessage(page, 'flag-reason')).toBe('Give a reason for flagging')
    expect((await ctx.app.core.ok('customers:get', { id: customerId })).flag.flagged).toBe(false)

    await page.getByLabel('Flagged reason').fill(REASON)
    await page.getByRole('button', { name: 'Flag customer' }).click()
    await expectToast(page, 'Customer flagged')
    await expect(page.getByTestId('flag-state').textContent()).resolves.toMatch(new RegExp(`Flagged by Olivia Owner on .*${REASON}`))
    const heading = page.getByRole('heading', { level: 1 }).locator('.customer-name')
    expect(await nameLook(heading)).toEqual({ color: FLAG_RED, flag: true, title: `Flagged: ${REASON}` })
    // Not only on hover: a screen reader reads the reason with the heading.
    await page.getByRole('heading', { level: 1, name: `Victor Vance (flagged: ${REASON})` }).waitFor()
    await expectAccessible(page, 'a flagged customer’s page')

    const history = page.getByRole('table', { name: 'Customer Flagged History' })
    const cells = await history.getByRole('row').nth(1).getByRole('cell').allTextContents()
    expect(cells[0]).toBe('Flagged')
    expect(cells.slice(2)).toEqual(['Olivia Owner', REASON])
  })

  it('shows the flagged customer in red with a flag in the table and in search results', async () => {
    await goToCustomers(page)
    await nameInTable().waitFor()
    expect(await nameLook(nameInTable())).toEqual({ color: FLAG_RED, flag: true, title: `Flagged: ${REASON}` })
    const other = await nameLook(customerRow(page, 'Vera Vance').locator('.customer-name'))
    expect(other.flag).toBe(false)
    expect(other.color).not.toBe(FLAG_RED)

    // The reason reaches the keyboard and screen readers too: the row's link is described by it
    // (its name stays short), and it shows beside the name while the keyboard is on the link.
    const link = customerRow(page, 'Victor Vance').getByRole('link', { name: 'Victor Vance (flagged)', exact: true })
    expect(await accessibleDescription(link)).toBe(`Flagged: ${REASON}`)
    expect(await accessibleDescription(customerRow(page, 'Vera Vance').getByRole('link', { name: 'Vera Vance', exact: true }))).toBe('')
    // A key pressed last, the focus moved to the link shows as the keyboard's (:focus-visible).
    await page.getByLabel('Search customers').press('End')
    await link.focus()
    await expect.poll(() => page.locator('.flag-tip').textContent()).toBe(`Flagged: ${REASON}`)
    await expectAccessible(page, 'a flagged name with the keyboard on it')
    await link.blur()
    expect(await page.locator('.flag-tip').count()).toBe(0)

    await search(page, '415 555 2671')
    expect(await nameLook(nameInTable())).toMatchObject({ color: FLAG_RED, flag: true })
    await page.screenshot({ path: screenshotPath('customer-table-flagged') })

    await page.getByLabel('Flagged only').check()
    await search(page, 'vance')
    await expect(page.getByRole('table', { name: 'Customers' }).getByRole('row').count()).resolves.toBe(2) // header + Victor
    await page.getByLabel('Flagged only').uncheck()
  })

  it('un-flags: the history keeps both events and the name looks normal again everywhere', async () => {
    await customerRow(page, 'Victor Vance').getByRole('link', { name: 'Victor Vance' }).click()
    await page.getByLabel('Flag customer?').uncheck()
    await page.getByLabel('Reason for un-flagging').fill('Police cleared him')
    await page.getByRole('button', { name: 'Remove flag' }).click()
    await expectToast(page, 'Customer un-flagged')
    const history = page.getByRole('table', { name: 'Customer Flagged History' })
    await history.getByRole('row').filter({ hasText: 'Un-flagged' }).waitFor()
    const actions = await history.getByRole('row').locator('td:first-child').allTextContents()
    expect(actions).toEqual(['Un-flagged', 'Flagged'])
    expect((await nameLook(page.getByRole('heading', { level: 1 }).locator('.customer-name'))).flag).toBe(false)

    await goToCustomers(page)
    await search(page, 'Victor')
    const look = await nameLook(nameInTable())
    expect(look.flag).toBe(false)
    expect(look.color).not.toBe(FLAG_RED)
    expect(look.title).toBeNull()
  })

  it('gives a staff member without the flag permission no flag control, and main refuses them', async () => {
    const password = await addStaff(ctx.app, { displayName: 'Sam Staff', username: 'sam' })
    const staff = await openSignedIn(ctx.app, 'sam', password)
    await staff.goto(`${ctx.app.host.origin}/#/customers/${customerId}`)
    await staff.getByRole('heading', { name: 'Victor Vance' }).waitFor()
    await staff.getByRole('table', { name: 'Customer Flagged History' }).waitFor()
    expect(await staff.getByLabel('Flag customer?').count()).toBe(0)
    const direct = await staff.evaluate((id) => window.backroom.customers.setFlag({ id, flagged: true, reason: 'sneaky' }), customerId)
    expect(direct).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'You do not have permission to do this' } })
    expect((await ctx.app.core.ok('customers:get', { id: customerId })).flag.flagged).toBe(false)
  })
})
