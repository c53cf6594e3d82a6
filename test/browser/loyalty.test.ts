import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import type { CustomerDetail } from '../../electron/contract/customers'
import { addUser } from '../support/core'
import { addLoyalCustomer, customerAction, openMetrics, startDeskApp, typeAmount, type DeskApp } from '../support/desk'
import { simpleSale } from '../support/sales'
import { addCustomer, customerRow, FLAG_RED, nameLook, rowAction } from '../support/customers'
import { choose, expectText, expectToast, fieldMessage } from '../support/ui'

describe('adding and removing loyalty points with a manager’s PIN', () => {
  let desk: DeskApp
  let page: Page
  let dialog: Locator
  let linus: CustomerDetail
  let manager: Awaited<ReturnType<typeof addUser>>

  /** Fills the adjust form and presses its button ("Add points" / "Remove points"). */
  async function adjust(direction: 'Add' | 'Remove', points: string, reason: string, pin: string) {
    await dialog.getByRole('radio', { name: `${direction} points` }).check()
    await typeAmount(dialog.getByLabel('Points', { exact: true }), points)
    await dialog.getByLabel('Reason', { exact: true }).fill(reason)
    await choose(page, 'Approving manager', manager.user.displayName, dialog)
    await dialog.getByLabel('Manager PIN').fill(pin)
    await dialog.getByRole('button', { name: `${direction} points` }).click()
  }

  const balance = async () => (await desk.app.core.ok('loyalty:history', { customerId: linus.id })).balance

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    manager = await addUser(desk.app.core, { role: 'manager', username: 'maria' })
    linus = await addLoyalCustomer(desk.app, { firstName: 'Linus', lastName: 'Pauling' })
    // A $40 sale earns 40 points, so the history has an earned entry with its receipt too.
    await desk.app.core.ok('sales:create', simpleSale(linus.id, 4000))
    await openMetrics(page, 'Linus Pauling')
    await page.getByRole('button', { name: 'Loyalty' }).click()
    dialog = page.getByRole('dialog', { name: 'Loyalty — Linus Pauling' })
    await expect(dialog.getByTestId('loyalty-balance').textContent()).resolves.toBe('40')
  })
  afterAll(async () => desk?.app.close())

  it('refuses a wrong PIN next to the PIN field and changes nothing', async () => {
    await adjust('Add', '25', 'Birthday bonus', '0000')
    expect(await fieldMessage(page, 'loyalty-pin')).toBe('Wrong PIN')
    expect(await balance()).toBe(40)
    await expectAccessible(page, 'the loyalty dialog with a refusal', dialog)
  })

  it('adds points approved by the manager, recording who approved it', async () => {
    await adjust('Add', '25', 'Birthday bonus', manager.pin)
    await expectToast(page, 'Points added')
    // The dialog asks main for the ledger again after the change; wait for that answer.
    await expectText(page, 'Last change: Birthday bonus')
    expect(await dialog.getByTestId('loyalty-balance').textContent()).toBe('65')
    const newest = dialog.getByRole('table', { name: 'Loyalty history' }).getByRole('row').nth(1)
    const cells = await newest.getByRole('cell').allTextContents()
    expect(cells.slice(1, 6)).toEqual(['+25', '65', 'Birthday bonus', 'Olivia Owner', manager.user.displayName])
    expect(await balance()).toBe(65)
  })

  it('refuses to remove more points than the balance, saying so next to Points', async () => {
    await adjust('Remove', '100', 'Returned goods', manager.pin)
    expect(await fieldMessage(page, 'loyalty-points')).toContain('65')
    expect(await balance()).toBe(65)
    await expect.poll(() => dialog.getByTestId('loyalty-balance').textContent()).toBe('65')
  })

  it('shows the earned entry with its receipt in the history', async () => {
    const earned = dialog.getByRole('table', { name: 'Loyalty history' }).getByRole('row').filter({ hasText: '+40' })
    await expect(earned.getByRole('link').textContent()).resolves.toMatch(/-000001$/)
  })
  it('shows the same points from the customer table, and the history tabs on the customer page', async () => {
    await dialog.getByRole('button', { name: 'Close' }).click()
    await customerAction(page, 'Linus Pauling', 'Loyalty')
    expect(await customerRow(page, 'Linus Pauling').textContent()).toContain('Birthday bonus')
    await expect.poll(() => dialog.getByTestId('loyalty-balance').textContent()).toBe('65')
    await dialog.getByRole('button', { name: 'Close' }).click()

    await rowAction(page, 'Linus Pauling', 'View details')
    await page.getByRole('tab', { name: 'Loyalty history' }).click()
    const ledger = page.getByRole('table', { name: 'Loyalty history' })
    // A header row, the adjustment and the earned points.
    await expect.poll(() => ledger.getByRole('row').count()).toBe(3)
    await page.getByRole('tab', { name: 'Sales history' }).click()
    const sales = page.getByRole('table', { name: 'Transaction history' })
    await sales.getByRole('row').filter({ hasText: '$40.00' }).waitFor()
  })
  it('says so when the customer is not in the loyalty programme, and offers only to remove points', async () => {
    const walkIn = await addCustomer(desk.app, { firstName: 'Wanda', lastName: 'Walker', loyaltyEnrolled: false })
    await customerAction(page, 'Wanda Walker', 'Loyalty')
    dialog = page.getByRole('dialog', { name: 'Loyalty — Wanda Walker' })
    await expectText(page, 'Wanda Walker is not in the loyalty programme: points can be removed, not added.')
    await expect(dialog.getByRole('radio', { name: 'Add points' }).isDisabled()).resolves.toBe(true)
    await expect(dialog.getByRole('radio', { name: 'Remove points' }).isChecked()).resolves.toBe(true)
    // Focus, which opens on the first field, is on the choice there is (never lost to the page).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('loyalty-remove')
    await expect(dialog.getByRole('group', { name: 'Change' }).getAttribute('aria-describedby')).resolves.toBe('loyalty-not-enrolled')
    await expectAccessible(page, 'the loyalty dialog of a customer out of the programme', dialog)
    expect((await desk.app.core.ok('loyalty:history', { customerId: walkIn.id })).rows).toEqual([])
    await dialog.getByRole('button', { name: 'Close' }).click()
  })

  it('removes the points a customer taken out of the programme kept, showing the balance', async () => {
    // Linus (65 points) leaves the programme: his page says the points are still there.
    await desk.app.core.ok('customers:update', { id: linus.id, firstName: 'Linus', lastName: 'Pauling', storeIds: linus.storeIds, loyaltyEnrolled: false })
    await page.goto(`${desk.app.host.origin}/#/customers/${linus.id}`)
    await expectText(page, 'Not enrolled · 65 points kept')
    await customerAction(page, 'Linus Pauling', 'Loyalty')
    dialog = page.getByRole('dialog', { name: 'Loyalty — Linus Pauling' })
    await expect.poll(() => dialog.getByTestId('loyalty-balance').textContent()).toBe('65')
    await expect(dialog.getByRole('radio', { name: 'Add points' }).isDisabled()).resolves.toBe(true)
    await adjust('Remove', '65', 'Left the programme', manager.pin)
    await expectToast(page, 'Points removed')
    await expect.poll(() => dialog.getByTestId('loyalty-balance').textContent()).toBe('0')
    await expectText(page, 'Last change: Left the programme')
    // The form is ready for another removal, still without Add.
    await expect(dialog.getByRole('radio', { name: 'Remove points' }).isChecked()).resolves.toBe(true)
    expect(await balance()).toBe(0)
    await expectAccessible(page, 'the loyalty dialog after removing the points kept', dialog)
  })

  it('names a flagged customer in red with the flag in the Loyalty and Feedback dialogs’ titles', async () => {
    const reason = 'Banned: returns stolen goods'
    const flagged = await addLoyalCustomer(desk.app, { firstName: 'Frank', lastName: 'Abagnale' })
    await desk.app.core.ok('customers:setFlag', { id: flagged.id, flagged: true, reason })
    const look = { color: FLAG_RED, flag: true, title: `Flagged: ${reason}` }
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })

    // From the customer table.
    await customerAction(page, 'Frank Abagnale', 'Loyalty')
    dialog = page.getByRole('dialog', { name: `Loyalty — Frank Abagnale (flagged: ${reason})` })
    await dialog.waitFor()
    expect(await nameLook(dialog.locator('.p-dialog-title .customer-name'))).toEqual(look)
    await expectAccessible(page, 'the loyalty dialog of a flagged customer', dialog)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })

    // From the metrics page, as are both dialogs there.
    await openMetrics(page, 'Frank Abagnale')
    await page.getByRole('button', { name: 'Loyalty' }).click()
    await dialog.waitFor()
    expect(await nameLook(dialog.locator('.p-dialog-title .customer-name'))).toEqual(look)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Record feedback' }).click()
    const feedback = page.getByRole('dialog', { name: `Feedback from Frank Abagnale (flagged: ${reason})` })
    await feedback.waitFor()
    expect(await nameLook(feedback.locator('.p-dialog-title .customer-name'))).toEqual(look)
    await expectAccessible(page, 'the feedback dialog of a flagged customer', feedback)
    await feedback.getByRole('button', { name: 'Cancel' }).click()
  })
})
